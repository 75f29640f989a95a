// The storage interface the stores are written against, over either engine: SQLite (a
// file path, the embedded default) or PostgreSQL (a "postgresql://" URI, for several
// servers on one database). Connections, prepared statements with SQLite's `?` / `?N`
// placeholders on both, transactions, read snapshots and savepoints. The few statements
// whose dialects differ ask `engine()`. Errors are thrown as StorageError.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>

#include "storage/postgres.hpp"
#include "storage/sqlite.hpp"
#include "storage/storage_error.hpp"

namespace mawid::server {

enum class Engine { sqlite, postgresql };

// The engine `db` (the server's --db) names: a PostgreSQL URI, else a SQLite file.
Engine engine_of(std::string_view db);

// How long a connection waits for a lock another connection holds (SQLite's busy timeout).
using sqlite::kBusyTimeoutMs;

class Statement;

// One connection. Not shared between threads.
class Connection {
public:
    // `durable_writer`: reads and writes, and on SQLite gathers its WAL writes into one call
    // per transaction (storage/wal_buffer.hpp); only for a connection with synchronous=FULL,
    // whose every COMMIT syncs the WAL.
    enum class Mode { read_write, read_only, durable_writer };
    Connection(const std::string& db, Mode mode);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    Engine engine() const { return lite_ ? Engine::sqlite : Engine::postgresql; }
    // Runs SQL without results (may hold several statements).
    void exec(const char* sql);
    // Stops the statement this connection is running on another thread (PostgreSQL: it
    // then fails as cancelled); nothing on SQLite.
    void cancel();
    // Runs a one-value query and returns its text ("" when there is no row).
    std::string query_text(const char* sql);
    Statement prepare(const char* sql);
    // A statement prepared once and kept for the life of the connection: for statements run
    // on every request (a session lookup, BEGIN, SAVEPOINT...), where preparing again would
    // cost more than running. Use it through a StatementUse so it is reset after use.
    Statement& cached(const std::string& sql);
    // Runs cached(sql) once, without results.
    void run_cached(const std::string& sql);
    // Rows the last INSERT, UPDATE or DELETE touched.
    int changes() const;
    bool in_transaction() const;
    // Whether the connection was lost (a PostgreSQL server restarted or unreachable) and
    // must be replaced by a new one; a SQLite connection never is.
    bool broken() const { return pg_ && pg_->broken(); }
    // The SQLite connection, for what only that engine has (WAL hook, checkpoints, online
    // backup); nullptr on PostgreSQL.
    sqlite3* sqlite_handle() { return lite_ ? lite_->handle() : nullptr; }

private:
    friend class Statement;
    std::unique_ptr<sqlite::Connection> lite_;
    std::unique_ptr<pg::Connection> pg_;
    std::unordered_map<std::string, std::unique_ptr<Statement>> cached_;
};

// A prepared statement; binds are 1-based, columns 0-based, as in SQLite.
class Statement {
public:
    Statement(Connection& connection, const char* sql);
    Statement(Statement&&) noexcept = default;
    Statement& operator=(Statement&&) = delete;

    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind_blob(int index, const void* data, int size);
    // NULL for an empty text: "none", where '' would read as a value.
    Statement& bind_or_null(int index, std::string_view text);
    // Steps once: true when a row is ready, false when done. Throws on error.
    bool step();
    // Steps to the end, expecting no rows.
    void run();
    // Runs an "INSERT ... RETURNING id" and gives the id of the row it made.
    std::int64_t run_returning_id();
    // Resets so the statement can run again with new bindings.
    void reset();

    std::int64_t column_int(int index) const;
    std::string column_text(int index) const;
    std::string column_blob(int index) const;

private:
    std::variant<sqlite::Statement, pg::Statement> engine_;
};

// Resets a cached statement when the scope using it ends, whatever happens.
class StatementUse {
public:
    explicit StatementUse(Statement& statement) : statement_(statement) {}
    ~StatementUse() { statement_.reset(); }
    Statement* operator->() { return &statement_; }
    Statement& operator*() { return statement_; }

private:
    Statement& statement_;
};

// A write transaction (SQLite: BEGIN IMMEDIATE, taking the write lock at once); rolled back
// in the destructor unless committed.
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

// A read transaction: every read while it lives sees one snapshot of the database (a page
// of a list and the totals beside it agree). Begun on construction, ended in the destructor.
class ReadSnapshot {
public:
    explicit ReadSnapshot(Connection& connection);
    ~ReadSnapshot();
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;

private:
    Connection& connection_;
};

// A SAVEPOINT inside a transaction; rolled back to (and released) unless released.
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

}  // namespace mawid::server
