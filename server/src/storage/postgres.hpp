// PostgreSQL through libpq, with the surface of the SQLite wrapper (storage/sqlite.hpp):
// a connection, prepared statements written with SQLite's `?` / `?N` placeholders, one-row
// steps and typed columns, transactions and savepoints. The stores are written once against
// that surface; the few statements whose dialects differ are chosen per engine.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mawid::server::pg {

// A failed statement or a lost server. `sqlstate` is PostgreSQL's five-character code
// ("23505" a unique key, "23514" a CHECK, "40001" a serialization failure); empty when the
// server could not be reached at all, which is also when `unavailable()` holds.
class Error : public std::runtime_error {
public:
    Error(std::string sqlstate, std::string constraint, bool unavailable, const std::string& what)
        : std::runtime_error(what),
          sqlstate_(std::move(sqlstate)),
          constraint_(std::move(constraint)),
          unavailable_(unavailable) {}
    const std::string& sqlstate() const { return sqlstate_; }
    // The constraint a violation broke ("bookings_pkey"), or "".
    const std::string& constraint() const { return constraint_; }
    // The server is down or the connection was lost: the request may be tried again later.
    bool unavailable() const { return unavailable_; }

private:
    std::string sqlstate_;
    std::string constraint_;
    bool unavailable_;
};

// `sql` with SQLite's placeholders (`?` in order, or `?N`) turned into PostgreSQL's `$N`;
// question marks inside quoted literals and identifiers are left alone.
std::string numbered_placeholders(std::string_view sql);

// Whether `db` (the server's --db) names a PostgreSQL database rather than a SQLite file.
bool is_uri(std::string_view db);

class Statement;

// One connection, opened from a URI ("postgresql://user@host:port/dbname"); not shared
// between threads. Gives up after `connect_timeout_s` when the server does not answer.
class Connection {
public:
    explicit Connection(const std::string& uri, int connect_timeout_s = 5);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Runs SQL without results (may hold several statements, no parameters).
    void exec(const char* sql);
    // Runs a one-value query and returns its text ("" when there is no row).
    std::string query_text(const char* sql);
    Statement prepare(const char* sql);
    // A statement prepared once on the server and kept for the life of the connection.
    Statement& cached(const std::string& sql);
    void run_cached(const std::string& sql);
    // Rows the last INSERT, UPDATE or DELETE run on this connection touched.
    int changes() const { return changes_; }
    // Whether a transaction is open (or failed and waiting for its ROLLBACK).
    bool in_transaction() const;

private:
    friend class Statement;
    std::string next_statement_name();
    [[noreturn]] void fail(const PGresult* result, std::string_view step) const;

    PGconn* conn_ = nullptr;
    int changes_ = 0;
    int prepared_ = 0;
    std::unordered_map<std::string, std::unique_ptr<Statement>> cached_;
};

// A statement prepared on the server; binds are 1-based and columns 0-based, as in SQLite.
// The first step() after binding runs it; later steps walk the rows it returned.
class Statement {
public:
    Statement(Connection& connection, const char* sql);
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind_blob(int index, const void* data, int size);
    // NULL for an empty text, as the SQLite wrapper does.
    Statement& bind_or_null(int index, std::string_view text);
    // True when a row is ready, false when there are no more. Throws pg::Error on failure.
    bool step();
    // Runs to the end, expecting no rows.
    void run();
    // Forgets the rows and the bindings, so the statement can run again.
    void reset();

    std::int64_t column_int(int index) const;
    std::string column_text(int index) const;
    std::string column_blob(int index) const;

private:
    struct Param {
        std::optional<std::string> value;  // nullopt: NULL
        bool binary = false;
    };
    void set(int index, Param param);

    Connection* connection_;
    std::string name_;
    std::vector<Param> params_;
    std::unique_ptr<PGresult, void (*)(PGresult*)> result_{nullptr, PQclear};
    int row_ = -1;
};

// BEGIN on construction; rolled back in the destructor unless committed.
class Transaction {
public:
    explicit Transaction(Connection& connection);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Connection& connection_;
    bool open_ = true;
};

// A read-only transaction on one snapshot (REPEATABLE READ): a page of a list and the
// totals beside it agree. Ended in the destructor.
class ReadSnapshot {
public:
    explicit ReadSnapshot(Connection& connection);
    ~ReadSnapshot();
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;

private:
    Connection& connection_;
};

// A SAVEPOINT inside a transaction; rolled back to (and released) unless released: one
// request's failure inside a group commit leaves the others' work in the batch.
class Savepoint {
public:
    Savepoint(Connection& connection, std::string name);
    ~Savepoint();
    Savepoint(const Savepoint&) = delete;
    Savepoint& operator=(const Savepoint&) = delete;
    void release();

private:
    Connection& connection_;
    std::string name_;
    bool open_ = true;
};

}  // namespace mawid::server::pg
