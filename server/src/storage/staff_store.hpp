// The staff tables: users, sessions, walk-in tickets; and the reads of bookings by centre
// and day that the counter, the stranded list and the reports need. Plain functions over a
// Connection, so the writer (inside its transaction) and the readers share them.
#pragma once

#include <mawid/booking.hpp>
#include <mawid/paging.hpp>
#include <mawid/staff.hpp>
#include <mawid/staff_codec.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace mawid::server {

struct UserRecord {
    StaffMember member;
    std::string password_hash;
    bool disabled = false;
    bool must_change_password = false;
};

// A session with its user as the users table says now: a disabled account, a changed role
// or a password to change take effect on the very next request.
struct SessionRecord {
    StaffMember member;
    UnixSeconds created_at = 0;
    UnixSeconds last_seen = 0;
    bool disabled = false;
    bool must_change_password = false;
};

// A booking of the day with the member of staff who last handled it ("" for nobody).
struct HandledBooking {
    Booking booking;
    std::string handled_by;
};

struct StoredWalkIn {
    std::int64_t id = 0;
    std::string centre;
    std::string day;  // YYYY-MM-DD at the centre
    WalkIn walk_in;
};

// --- Users and sessions ---------------------------------------------------------------------

std::optional<UserRecord> find_user(Connection& db, const std::string& username);
// False (and nothing written) when the user name is taken. Stores must_change_password too;
// an account is never created disabled.
bool insert_user(Connection& db, const UserRecord& user, UnixSeconds now);
std::int64_t count_users(Connection& db);
// Up to `limit` accounts by name, those after `after` ("": from the first); no password hashes.
std::vector<StaffAccount> list_users(Connection& db, const std::string& after, int limit);
// Writes the account's role, centre and both flags (the user name picks the row).
void update_account(Connection& db, const StaffAccount& account);
// Enabled admins other than `except`.
std::int64_t count_other_enabled_admins(Connection& db, const std::string& except);
// Sets the hash and whether it must be changed at next sign-in (an admin's reset: true; the
// member's own change: false). False when there is no such user.
bool set_password_hash(Connection& db, const std::string& username, const std::string& hash,
                       bool must_change_password);
// Ends every session of the user except the one with hash `keep` (empty: all of them).
void delete_sessions_of(Connection& db, const std::string& username, const std::string& keep);

// Sessions are keyed by the hash of their token; the token itself is never stored.
void insert_session(Connection& db, const std::string& hash, const std::string& username,
                    UnixSeconds now);
std::optional<SessionRecord> find_session(Connection& db, const std::string& hash);
void touch_session(Connection& db, const std::string& hash, UnixSeconds now);
void delete_session(Connection& db, const std::string& hash);
// Removes sessions idle since before `idle_before` or created before `created_before`.
void delete_expired_sessions(Connection& db, UnixSeconds idle_before, UnixSeconds created_before);

// --- Bookings -------------------------------------------------------------------------------

// The centre's bookings starting in [from, to), by start, then service, then creation.
std::vector<Booking> bookings_between(Connection& db, const std::string& centre, UnixSeconds from,
                                      UnixSeconds to);
// A page of the day view: up to `limit` of the centre's bookings starting in [from, to) that
// come after `after` in the list's order (start, service, code), with who last handled each.
std::vector<HandledBooking> handled_bookings_page(Connection& db, const std::string& centre,
                                                  UnixSeconds from, UnixSeconds to,
                                                  const BookingCursor& after, int limit);
// How many of the centre's bookings starting in [from, to) are in each status (by name;
// statuses with none are absent).
std::map<std::string, int> count_bookings_by_status(Connection& db, const std::string& centre,
                                                    UnixSeconds from, UnixSeconds to);
// Records the member of staff who acted on the booking at the counter.
void set_handled_by(Connection& db, const std::string& code, const std::string& username);
// The centre's bookings starting at or after `from`, in the order they were made.
std::vector<Booking> bookings_in_creation_order(Connection& db, const std::string& centre,
                                                UnixSeconds from);
// Keeps the occupancy table equal to the bookings holding a seat when a counter action
// changes that: +1 or -1 seat in the slot, with no capacity check (the person is there).
void adjust_occupancy(Connection& db, const Booking& booking, int delta);

// --- Walk-ins -------------------------------------------------------------------------------

// Numbers the ticket per centre, day and kind (priority or not), from 1.
StoredWalkIn insert_walk_in(Connection& db, const std::string& centre, const std::string& day,
                            const std::string& service, bool priority, UnixSeconds now);
std::optional<StoredWalkIn> find_walk_in(Connection& db, std::int64_t id);
void mark_walk_in_served(Connection& db, std::int64_t id, UnixSeconds now);
// The centre's walk-ins of one day, in the order they were issued.
std::vector<StoredWalkIn> walk_ins_on(Connection& db, const std::string& centre,
                                      const std::string& day);
// Walk-ins per service issued on days [from, to] (YYYY-MM-DD, compared as text).
std::map<std::string, int> walk_ins_by_service(Connection& db, const std::string& centre,
                                               const std::string& from, const std::string& to);

}  // namespace mawid::server
