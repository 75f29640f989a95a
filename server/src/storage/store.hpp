// Mawid's tables (schema in migrations.hpp): the catalogue row, bookings, seats taken per
// slot, and idempotency keys. Slots themselves are computed by shared/, never stored.
#pragma once

#include <mawid/booking.hpp>
#include <mawid/slots.hpp>

#include <memory>
#include <optional>
#include <string>

#include "storage/database.hpp"

namespace mawid::server {

// Opens the database (a SQLite path or a PostgreSQL URI, database.hpp) for writing, with
// durable commits (SQLite: WAL, synchronous=FULL), migrations applied.
std::unique_ptr<Connection> open_write_connection(const std::string& path);

// Opens a connection that only runs SQLite's WAL checkpoints (the writer leaves them to it).
std::unique_ptr<Connection> open_checkpoint_connection(const std::string& path);

// Opens a connection that only reads (availability, lookups). Never waits for the writer.
std::unique_ptr<Connection> open_read_connection(const std::string& path);

// This thread's read connection to `path`, opened on first use and kept (the staff API's
// reads: sessions, the day, reports), so its cached statements are prepared once.
Connection& thread_read_connection(const std::string& path);

struct StoredCatalog {
    std::string version;
    std::string json;
};

// A booking with the fields only the server sees.
struct StoredBooking {
    Booking booking;
    bool one_active = true;
    bool erased = false;  // its CPR, phone and e-mail are gone (retention.hpp)
};

// The columns a booking is read from, in the order read_booking_columns expects them.
inline constexpr const char* kBookingColumns =
    "code, centre, service, start, offset_minutes, cpr, phone, lang, status, one_active, "
    "erased_at IS NOT NULL, email";

// The booking in the current row of a statement that selected kBookingColumns first.
StoredBooking read_booking_columns(Statement& row);

struct IdempotencyRecord {
    std::string body_hash;
    int status = 0;
    std::string response;
};

// Everything the single writer does. Owns its prepared statements.
class WriteStore {
public:
    explicit WriteStore(Connection& connection);

    std::optional<StoredCatalog> load_catalog();
    void save_catalog(const StoredCatalog& catalog, UnixSeconds now);

    // Takes one seat in one conditional statement; false when the slot is full.
    bool take_seat(const std::string& centre, const std::string& service, UnixSeconds start,
                   int capacity);
    void release_seat(const std::string& centre, const std::string& service, UnixSeconds start);

    enum class InsertResult { inserted, already_booked, code_taken };
    InsertResult insert_booking(const StoredBooking& booking, UnixSeconds now);
    std::optional<StoredBooking> find_booking(const std::string& code);
    // False (nothing changed) when the status would make a second active booking of the
    // same CPR for a service that allows one.
    bool set_status(const std::string& code, BookingStatus status, UnixSeconds now);
    void move_booking(const std::string& code, UnixSeconds new_start, UnixSeconds now);

    std::optional<IdempotencyRecord> find_idempotency(const std::string& key);
    // Takes `key` for the request whose body hashes to `body_hash`: false when a request took
    // it first. A request on another server that took it and has not committed yet is waited
    // for (the key's unique index), so its answer can be replayed.
    bool claim_idempotency(const std::string& key, const std::string& body_hash, UnixSeconds now);
    // Stores the answer of the request that claimed `key`.
    void settle_idempotency(const std::string& key, int status, const std::string& response);
    // Forgets idempotency keys stored before `cutoff`; returns how many.
    int forget_idempotency_before(UnixSeconds cutoff);

    // Stores what this store counts in memory for the open transaction (SQLite's last
    // booking number); the writer calls it just before COMMIT.
    void before_commit();

    Connection& connection() { return connection_; }

private:
    // A savepoint around one statement that may fail on a key, on PostgreSQL only.
    std::optional<Savepoint> statement_savepoint(const char* name);

    Connection& connection_;
    Statement take_seat_;
    Statement release_seat_;
    Statement insert_booking_;
    Statement find_booking_;
    Statement set_status_;
    Statement move_booking_;
    Statement find_idempotency_;
    Statement claim_idempotency_;
    Statement settle_idempotency_;
    // SQLite: the last number given to a booking (-1 until read from booking_seq), and
    // whether booking_seq is behind it. A number given in a request that was undone is not
    // given again: numbers only need to follow creation order.
    std::int64_t last_seq_ = -1;
    bool seq_unsaved_ = false;
};

// What a reader needs: occupancy for a range of slots and one booking by code.
class ReadStore {
public:
    explicit ReadStore(const std::string& path);

    // Seats taken per slot start in [from, to).
    Occupancy occupancy(const std::string& centre, const std::string& service, UnixSeconds from,
                        UnixSeconds to);
    std::optional<StoredBooking> find_booking(const std::string& code);
    std::optional<StoredCatalog> load_catalog();
    // The connection was lost (Connection::broken): make a new ReadStore.
    bool broken() const { return connection_->broken(); }

private:
    std::unique_ptr<Connection> connection_;
    Statement occupancy_;
    Statement find_booking_;
    Statement load_catalog_;
};

}  // namespace mawid::server
