// The work the writer does for each booking request, inside the group's transaction, all or
// nothing (writer.hpp, WriteJob): book, cancel, reschedule. Each returns the answer to send
// once the transaction has committed.
#pragma once

#include <mawid/booking.hpp>
#include <mawid/catalog.hpp>
#include <mawid/codec.hpp>

#include <optional>
#include <string>

#include <mawid/messages.hpp>

#include "http/http_types.hpp"
#include "storage/store.hpp"

namespace mawid::server {

// Who asks, when citizens must be verified: the phone their session verified and the CPR
// of their national identity ("" when none). A booking is theirs when its phone is that
// phone or its CPR that CPR. Not `verified`: anyone holding the code and CPR, as before.
struct Asker {
    bool verified = false;
    std::string phone;
    std::string cpr;
    std::string session;  // the session's hash: its refusals are counted
};

// The limits per person that hold for verified citizens (docs/api.md).
struct PersonLimits {
    int max_active = 3;         // active bookings per CPR, across services
    int max_cprs_per_phone = 5; // different CPRs one phone books for (a family)
};

// A booking request already checked against the catalogue by the HTTP thread.
struct BookWork {
    BookingRequest request;
    std::optional<Error> validation_error;  // answered unless the key replays a response
    int capacity = 0;
    int offset_minutes = kDefaultUtcOffsetMinutes;
    bool one_active = true;
    std::string idempotency_key;  // scoped (idempotency_scope), empty without the header
    std::string hash;
    UnixSeconds now = 0;
    std::string handled_by;  // the member of staff booking on the citizen's behalf, or ""
    bool by_service_account = false;  // handled_by is a service account's audit_name
    Asker asker;             // verified: the limits below hold and no answer is an oracle
    PersonLimits limits;
};

// Queues a message about `booking` to its citizen in the current transaction: sent if and
// only if the change commits (messages/sender.hpp).
void tell_citizen(WriteStore& store, const Booking& booking, MessageKind kind, UnixSeconds now);

// Hash of a request body's canonical JSON (keys sorted, no spacing), for Idempotency-Key.
std::string body_hash(const Json& body);

// The booking found by code if `cpr` owns it (a verified asker may send "") and (when
// verified) it is the asker's; not_found
// when there is none or it is another's (say nothing more), booking_erased when its
// personal data is gone.
Result<StoredBooking> owned(std::optional<StoredBooking> found, const std::string& cpr,
                            const Asker& asker);

// bad_request when an Idempotency-Key header is there but not 1 to 255 characters.
Status check_idempotency_key(const HttpRequest& request);

// What an Idempotency-Key is stored under: a hash of the endpoint (the request's path), the
// client it belongs to (the CPR booked for, the member of staff) and the key itself, so the
// same key from another client or on another endpoint is a new request that learns nothing.
// Empty without the header; bad_request when the key is not 1 to 255 characters.
Result<std::string> idempotency_scope(const HttpRequest& request, std::string_view client);

// The answer stored with an Idempotency-Key seen before, or 422 idempotency_mismatch when
// it came with another body; nullopt for an empty or new key.
std::optional<HttpResponse> idempotent_replay(WriteStore& store, const std::string& key,
                                              const std::string& hash);

// Claims a new Idempotency-Key for this request (nullopt: go on, and store the answer with
// settle_idempotency), or gives what idempotent_replay gives for one claimed before, on
// this server or, once its transaction has committed, on another.
std::optional<HttpResponse> claim_or_replay(WriteStore& store, const std::string& key,
                                            const std::string& hash, UnixSeconds now);

// Replays or refuses a repeated Idempotency-Key; otherwise takes the seat (one conditional
// statement) and inserts the booking, and stores the answer with the key.
HttpResponse run_book(WriteStore& store, const BookWork& work);

// The rules and seat changes of a cancellation / reschedule, for a booking already found and
// allowed (by CPR for citizens, by centre for staff). Run inside the request's savepoint.
HttpResponse cancel_booking(WriteStore& store, StoredBooking found, UnixSeconds now);
HttpResponse reschedule_booking(WriteStore& store, StoredBooking found, UnixSeconds new_start,
                                const Catalog& catalog, UnixSeconds now);

// Cancels the booking with this code if the CPR owns it and it is still booked.
HttpResponse run_cancel(WriteStore& store, const std::string& code, const std::string& cpr,
                        const Asker& asker, UnixSeconds now);

// Moves the booking to `new_start`: the new seat is taken before the old one is freed, all
// inside the request's savepoint, so either both happen or neither does.
HttpResponse run_reschedule(WriteStore& store, const std::string& code, const std::string& cpr,
                            const Asker& asker, UnixSeconds new_start, const Catalog& catalog,
                            UnixSeconds now);

}  // namespace mawid::server
