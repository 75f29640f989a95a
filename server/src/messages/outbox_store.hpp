// The outbox table: messages waiting to be sent, and what happened to each. Plain functions
// over a Connection: the writer enqueues inside the change's own transaction, the sender
// reads due rows on its own read-only connection and records outcomes through the writer.
#pragma once

#include <mawid/civil_time.hpp>
#include <mawid/messages.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace mawid::server {

struct OutboxMessage {
    std::int64_t id = 0;
    std::string channel = "sms";  // or "email"
    std::string recipient;  // E.164 for SMS, an address for e-mail
    std::string booking;    // the code the message is about
    std::int64_t ticket = 0;  // or the walk-in ticket (walk_ins.id)
    std::string secret;       // a one-time code: kept only until the message is settled
    std::string lang;         // the language of a message about no booking (a code)
    MessageKind kind = MessageKind::confirmation;
    UnixSeconds due_at = 0;
    UnixSeconds created_at = 0;
    int attempts = 0;
};

// Appends a pending message inside the caller's transaction.
void enqueue_message(Connection& db, const OutboxMessage& message, UnixSeconds now);

// Queues the reminders that are due at `now`: 18:00 centre time the evening before, and two
// hours before, for bookings still booked, by SMS and (when the booking has an address) by
// e-mail. A booking made after a reminder's moment gets none (its confirmation just told
// it), and none gets one twice on a channel. Returns how many.
int enqueue_due_reminders(Connection& db, UnixSeconds now);

// Forgets a booking's reminders (when it moves, so the new time is reminded afresh).
void forget_reminders(Connection& db, const std::string& booking);

// What a booking's citizen was told of a closure since they were last told it was taken
// back: the channels on which a notice went, or may be going (claimed by a sender), and
// when the last of those attempts in flight ends (its claim's lease; `now` if none).
struct ClosureTold {
    std::vector<std::string> channels;
    UnixSeconds settled_by = 0;
};

// The closure was taken back: every closure notice of `booking` not yet sent is dropped
// (settled, never sent or retried, even one a sender holds), and what had gone, or may
// be going, is returned, so the citizen hears that the booking goes ahead on those
// channels, after any attempt in flight.
ClosureTold take_back_closure_notices(Connection& db, const std::string& booking,
                                      UnixSeconds now);

// The booking is stranded again: a "goes ahead after all" not yet taken by a sender is
// dropped, so it cannot follow the new closure notice.
void drop_unsent_reopened(Connection& db, const std::string& booking, UnixSeconds now);

// Up to `limit` pending messages due at or before `now`: one-time codes first (a citizen
// waits for one with the app open, even while a storm's confirmations queue), then the
// oldest due first.
std::vector<OutboxMessage> due_messages(Connection& db, UnixSeconds now, int limit);

// Claims the messages among `due` (read by due_messages) that are still pending, due at
// `now` and not claimed, for this server's sender until `lease_until`: a sender on another
// server passes them by (on PostgreSQL it skips rows being claimed, FOR UPDATE SKIP LOCKED),
// and if this server dies before recording an attempt they are sent by another then.
// Returns the messages claimed, in the order given.
std::vector<OutboxMessage> claim_messages(Connection& db, std::vector<OutboxMessage> due,
                                          UnixSeconds now, UnixSeconds lease_until);

// Ends every claim: for a server that is the only one on its database (SQLite), at start,
// when any claim is a dead process's.
void release_claims(Connection& db);

// What one delivery attempt came to.
struct DeliveryOutcome {
    enum class Result { accepted, retry, permanent } result = Result::accepted;
    std::string error;  // why not, for the operator (never the text or the number)
};

// Records an attempt on `message`: sent, due again at `retry_at`, or failed for good once
// its attempts reach `max_attempts`; and its booking's delivery on that channel.
void record_attempt(Connection& db, const OutboxMessage& message, const DeliveryOutcome& outcome,
                    UnixSeconds now, UnixSeconds retry_at, int max_attempts);

// --- What staff see (docs/messages.md, "What staff see") -------------------------------------

// The stored deliveries (parse_deliveries) of `centre`'s bookings starting in [from, to),
// by booking code.
std::map<std::string, std::string> booking_deliveries(Connection& db, const std::string& centre,
                                                      UnixSeconds from, UnixSeconds to);

// The outbox's figures at `now`, for admins: counts only, no recipient, text or booking.
struct OutboxFigures {
    int due = 0;                     // pending and due_at <= now
    int retrying = 0;                // pending after at least one attempt
    int failed_last_hour = 0;        // failed for good after now - 3600
    int sent_last_hour = 0;          // taken by the channel after now - 3600
    std::int64_t oldest_due_seconds = 0;  // now - the oldest due message's due_at; 0 when none
};
OutboxFigures outbox_figures(Connection& db, UnixSeconds now);

}  // namespace mawid::server
