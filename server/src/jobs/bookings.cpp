#include "jobs/bookings.hpp"

#include <sodium.h>
#include <sys/random.h>
#include <mawid/booking_code.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include "http/json_responses.hpp"
#include "http/answer_text.hpp"
#include "http/metrics.hpp"
#include "messages/outbox_store.hpp"
#include "storage/audit_store.hpp"
#include "storage/citizen_store.hpp"
#include "storage/staff_store.hpp"

namespace mawid::server {
namespace {

// Fills `bytes` from the kernel's CSPRNG, a page at a time (one syscall per ~250 codes).
void random_bytes(std::uint8_t* bytes, std::size_t count) {
    thread_local std::array<std::uint8_t, 4096> pool;
    thread_local std::size_t used = pool.size();
    for (std::size_t i = 0; i < count; ++i) {
        if (used == pool.size()) {
            std::size_t filled = 0;
            while (filled < pool.size()) {
                ssize_t n = getrandom(pool.data() + filled, pool.size() - filled, 0);
                if (n > 0) filled += static_cast<std::size_t>(n);
            }
            used = 0;
        }
        bytes[i] = pool[used];
        pool[used++] = 0;  // a byte handed out is not kept
    }
}

std::string new_booking_code() {
    for (;;) {
        CodeEntropy bytes{};
        random_bytes(bytes.data(), bytes.size());
        if (auto code = make_booking_code(bytes)) return *code;
    }
}

// A verified citizen's booking within the limits per person, and no oracle: a CPR with
// active bookings made from another phone is refused exactly as any CPR this phone may not
// book for (cpr_unavailable), and the refusal is counted on the session. A national
// identity books for its own CPR, so it may see its own bookings' traces.
std::optional<Error> beyond_limits(WriteStore& store, const BookWork& work) {
    const Asker& asker = work.asker;
    const std::string& cpr = work.request.cpr;
    Connection& db = store.connection();
    take_turn_for_person(db, asker.cpr.empty() ? asker.phone : std::string(), cpr);
    std::vector<std::string> phones = active_booking_phones(db, cpr);
    if (asker.cpr.empty()) {
        bool elsewhere = std::any_of(phones.begin(), phones.end(),
                                     [&](const std::string& p) { return p != asker.phone; });
        if (elsewhere) {
            count_citizen_refusal(db, asker.session);
            return make_error(ErrorCode::cpr_unavailable, "cpr");
        }
        // Every active booking of this CPR is this phone's: a CPR without any is new to it.
        const int most = work.limits.max_cprs_per_phone;
        if (phones.empty() && count_active_cprs(db, asker.phone, most) >= most) {
            return make_error(ErrorCode::phone_limit, "cpr");
        }
    }
    if (static_cast<int>(phones.size()) >= work.limits.max_active) {
        return make_error(ErrorCode::too_many_active, "cpr");
    }
    return std::nullopt;
}

// Runs inside the writer's transaction, which undoes everything if a statement throws
// (WriteJob::may_run_again). A refusal after the seat was taken gives the seat back itself.
HttpResponse take_seat_and_insert(WriteStore& store, const BookWork& work) {
    const BookingRequest& r = work.request;
    if (work.asker.verified) {
        if (auto refused = beyond_limits(store, work)) {
            count_booking(BookingOutcome::limited);
            return error_response(*refused);
        }
    }
    if (!store.take_seat(r.centre, r.service, r.start, work.capacity)) {
        count_booking(BookingOutcome::slot_full);
        return error_response(ErrorCode::slot_full);
    }
    StoredBooking stored;
    stored.booking = Booking{"",
                             r.centre,
                             r.service,
                             r.start,
                             work.offset_minutes,
                             r.cpr,
                             r.phone,
                             r.lang,
                             BookingStatus::booked,
                             r.email};
    stored.one_active = work.one_active;
    for (;;) {
        stored.booking.code = new_booking_code();
        auto result = store.insert_booking(stored, work.now);
        if (result == WriteStore::InsertResult::already_booked) {
            store.release_seat(r.centre, r.service, r.start);
            count_booking(BookingOutcome::already_booked);
            return error_response(ErrorCode::already_booked);
        }
        if (result == WriteStore::InsertResult::inserted) break;
        // code_taken: a collision in 31^8 codes; draw again.
    }
    if (!work.handled_by.empty()) {
        // The same member handled the booking and is named in the trail; the detail is the
        // time booked, the citizen's CPR and phone never enter the trail.
        set_handled_by(store.connection(), stored.booking.code, work.handled_by);
        record_audit(store.connection(),
                     AuditEntry{work.now, work.handled_by, r.centre,
                                work.by_service_account ? "api_booking_made" : "booking_made",
                                stored.booking.code, format_rfc3339(r.start, work.offset_minutes)});
    }
    tell_citizen(store, stored.booking, MessageKind::confirmation, work.now);
    // Counted before COMMIT: a failed transaction shows as a 500 in the request metrics, and
    // a batch run again after a failed statement (WriteJob::may_run_again) counts twice
    // (docs/operations.md).
    count_booking(BookingOutcome::booked);
    HttpResponse created;
    created.status = 201;
    created.body = booking_text(stored.booking);  // no JSON tree: the writer's time is the limit
    return created;
}

}  // namespace

void tell_citizen(WriteStore& store, const Booking& booking, MessageKind kind, UnixSeconds now) {
    OutboxMessage message;
    message.recipient = booking.phone;  // stored normalised, in E.164
    message.booking = booking.code;
    message.kind = kind;
    message.due_at = now;
    enqueue_message(store.connection(), message, now);
    if (booking.email.empty()) return;
    message.channel = "email";
    message.recipient = booking.email;
    enqueue_message(store.connection(), message, now);
}

// Compares idempotent requests by a hash of their canonical JSON (keys sorted).
std::string body_hash(const Json& body) {
    std::string canonical = to_text(body);
    std::string hash(crypto_generichash_BYTES, '\0');
    crypto_generichash(reinterpret_cast<unsigned char*>(hash.data()), hash.size(),
                       reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size(),
                       nullptr, 0);
    return hash;
}

constexpr std::size_t kMaxIdempotencyKey = 255;

Result<StoredBooking> owned(std::optional<StoredBooking> found, const std::string& cpr,
                            const Asker& asker) {
    // An erased booking has no CPR to compare: whoever holds its code learns only that it
    // is past and erased.
    if (found && found->erased) return make_error(ErrorCode::booking_erased);
    // A verified asker may leave the CPR out: the session says whose the booking is.
    const bool cpr_ok = found && (found->booking.cpr == cpr || (asker.verified && cpr.empty()));
    if (!cpr_ok) return make_error(ErrorCode::not_found);
    const Booking& b = found->booking;
    const bool theirs = (!asker.phone.empty() && b.phone == asker.phone) ||
                        (!asker.cpr.empty() && b.cpr == asker.cpr);
    if (asker.verified && !theirs) return make_error(ErrorCode::not_found);
    return std::move(*found);
}

Status check_idempotency_key(const HttpRequest& request) {
    if (!request.has_idempotency_key) return Ok{};
    if (request.idempotency_key.empty() || request.idempotency_key.size() > kMaxIdempotencyKey) {
        return make_error(ErrorCode::bad_request, "Idempotency-Key",
                          "An Idempotency-Key is 1 to 255 characters.");
    }
    return Ok{};
}

Result<std::string> idempotency_scope(const HttpRequest& request, std::string_view client) {
    if (auto checked = check_idempotency_key(request); !checked) return checked.error();
    if (!request.has_idempotency_key) return std::string();
    std::string_view path = request.target.substr(0, request.target.find('?'));
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, crypto_generichash_BYTES);
    for (std::string_view part : {path, client, request.idempotency_key}) {
        // Each part with its length first, so no two different triples hash alike.
        std::uint64_t size = part.size();
        crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(&size),
                                  sizeof size);
        crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(part.data()),
                                  part.size());
    }
    unsigned char digest[crypto_generichash_BYTES];
    crypto_generichash_final(&state, digest, sizeof digest);
    char hex[2 * sizeof digest + 1];
    return std::string(sodium_bin2hex(hex, sizeof hex, digest, sizeof digest));
}

std::optional<HttpResponse> idempotent_replay(WriteStore& store, const std::string& key,
                                              const std::string& hash) {
    if (key.empty()) return std::nullopt;
    auto seen = store.find_idempotency(key);
    if (!seen) return std::nullopt;
    if (seen->body_hash != hash) {
        return error_response(ErrorCode::idempotency_mismatch, "Idempotency-Key");
    }
    HttpResponse replay;
    replay.status = seen->status;
    replay.body = seen->response;
    replay.headers.emplace_back("Idempotent-Replayed", "true");
    return replay;
}

std::optional<HttpResponse> claim_or_replay(WriteStore& store, const std::string& key,
                                            const std::string& hash, UnixSeconds now) {
    if (key.empty() || store.claim_idempotency(key, hash, now)) return std::nullopt;
    return idempotent_replay(store, key, hash);
}

HttpResponse run_book(WriteStore& store, const BookWork& work) {
    if (work.validation_error) {
        // Nothing is claimed for a request that books nothing; a key seen before still
        // replays (or refuses another body).
        if (auto replay = idempotent_replay(store, work.idempotency_key, work.hash)) {
            count_booking(BookingOutcome::replayed);
            return *replay;
        }
        count_booking(BookingOutcome::invalid);
        return booking_error_response(*work.validation_error);
    }
    if (auto replay = claim_or_replay(store, work.idempotency_key, work.hash, work.now)) {
        count_booking(BookingOutcome::replayed);
        return *replay;
    }
    HttpResponse response = take_seat_and_insert(store, work);
    if (!work.idempotency_key.empty()) {
        store.settle_idempotency(work.idempotency_key, response.status, response.body);
    }
    return response;
}

HttpResponse cancel_booking(WriteStore& store, StoredBooking found, UnixSeconds now) {
    Booking& booking = found.booking;
    if (auto allowed = check_cancel(booking); !allowed) return error_response(allowed.error());
    store.set_status(booking.code, BookingStatus::cancelled, now);
    store.release_seat(booking.centre, booking.service, booking.start);
    booking.status = BookingStatus::cancelled;
    tell_citizen(store, booking, MessageKind::cancellation, now);
    return json_response(200, booking_to_json(booking));
}

HttpResponse reschedule_booking(WriteStore& store, StoredBooking found, UnixSeconds new_start,
                                const Catalog& catalog, UnixSeconds now) {
    Booking& booking = found.booking;
    auto slot = check_reschedule(catalog, booking, new_start, now);
    if (!slot) return error_response(slot.error());
    if (!store.take_seat(booking.centre, booking.service, new_start, slot->capacity)) {
        return error_response(ErrorCode::slot_full);  // nothing was changed
    }
    store.release_seat(booking.centre, booking.service, booking.start);
    store.move_booking(booking.code, new_start, now);
    booking.start = new_start;
    forget_reminders(store.connection(), booking.code);
    tell_citizen(store, booking, MessageKind::move, now);
    return json_response(200, booking_to_json(booking));
}

HttpResponse run_cancel(WriteStore& store, const std::string& code, const std::string& cpr,
                        const Asker& asker, UnixSeconds now) {
    auto found = owned(store.find_booking(code), cpr, asker);
    if (!found) return error_response(found.error());
    return cancel_booking(store, std::move(*found), now);
}

HttpResponse run_reschedule(WriteStore& store, const std::string& code, const std::string& cpr,
                            const Asker& asker, UnixSeconds new_start, const Catalog& catalog,
                            UnixSeconds now) {
    auto found = owned(store.find_booking(code), cpr, asker);
    if (!found) return error_response(found.error());
    return reschedule_booking(store, std::move(*found), new_start, catalog, now);
}

}  // namespace mawid::server
