#include "storage/staff_store.hpp"

#include <algorithm>
#include <string_view>

#include "storage/store.hpp"

namespace mawid::server {

namespace {

std::vector<Booking> read_bookings(Statement& statement) {
    std::vector<Booking> bookings;
    while (statement.step()) bookings.push_back(read_booking_columns(statement).booking);
    return bookings;
}

StaffMember read_member(Statement& row, int first) {
    StaffMember member;
    member.username = row.column_text(first);
    member.role = parse_role(row.column_text(first + 1)).value_or(Role::staff);
    member.centre = row.column_text(first + 2);
    return member;
}

// The index of the first column selected after kBookingColumns: one more than its commas.
constexpr int kAfterBookingColumns = [] {
    const std::string_view columns = kBookingColumns;
    return static_cast<int>(std::count(columns.begin(), columns.end(), ',')) + 1;
}();

constexpr const char* kWalkInColumns =
    "id, centre, day, priority, number, service, issued_at, served_at IS NOT NULL";

StoredWalkIn read_walk_in(Statement& row) {
    StoredWalkIn stored;
    stored.id = row.column_int(0);
    stored.centre = row.column_text(1);
    stored.day = row.column_text(2);
    stored.walk_in.priority = row.column_int(3) != 0;
    stored.walk_in.number = static_cast<int>(row.column_int(4));
    stored.walk_in.service = row.column_text(5);
    stored.walk_in.issued_at = row.column_int(6);
    stored.walk_in.served = row.column_int(7) != 0;
    return stored;
}

}  // namespace

// --- Users and sessions ---------------------------------------------------------------------

std::optional<UserRecord> find_user(Connection& db, const std::string& username) {
    StatementUse use(
        db.cached("SELECT username, role, coalesce(centre, ''), password_hash, disabled, "
                  "must_change_password FROM users WHERE username = ?"));
    Statement& s = *use;
    s.bind(1, username);
    if (!s.step()) return std::nullopt;
    return UserRecord{read_member(s, 0), s.column_text(3), s.column_int(4) != 0,
                      s.column_int(5) != 0};
}

bool insert_user(Connection& db, const UserRecord& user, UnixSeconds now) {
    StatementUse use(
        db.cached("INSERT INTO users (username, role, centre, password_hash, created_at, "
                  "must_change_password) VALUES (?, ?, nullif(?, ''), ?, ?, ?) "
                  "ON CONFLICT (username) DO NOTHING"));
    Statement& s = *use;
    s.bind(1, user.member.username)
        .bind(2, role_name(user.member.role))
        .bind(3, user.member.centre)
        .bind(4, user.password_hash)
        .bind(5, static_cast<std::int64_t>(now))
        .bind(6, user.must_change_password ? 1 : 0);
    s.run();
    return db.changes() == 1;
}

std::int64_t count_users(Connection& db) {
    StatementUse use(db.cached("SELECT count(*) FROM users"));
    Statement& s = *use;
    return s.step() ? s.column_int(0) : 0;
}

std::vector<StaffAccount> list_users(Connection& db, const std::string& after, int limit) {
    Statement s = db.prepare(
        "SELECT username, role, coalesce(centre, ''), disabled, must_change_password FROM users "
        "WHERE username > ? ORDER BY username LIMIT ?");
    s.bind(1, after).bind(2, static_cast<std::int64_t>(limit));
    std::vector<StaffAccount> users;
    while (s.step()) {
        users.push_back({read_member(s, 0), s.column_int(3) != 0, s.column_int(4) != 0});
    }
    return users;
}

void update_account(Connection& db, const StaffAccount& account) {
    Statement s = db.prepare(
        "UPDATE users SET role = ?, centre = nullif(?, ''), disabled = ?, "
        "must_change_password = ? WHERE username = ?");
    s.bind(1, role_name(account.member.role))
        .bind(2, account.member.centre)
        .bind(3, account.disabled ? 1 : 0)
        .bind(4, account.must_change_password ? 1 : 0)
        .bind(5, account.member.username);
    s.run();
}

std::int64_t count_other_enabled_admins(Connection& db, const std::string& except) {
    Statement s = db.prepare(
        "SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0 AND username <> ?");
    s.bind(1, except);
    return s.step() ? s.column_int(0) : 0;
}

bool set_password_hash(Connection& db, const std::string& username, const std::string& hash,
                       bool must_change_password) {
    StatementUse use(db.cached(
        "UPDATE users SET password_hash = ?, must_change_password = ? WHERE username = ?"));
    Statement& s = *use;
    s.bind(1, hash).bind(2, must_change_password ? 1 : 0).bind(3, username);
    s.run();
    return db.changes() == 1;
}

void delete_sessions_of(Connection& db, const std::string& username, const std::string& keep) {
    StatementUse use(db.cached(
        "DELETE FROM sessions WHERE username = ? AND token_hash IS DISTINCT FROM ?"));
    Statement& s = *use;
    s.bind(1, username).bind_blob(2, keep.data(), static_cast<int>(keep.size()));
    s.run();
}

void insert_session(Connection& db, const std::string& hash, const std::string& username,
                    UnixSeconds now) {
    StatementUse use(db.cached(
        "INSERT INTO sessions (token_hash, username, created_at, last_seen) VALUES (?, ?, ?, ?)"));
    Statement& s = *use;
    s.bind_blob(1, hash.data(), static_cast<int>(hash.size()))
        .bind(2, username)
        .bind(3, static_cast<std::int64_t>(now))
        .bind(4, static_cast<std::int64_t>(now));
    s.run();
}

std::optional<SessionRecord> find_session(Connection& db, const std::string& hash) {
    StatementUse use(db.cached(
        "SELECT u.username, u.role, coalesce(u.centre, ''), s.created_at, s.last_seen, "
        "u.disabled, u.must_change_password "
        "FROM sessions s JOIN users u ON u.username = s.username WHERE s.token_hash = ?"));
    Statement& s = *use;
    s.bind_blob(1, hash.data(), static_cast<int>(hash.size()));
    if (!s.step()) return std::nullopt;
    return SessionRecord{read_member(s, 0), s.column_int(3), s.column_int(4), s.column_int(5) != 0,
                         s.column_int(6) != 0};
}

void touch_session(Connection& db, const std::string& hash, UnixSeconds now) {
    // Never backwards (a request that started earlier may finish later).
    Statement s = db.prepare(
        "UPDATE sessions SET last_seen = ?1 WHERE token_hash = ?2 AND last_seen < ?1");
    s.bind(1, static_cast<std::int64_t>(now))
        .bind_blob(2, hash.data(), static_cast<int>(hash.size()));
    s.run();
}

void delete_session(Connection& db, const std::string& hash) {
    StatementUse use(db.cached("DELETE FROM sessions WHERE token_hash = ?"));
    Statement& s = *use;
    s.bind_blob(1, hash.data(), static_cast<int>(hash.size()));
    s.run();
}

void delete_expired_sessions(Connection& db, UnixSeconds idle_before, UnixSeconds created_before) {
    StatementUse use(db.cached("DELETE FROM sessions WHERE last_seen < ? OR created_at < ?"));
    Statement& s = *use;
    s.bind(1, static_cast<std::int64_t>(idle_before))
        .bind(2, static_cast<std::int64_t>(created_before));
    s.run();
}

// --- Bookings -------------------------------------------------------------------------------

std::vector<Booking> bookings_between(Connection& db, const std::string& centre, UnixSeconds from,
                                      UnixSeconds to) {
    StatementUse use(db.cached((std::string("SELECT ") + kBookingColumns +
                                " FROM bookings WHERE centre = ? AND start >= ? AND start < ? "
                                "ORDER BY start, service, seq")));
    Statement& s = *use;
    s.bind(1, centre)
        .bind(2, static_cast<std::int64_t>(from))
        .bind(3, static_cast<std::int64_t>(to));
    return read_bookings(s);
}

std::vector<HandledBooking> handled_bookings_page(Connection& db, const std::string& centre,
                                                  UnixSeconds from, UnixSeconds to,
                                                  const BookingCursor& after, int limit) {
    // The row value comparison walks the (centre, start) index from the cursor on.
    StatementUse use(db.cached((std::string("SELECT ") + kBookingColumns +
                                ", coalesce(handled_by, '') FROM bookings "
                                "WHERE centre = ? AND start >= ? AND start < ? "
                                "AND (start, service, code) > (?, ?, ?) "
                                "ORDER BY start, service, code LIMIT ?")));
    Statement& s = *use;
    s.bind(1, centre)
        .bind(2, static_cast<std::int64_t>(from))
        .bind(3, static_cast<std::int64_t>(to))
        .bind(4, static_cast<std::int64_t>(after.start))
        .bind(5, after.service)
        .bind(6, after.code)
        .bind(7, static_cast<std::int64_t>(limit));
    std::vector<HandledBooking> bookings;
    while (s.step()) {
        bookings.push_back({read_booking_columns(s).booking, s.column_text(kAfterBookingColumns)});
    }
    return bookings;
}

std::map<std::string, int> count_bookings_by_status(Connection& db, const std::string& centre,
                                                    UnixSeconds from, UnixSeconds to) {
    StatementUse use(db.cached(
        "SELECT status, count(*) FROM bookings WHERE centre = ? AND start >= ? AND start < ? "
        "GROUP BY status"));
    Statement& s = *use;
    s.bind(1, centre)
        .bind(2, static_cast<std::int64_t>(from))
        .bind(3, static_cast<std::int64_t>(to));
    std::map<std::string, int> counts;
    while (s.step()) counts[s.column_text(0)] = static_cast<int>(s.column_int(1));
    return counts;
}

void set_handled_by(Connection& db, const std::string& code, const std::string& username) {
    StatementUse use(db.cached("UPDATE bookings SET handled_by = ? WHERE code = ?"));
    Statement& s = *use;
    s.bind(1, username).bind(2, code);
    s.run();
}

std::vector<Booking> bookings_in_creation_order(Connection& db, const std::string& centre,
                                                UnixSeconds from) {
    StatementUse use(
        db.cached((std::string("SELECT ") + kBookingColumns +
                   " FROM bookings WHERE centre = ? AND start >= ? ORDER BY seq, code")));
    Statement& s = *use;
    s.bind(1, centre).bind(2, static_cast<std::int64_t>(from));
    return read_bookings(s);
}

void adjust_occupancy(Connection& db, const Booking& booking, int delta) {
    if (delta == 0) return;
    StatementUse use(db.cached(
        "INSERT INTO occupancy (centre, service, start, taken) "
        "VALUES (?1, ?2, ?3, CASE WHEN ?4 > 0 THEN ?4 ELSE 0 END) "
        "ON CONFLICT (centre, service, start) DO UPDATE SET taken = "
        "CASE WHEN occupancy.taken + ?4 > 0 THEN occupancy.taken + ?4 ELSE 0 END"));
    Statement& s = *use;
    s.bind(1, booking.centre)
        .bind(2, booking.service)
        .bind(3, static_cast<std::int64_t>(booking.start))
        .bind(4, delta);
    s.run();
}

// --- Walk-ins -------------------------------------------------------------------------------

StoredWalkIn insert_walk_in(Connection& db, const std::string& centre, const std::string& day,
                            const std::string& service, bool priority, UnixSeconds now) {
    // Several servers may hand out numbers at one centre on one day: on PostgreSQL they
    // take turns on a lock of that centre's day until their transactions end, so two never
    // read the same highest number. (SQLite has one writer.)
    if (db.engine() == Engine::postgresql) {
        StatementUse lock(db.cached("SELECT pg_advisory_xact_lock(hashtext(?1 || ' ' || ?2))"));
        lock->bind(1, centre).bind(2, day);
        lock->step();
    }
    StatementUse use(
        db.cached("INSERT INTO walk_ins (centre, day, priority, number, service, issued_at) "
                  "VALUES (?1, ?2, ?3, (SELECT coalesce(max(number), 0) + 1 FROM walk_ins "
                  "WHERE centre = ?1 AND day = ?2 AND priority = ?3), ?4, ?5) RETURNING id"));
    Statement& s = *use;
    s.bind(1, centre)
        .bind(2, day)
        .bind(3, priority ? 1 : 0)
        .bind(4, service)
        .bind(5, static_cast<std::int64_t>(now));
    return *find_walk_in(db, s.run_returning_id());
}

std::optional<StoredWalkIn> find_walk_in(Connection& db, std::int64_t id) {
    StatementUse use(
        db.cached((std::string("SELECT ") + kWalkInColumns + " FROM walk_ins WHERE id = ?")));
    Statement& s = *use;
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_walk_in(s);
}

void mark_walk_in_served(Connection& db, std::int64_t id, UnixSeconds now) {
    Statement s =
        db.prepare("UPDATE walk_ins SET served_at = ? WHERE id = ? AND served_at IS NULL");
    s.bind(1, static_cast<std::int64_t>(now)).bind(2, id);
    s.run();
}

std::vector<StoredWalkIn> walk_ins_on(Connection& db, const std::string& centre,
                                      const std::string& day) {
    StatementUse use(db.cached((std::string("SELECT ") + kWalkInColumns +
                                " FROM walk_ins WHERE centre = ? AND day = ? ORDER BY id")));
    Statement& s = *use;
    s.bind(1, centre).bind(2, day);
    std::vector<StoredWalkIn> list;
    while (s.step()) list.push_back(read_walk_in(s));
    return list;
}

std::map<std::string, int> walk_ins_by_service(Connection& db, const std::string& centre,
                                               const std::string& from, const std::string& to) {
    StatementUse use(db.cached(
        "SELECT service, count(*) FROM walk_ins WHERE centre = ? AND day >= ? AND day <= ? "
        "GROUP BY service"));
    Statement& s = *use;
    s.bind(1, centre).bind(2, from).bind(3, to);
    std::map<std::string, int> counts;
    while (s.step()) counts[s.column_text(0)] = static_cast<int>(s.column_int(1));
    return counts;
}

}  // namespace mawid::server
