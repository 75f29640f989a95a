#include "storage/store.hpp"

#include <vector>

#include "storage/migrations.hpp"

namespace mawid::server {
namespace {

std::optional<StoredBooking> read_booking(Statement& statement) {
    if (!statement.step()) return std::nullopt;
    return read_booking_columns(statement);
}

std::string find_booking_sql() {
    return std::string("SELECT ") + kBookingColumns + " FROM bookings WHERE code = ?";
}

std::optional<StoredCatalog> read_catalog(Statement& statement) {
    StatementUse use(statement);
    if (!use->step()) return std::nullopt;
    return StoredCatalog{use->column_text(0), use->column_text(1)};
}

// Bookings are numbered in creation order (for "the most recent bookings past capacity are
// stranded"). SQLite's single writer counts in memory and keeps the count in a row of
// booking_seq, written once per transaction (WriteStore::before_commit) rather than once
// per booking; on PostgreSQL several servers write at once, and a sequence numbers them
// without a row they would queue on.
std::string insert_booking_sql(Engine engine) {
    std::string sql =
        "INSERT INTO bookings (code, centre, service, start, offset_minutes, cpr, phone, lang, "
        "status, one_active, created_at, updated_at, email";
    // A key already taken (the code, or the person's active booking) inserts nothing, rather
    // than failing: on PostgreSQL a failed statement would need a savepoint around it, two
    // round trips more for every booking.
    if (engine == Engine::postgresql) {
        return sql + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    }
    return sql + ", seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
}

}  // namespace

StoredBooking read_booking_columns(Statement& row) {
    StoredBooking stored;
    Booking& b = stored.booking;
    b.code = row.column_text(0);
    b.centre = row.column_text(1);
    b.service = row.column_text(2);
    b.start = row.column_int(3);
    b.offset_minutes = static_cast<int>(row.column_int(4));
    b.cpr = row.column_text(5);
    b.phone = row.column_text(6);
    b.lang = row.column_text(7);
    b.status = parse_status(row.column_text(8)).value_or(BookingStatus::booked);
    stored.one_active = row.column_int(9) != 0;
    stored.erased = row.column_int(10) != 0;
    b.email = row.column_text(11);
    return stored;
}

std::unique_ptr<Connection> open_write_connection(const std::string& db_name) {
    auto db = std::make_unique<Connection>(db_name, Connection::Mode::durable_writer);
    if (db->engine() == Engine::sqlite) {
        db->exec("PRAGMA journal_mode = WAL");
        // FULL: a booking acknowledged is on disk, even if the machine loses power.
        db->exec("PRAGMA synchronous = FULL");
        db->exec("PRAGMA foreign_keys = ON");
        // Bookings land on random pages (codes, slots): keep the hot part of the file in
        // memory so the writer does not read pages back from the OS inside its transaction.
        db->exec("PRAGMA cache_size = -65536");
        // Savepoints keep page images in a statement journal: in memory, not a temporary file.
        db->exec("PRAGMA temp_store = MEMORY");
        // The WAL file is cut back to this size after each reset.
        db->exec("PRAGMA journal_size_limit = 67108864");
        // Erased personal data is overwritten with zeros, not just unlinked (retention.hpp).
        // Debian builds SQLite with this on by default; said here so every build does it.
        db->exec("PRAGMA secure_delete = ON");
    } else {
        // A booking acknowledged is on the server's disk: PostgreSQL's default, said here
        // so a server configured otherwise cannot weaken it for Mawid's sessions.
        db->exec("SET synchronous_commit = on");
    }
    migrate(*db);
    return db;
}

std::unique_ptr<Connection> open_checkpoint_connection(const std::string& db_name) {
    auto db = std::make_unique<Connection>(db_name, Connection::Mode::read_write);
    db->exec("PRAGMA synchronous = FULL");
    db->exec("PRAGMA wal_autocheckpoint = 0");
    return db;
}

std::unique_ptr<Connection> open_read_connection(const std::string& db_name) {
    auto db = std::make_unique<Connection>(db_name, Connection::Mode::read_only);
    if (db->engine() == Engine::sqlite) {
        db->exec("PRAGMA query_only = ON");
        db->exec("PRAGMA cache_size = -16384");
    }
    return db;
}

WriteStore::WriteStore(Connection& connection)
    : connection_(connection),
      take_seat_(connection.prepare(
          "INSERT INTO occupancy (centre, service, start, taken) VALUES (?1, ?2, ?3, 1) "
          "ON CONFLICT (centre, service, start) DO UPDATE SET taken = occupancy.taken + 1 "
          "WHERE occupancy.taken < ?4")),
      release_seat_(
          connection.prepare("UPDATE occupancy SET taken = taken - 1 "
                             "WHERE centre = ? AND service = ? AND start = ? AND taken > 0")),
      insert_booking_(connection.prepare(insert_booking_sql(connection.engine()).c_str())),
      find_booking_(connection.prepare(find_booking_sql().c_str())),
      set_status_(
          connection.prepare("UPDATE bookings SET status = ?, updated_at = ? WHERE code = ?")),
      move_booking_(
          connection.prepare("UPDATE bookings SET start = ?, updated_at = ? WHERE code = ?")),
      find_idempotency_(
          connection.prepare("SELECT body_hash, status, response FROM idempotency WHERE key = ?")),
      claim_idempotency_(connection.prepare(
          "INSERT INTO idempotency (key, body_hash, status, response, created_at) "
          "VALUES (?, ?, 0, '', ?) ON CONFLICT (key) DO NOTHING")),
      settle_idempotency_(connection.prepare(
          "UPDATE idempotency SET status = ?, response = ? WHERE key = ?")) {}

std::optional<Savepoint> WriteStore::statement_savepoint(const char* name) {
    if (connection_.engine() == Engine::sqlite) return std::nullopt;
    return std::optional<Savepoint>(std::in_place, connection_, name);
}

std::optional<StoredCatalog> WriteStore::load_catalog() {
    Statement statement = connection_.prepare("SELECT version, json FROM catalog WHERE id = 1");
    return read_catalog(statement);
}

void WriteStore::save_catalog(const StoredCatalog& catalog, UnixSeconds now) {
    connection_
        .prepare(
            "INSERT INTO catalog (id, version, json, updated_at) VALUES (1, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET version = excluded.version, json = excluded.json, "
            "updated_at = excluded.updated_at")
        .bind(1, catalog.version)
        .bind(2, catalog.json)
        .bind(3, static_cast<std::int64_t>(now))
        .run();
}

bool WriteStore::take_seat(const std::string& centre, const std::string& service, UnixSeconds start,
                           int capacity) {
    if (capacity <= 0) return false;
    StatementUse use(take_seat_);
    use->bind(1, centre)
        .bind(2, service)
        .bind(3, static_cast<std::int64_t>(start))
        .bind(4, capacity);
    use->run();
    return connection_.changes() == 1;
}

void WriteStore::release_seat(const std::string& centre, const std::string& service,
                              UnixSeconds start) {
    StatementUse use(release_seat_);
    use->bind(1, centre).bind(2, service).bind(3, static_cast<std::int64_t>(start)).run();
}

WriteStore::InsertResult WriteStore::insert_booking(const StoredBooking& stored, UnixSeconds now) {
    const Booking& b = stored.booking;
    StatementUse use(insert_booking_);
    use->bind(1, b.code)
        .bind(2, b.centre)
        .bind(3, b.service)
        .bind(4, static_cast<std::int64_t>(b.start))
        .bind(5, b.offset_minutes)
        .bind(6, b.cpr)
        .bind(7, b.phone)
        .bind(8, b.lang)
        .bind(9, status_name(b.status))
        .bind(10, stored.one_active ? 1 : 0)
        .bind(11, static_cast<std::int64_t>(now))
        .bind(12, static_cast<std::int64_t>(now))
        .bind_or_null(13, b.email);  // NULL when none was given
    const bool numbered = connection_.engine() == Engine::sqlite;
    if (numbered) {
        if (last_seq_ < 0) {
            StatementUse last(connection_.cached("SELECT last FROM booking_seq WHERE id = 1"));
            last_seq_ = last->step() ? last->column_int(0) : 0;
        }
        use->bind(14, last_seq_ + 1);
    }
    use->run();
    if (connection_.changes() == 0) {
        // Which key was taken: the code (a collision in 31^8) or the person's active booking.
        StatementUse code(connection_.cached("SELECT 1 FROM bookings WHERE code = ?"));
        code->bind(1, b.code);
        return code->step() ? InsertResult::code_taken : InsertResult::already_booked;
    }
    if (numbered) {
        ++last_seq_;  // the number just given to the booking is taken
        seq_unsaved_ = true;
    }
    return InsertResult::inserted;
}

void WriteStore::before_commit() {
    if (!seq_unsaved_) return;
    StatementUse save(connection_.cached("UPDATE booking_seq SET last = ? WHERE id = 1"));
    save->bind(1, last_seq_).run();
    seq_unsaved_ = false;
}

std::optional<StoredBooking> WriteStore::find_booking(const std::string& code) {
    StatementUse use(find_booking_);
    use->bind(1, code);
    return read_booking(*use);
}

bool WriteStore::set_status(const std::string& code, BookingStatus status, UnixSeconds now) {
    StatementUse use(set_status_);
    use->bind(1, status_name(status)).bind(2, static_cast<std::int64_t>(now)).bind(3, code);
    std::optional<Savepoint> alone = statement_savepoint("set_status");
    try {
        use->run();
        if (alone) alone->release();
    } catch (const StorageError& e) {
        if (e.kind() == StorageError::Kind::unique) return false;
        throw;
    }
    return true;
}

void WriteStore::move_booking(const std::string& code, UnixSeconds new_start, UnixSeconds now) {
    StatementUse use(move_booking_);
    use->bind(1, static_cast<std::int64_t>(new_start))
        .bind(2, static_cast<std::int64_t>(now))
        .bind(3, code)
        .run();
}

std::optional<IdempotencyRecord> WriteStore::find_idempotency(const std::string& key) {
    StatementUse use(find_idempotency_);
    use->bind(1, key);
    if (!use->step()) return std::nullopt;
    return IdempotencyRecord{use->column_blob(0), static_cast<int>(use->column_int(1)),
                             use->column_text(2)};
}

bool WriteStore::claim_idempotency(const std::string& key, const std::string& body_hash,
                                   UnixSeconds now) {
    StatementUse use(claim_idempotency_);
    use->bind(1, key)
        .bind_blob(2, body_hash.data(), static_cast<int>(body_hash.size()))
        .bind(3, static_cast<std::int64_t>(now))
        .run();
    return connection_.changes() == 1;
}

void WriteStore::settle_idempotency(const std::string& key, int status,
                                    const std::string& response) {
    StatementUse use(settle_idempotency_);
    use->bind(1, status).bind(2, response).bind(3, key).run();
}

int WriteStore::forget_idempotency_before(UnixSeconds cutoff) {
    connection_.prepare("DELETE FROM idempotency WHERE created_at < ?")
        .bind(1, static_cast<std::int64_t>(cutoff))
        .run();
    return connection_.changes();
}

ReadStore::ReadStore(const std::string& path)
    : connection_(open_read_connection(path)),
      occupancy_(
          connection_->prepare("SELECT start, taken FROM occupancy "
                               "WHERE centre = ? AND service = ? AND start >= ? AND start < ?")),
      find_booking_(connection_->prepare(find_booking_sql().c_str())),
      load_catalog_(connection_->prepare("SELECT version, json FROM catalog WHERE id = 1")) {}

Occupancy ReadStore::occupancy(const std::string& centre, const std::string& service,
                               UnixSeconds from, UnixSeconds to) {
    StatementUse use(occupancy_);
    use->bind(1, centre)
        .bind(2, service)
        .bind(3, static_cast<std::int64_t>(from))
        .bind(4, static_cast<std::int64_t>(to));
    Occupancy taken;
    while (use->step()) taken[use->column_int(0)] = static_cast<int>(use->column_int(1));
    return taken;
}

std::optional<StoredBooking> ReadStore::find_booking(const std::string& code) {
    StatementUse use(find_booking_);
    use->bind(1, code);
    return read_booking(*use);
}

std::optional<StoredCatalog> ReadStore::load_catalog() {
    return read_catalog(load_catalog_);
}

Connection& thread_read_connection(const std::string& path) {
    thread_local std::unique_ptr<Connection> connection;
    thread_local std::string opened_for;
    // A lost connection (the database server restarted) is replaced here: the request that
    // met the loss was answered 503, and the next one connects again.
    if (!connection || opened_for != path || connection->broken()) {
        connection = open_read_connection(path);
        opened_for = path;
    }
    return *connection;
}

}  // namespace mawid::server
