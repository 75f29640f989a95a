// PostgreSQL through libpq, with the surface of the SQLite engine (storage/sqlite.hpp): a
// connection, and prepared statements written with SQLite's `?` / `?N` placeholders, run
// one row at a time with typed columns; used through the engine-neutral
// storage/database.hpp. Throws StorageError (Kind::unavailable when the server is gone).
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/storage_error.hpp"

namespace mawid::server::pg {

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
    Connection(const std::string& uri, bool read_only, int connect_timeout_s = 5);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Runs SQL without results (may hold several statements, no parameters).
    void exec(const char* sql);
    // Rows the last INSERT, UPDATE or DELETE run on this connection touched.
    int changes() const { return changes_; }
    // Whether a transaction is open (or failed and waiting for its ROLLBACK).
    bool in_transaction() const;
    // Whether the server went away (a restart, a network failure): the connection must be
    // replaced by a new one.
    bool broken() const { return lost_ || PQstatus(conn_) == CONNECTION_BAD; }
    // Asks the server to stop the statement this connection is running; safe to call from
    // another thread (the statement then fails as cancelled).
    void cancel();

private:
    friend class Statement;
    [[noreturn]] void fail(const PGresult* result, std::string_view step) const;

    PGconn* conn_ = nullptr;
    int changes_ = 0;
    int prepared_ = 0;           // names statements "m1", "m2"...
    mutable bool lost_ = false;  // a statement failed as Kind::unavailable
    std::unique_ptr<PGcancel, void (*)(PGcancel*)> cancel_{nullptr, PQfreeCancel};
};

// A statement prepared on the server; binds are 1-based and columns 0-based, as in SQLite.
// The first step() after binding runs it; later steps walk the rows it returned. It is
// prepared at its first run, when its parameters' types are known: an integer is sent as
// bigint (Mawid's times are seconds that outgrow integer in 2038), so the server never
// guesses a narrower type from the expression around it.
class Statement {
public:
    Statement(Connection& connection, const char* sql);
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    ~Statement();

    void bind(int index, std::string_view text);
    void bind(int index, std::int64_t value);
    void bind_blob(int index, const void* data, int size);
    void bind_null(int index);
    // True when a row is ready, false when there are no more.
    bool step();
    // Forgets the rows and the bindings, so the statement can run again.
    void reset();

    std::int64_t column_int(int index) const;
    std::string column_text(int index) const;
    std::string column_blob(int index) const;

private:
    struct Param {
        std::optional<std::string> value;  // nullopt: NULL
        unsigned type = 0;                 // PostgreSQL's type OID; 0: the server infers it
    };
    void prepare_on_server();
    void set(int index, Param param);

    Connection* connection_;
    std::string sql_;   // with numbered placeholders
    std::string name_;  // empty until prepared on the server
    std::vector<Param> params_;
    std::unique_ptr<PGresult, void (*)(PGresult*)> result_{nullptr, PQclear};
    int row_ = -1;
};

}  // namespace mawid::server::pg
