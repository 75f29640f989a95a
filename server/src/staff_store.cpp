#include "staff_store.hpp"

namespace mawid::server {

const char* const kStaffSchemaSql = R"sql(
    -- The day view, the stranded list and the reports read a centre's bookings by time.
    CREATE INDEX bookings_by_centre_start ON bookings (centre, start);
    -- Creation order, for "the most recent bookings past capacity are stranded": created_at
    -- has one-second steps, so a counter numbers bookings as they are inserted. The trigger
    -- updates the row just written (its page is already dirty): no extra random page.
    ALTER TABLE bookings ADD COLUMN seq INTEGER;
    CREATE TABLE booking_seq (id INTEGER PRIMARY KEY CHECK (id = 1), last INTEGER NOT NULL);
    INSERT INTO booking_seq (id, last) VALUES (1, (SELECT count(*) FROM bookings));
    UPDATE bookings SET seq = numbered.n
        FROM (SELECT code, row_number() OVER (ORDER BY created_at, code) AS n FROM bookings)
             AS numbered
        WHERE bookings.code = numbered.code;
    CREATE TRIGGER bookings_number AFTER INSERT ON bookings BEGIN
        UPDATE booking_seq SET last = last + 1 WHERE id = 1;
        UPDATE bookings SET seq = (SELECT last FROM booking_seq WHERE id = 1)
            WHERE code = new.code;
    END;
    CREATE TABLE users (
        username TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('staff', 'supervisor', 'admin')),
        centre TEXT,
        password_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE sessions (
        token_hash BLOB PRIMARY KEY,
        username TEXT NOT NULL REFERENCES users (username),
        created_at INTEGER NOT NULL,
        last_seen INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE walk_ins (
        id INTEGER PRIMARY KEY,
        centre TEXT NOT NULL,
        day TEXT NOT NULL,
        priority INTEGER NOT NULL,
        number INTEGER NOT NULL,
        service TEXT NOT NULL,
        issued_at INTEGER NOT NULL,
        served_at INTEGER,
        UNIQUE (centre, day, priority, number)
    );
)sql";

namespace {

constexpr const char* kBookingColumns =
    "code, centre, service, start, offset_minutes, cpr, phone, lang, status";

Booking read_booking_row(Statement& row) {
    Booking b;
    b.code = row.column_text(0);
    b.centre = row.column_text(1);
    b.service = row.column_text(2);
    b.start = row.column_int(3);
    b.offset_minutes = static_cast<int>(row.column_int(4));
    b.cpr = row.column_text(5);
    b.phone = row.column_text(6);
    b.lang = row.column_text(7);
    b.status = parse_status(row.column_text(8)).value_or(BookingStatus::booked);
    return b;
}

std::vector<Booking> read_bookings(Statement& statement) {
    std::vector<Booking> bookings;
    while (statement.step()) bookings.push_back(read_booking_row(statement));
    return bookings;
}

StaffMember read_member(Statement& row, int first) {
    StaffMember member;
    member.username = row.column_text(first);
    member.role = parse_role(row.column_text(first + 1)).value_or(Role::staff);
    member.centre = row.column_text(first + 2);
    return member;
}

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
    Statement s = db.prepare(
        "SELECT username, role, coalesce(centre, ''), password_hash FROM users "
        "WHERE username = ?");
    s.bind(1, username);
    if (!s.step()) return std::nullopt;
    return UserRecord{read_member(s, 0), s.column_text(3)};
}

bool insert_user(Connection& db, const UserRecord& user, UnixSeconds now) {
    Statement s = db.prepare(
        "INSERT INTO users (username, role, centre, password_hash, created_at) "
        "VALUES (?, ?, nullif(?, ''), ?, ?) ON CONFLICT (username) DO NOTHING");
    s.bind(1, user.member.username)
        .bind(2, role_name(user.member.role))
        .bind(3, user.member.centre)
        .bind(4, user.password_hash)
        .bind(5, static_cast<std::int64_t>(now));
    s.run();
    return db.changes() == 1;
}

std::int64_t count_users(Connection& db) {
    Statement s = db.prepare("SELECT count(*) FROM users");
    return s.step() ? s.column_int(0) : 0;
}

std::vector<StaffMember> list_users(Connection& db) {
    Statement s =
        db.prepare("SELECT username, role, coalesce(centre, '') FROM users ORDER BY username");
    std::vector<StaffMember> users;
    while (s.step()) users.push_back(read_member(s, 0));
    return users;
}

bool set_password_hash(Connection& db, const std::string& username, const std::string& hash) {
    Statement s = db.prepare("UPDATE users SET password_hash = ? WHERE username = ?");
    s.bind(1, hash).bind(2, username);
    s.run();
    return db.changes() == 1;
}

void delete_sessions_of(Connection& db, const std::string& username, const std::string& keep) {
    Statement s = db.prepare("DELETE FROM sessions WHERE username = ? AND token_hash IS NOT ?");
    s.bind(1, username).bind_blob(2, keep.data(), static_cast<int>(keep.size()));
    s.run();
}

void insert_session(Connection& db, const std::string& hash, const std::string& username,
                    UnixSeconds now) {
    Statement s = db.prepare(
        "INSERT INTO sessions (token_hash, username, created_at, last_seen) VALUES (?, ?, ?, ?)");
    s.bind_blob(1, hash.data(), static_cast<int>(hash.size()))
        .bind(2, username)
        .bind(3, static_cast<std::int64_t>(now))
        .bind(4, static_cast<std::int64_t>(now));
    s.run();
}

std::optional<SessionRecord> find_session(Connection& db, const std::string& hash) {
    Statement s = db.prepare(
        "SELECT u.username, u.role, coalesce(u.centre, ''), s.created_at, s.last_seen "
        "FROM sessions s JOIN users u ON u.username = s.username WHERE s.token_hash = ?");
    s.bind_blob(1, hash.data(), static_cast<int>(hash.size()));
    if (!s.step()) return std::nullopt;
    return SessionRecord{read_member(s, 0), s.column_int(3), s.column_int(4)};
}

void touch_session(Connection& db, const std::string& hash, UnixSeconds now) {
    Statement s =
        db.prepare("UPDATE sessions SET last_seen = max(last_seen, ?) WHERE token_hash = ?");
    s.bind(1, static_cast<std::int64_t>(now))
        .bind_blob(2, hash.data(), static_cast<int>(hash.size()));
    s.run();
}

void delete_session(Connection& db, const std::string& hash) {
    Statement s = db.prepare("DELETE FROM sessions WHERE token_hash = ?");
    s.bind_blob(1, hash.data(), static_cast<int>(hash.size()));
    s.run();
}

void delete_expired_sessions(Connection& db, UnixSeconds idle_before, UnixSeconds created_before) {
    Statement s = db.prepare("DELETE FROM sessions WHERE last_seen < ? OR created_at < ?");
    s.bind(1, static_cast<std::int64_t>(idle_before))
        .bind(2, static_cast<std::int64_t>(created_before));
    s.run();
}

// --- Bookings -------------------------------------------------------------------------------

std::vector<Booking> bookings_between(Connection& db, const std::string& centre, UnixSeconds from,
                                      UnixSeconds to) {
    Statement s = db.prepare((std::string("SELECT ") + kBookingColumns +
                              " FROM bookings WHERE centre = ? AND start >= ? AND start < ? "
                              "ORDER BY start, service, seq")
                                 .c_str());
    s.bind(1, centre)
        .bind(2, static_cast<std::int64_t>(from))
        .bind(3, static_cast<std::int64_t>(to));
    return read_bookings(s);
}

std::vector<Booking> bookings_in_creation_order(Connection& db, const std::string& centre,
                                                UnixSeconds from) {
    Statement s = db.prepare((std::string("SELECT ") + kBookingColumns +
                              " FROM bookings WHERE centre = ? AND start >= ? ORDER BY seq, code")
                                 .c_str());
    s.bind(1, centre).bind(2, static_cast<std::int64_t>(from));
    return read_bookings(s);
}

void adjust_occupancy(Connection& db, const Booking& booking, int delta) {
    if (delta == 0) return;
    Statement s = db.prepare(
        "INSERT INTO occupancy (centre, service, start, taken) VALUES (?1, ?2, ?3, max(?4, 0)) "
        "ON CONFLICT (centre, service, start) DO UPDATE SET taken = max(taken + ?4, 0)");
    s.bind(1, booking.centre)
        .bind(2, booking.service)
        .bind(3, static_cast<std::int64_t>(booking.start))
        .bind(4, delta);
    s.run();
}

// --- Walk-ins -------------------------------------------------------------------------------

StoredWalkIn insert_walk_in(Connection& db, const std::string& centre, const std::string& day,
                            const std::string& service, bool priority, UnixSeconds now) {
    Statement s = db.prepare(
        "INSERT INTO walk_ins (centre, day, priority, number, service, issued_at) "
        "VALUES (?1, ?2, ?3, (SELECT coalesce(max(number), 0) + 1 FROM walk_ins "
        "WHERE centre = ?1 AND day = ?2 AND priority = ?3), ?4, ?5)");
    s.bind(1, centre)
        .bind(2, day)
        .bind(3, priority ? 1 : 0)
        .bind(4, service)
        .bind(5, static_cast<std::int64_t>(now));
    s.run();
    return *find_walk_in(db, sqlite3_last_insert_rowid(db.handle()));
}

std::optional<StoredWalkIn> find_walk_in(Connection& db, std::int64_t id) {
    Statement s = db.prepare(
        (std::string("SELECT ") + kWalkInColumns + " FROM walk_ins WHERE id = ?").c_str());
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
    Statement s = db.prepare((std::string("SELECT ") + kWalkInColumns +
                              " FROM walk_ins WHERE centre = ? AND day = ? ORDER BY id")
                                 .c_str());
    s.bind(1, centre).bind(2, day);
    std::vector<StoredWalkIn> list;
    while (s.step()) list.push_back(read_walk_in(s));
    return list;
}

std::map<std::string, int> walk_ins_by_service(Connection& db, const std::string& centre,
                                               const std::string& from, const std::string& to) {
    Statement s = db.prepare(
        "SELECT service, count(*) FROM walk_ins WHERE centre = ? AND day >= ? AND day <= ? "
        "GROUP BY service");
    s.bind(1, centre).bind(2, from).bind(3, to);
    std::map<std::string, int> counts;
    while (s.step()) counts[s.column_text(0)] = static_cast<int>(s.column_int(1));
    return counts;
}

}  // namespace mawid::server
