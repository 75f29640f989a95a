// The citizens' own tables: one-time codes sent to verify a phone, and the sessions that a
// verified phone (or a national identity) opens. Plain functions over a Connection; writes
// run in the writer.
#pragma once

#include <mawid/booking.hpp>
#include <mawid/civil_time.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace mawid::server {

struct VerificationRecord {
    std::int64_t id = 0;
    std::string code_hash;  // salt (16 bytes) and BLAKE2b of salt, phone and code (32 bytes)
    UnixSeconds created_at = 0;
    UnixSeconds expires_at = 0;
    int tries = 0;
    bool spent = false;
};

// Stores a code's hash for `phone`; returns the row id.
std::int64_t insert_verification(Connection& db, const std::string& phone,
                                 const std::string& code_hash, UnixSeconds now,
                                 UnixSeconds expires_at);
// The newest code sent to `phone`, if any.
std::optional<VerificationRecord> latest_verification(Connection& db, const std::string& phone);
// Codes sent to `phone` since `since`, oldest first (their times only).
std::vector<UnixSeconds> verifications_since(Connection& db, const std::string& phone,
                                             UnixSeconds since);
// Counts a wrong try; the code is spent once `max_tries` are used.
void count_verification_try(Connection& db, std::int64_t id, int max_tries);
void spend_verification(Connection& db, std::int64_t id);
// Deletes codes sent before `before` (they name a phone); returns how many.
int forget_verifications(Connection& db, UnixSeconds before);

struct CitizenSession {
    std::string phone;  // E.164 of the verified phone; "" for a national identity without one
    std::string cpr;    // from the national identity; "" for a phone session
    UnixSeconds created_at = 0;
    UnixSeconds last_seen = 0;
    int refusals = 0;   // bookings refused for a CPR held from another phone
};

void insert_citizen_session(Connection& db, const std::string& hash, const CitizenSession& s);
std::optional<CitizenSession> find_citizen_session(Connection& db, const std::string& hash);
void touch_citizen_session(Connection& db, const std::string& hash, UnixSeconds now);
void count_citizen_refusal(Connection& db, const std::string& hash);
// Moves on each time this process ends a session or counts a refusal on one (when the
// change is made, and again once its transaction ended), so that sessions cached by HTTP
// threads (citizen/session_cache.hpp) are read again.
std::uint64_t citizen_sessions_generation();
void bump_citizen_sessions_generation();
// Called by the writer after each transaction: moves the generation on if it changed a
// session, so no thread keeps a copy it read before the change was committed.
void publish_citizen_session_changes();
void delete_citizen_session(Connection& db, const std::string& hash);
// Removes sessions idle since before `idle_before` or created before `created_before`;
// returns how many (each names a phone).
int delete_expired_citizen_sessions(Connection& db, UnixSeconds idle_before,
                                    UnixSeconds created_before);

// Before the per-person limits are read: on PostgreSQL, waits until no other server's
// transaction is booking for this phone or this CPR (advisory locks held to the end of the
// transaction), so two servers cannot both count one booking under a limit. The phone may
// be "" (a national identity books for its own CPR). SQLite has one writer: nothing to do.
void take_turn_for_person(Connection& db, const std::string& phone, const std::string& cpr);

// What the per-person limits read: the phones of a CPR's active bookings, and for how many
// CPRs a phone holds active bookings.
std::vector<std::string> active_booking_phones(Connection& db, const std::string& cpr);
// The number of CPRs with active bookings made from `phone`, counted up to `at_most`.
int count_active_cprs(Connection& db, const std::string& phone, int at_most);

// The bookings of an identity's CPR, or (cpr "") of a phone, newest first, starting at or
// after `from`: "my bookings" on any device.
std::vector<Booking> bookings_of(Connection& db, const std::string& phone, const std::string& cpr,
                                 UnixSeconds from, int limit);

}  // namespace mawid::server
