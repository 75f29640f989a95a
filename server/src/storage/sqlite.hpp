// A small RAII wrapper over SQLite: connections, prepared statements, transactions.
// Errors are thrown as SqliteError: the storage layer is the one place in the server
// where a failure is exceptional (disk full, corruption), not a citizen's mistake.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

namespace mawid::server {

class SqliteError : public std::runtime_error {
public:
    SqliteError(int extended_code, const std::string& what)
        : std::runtime_error(what), extended_code_(extended_code) {}
    int extended_code() const { return extended_code_; }

private:
    int extended_code_;
};

class Statement;

// How long a connection waits for a lock another connection holds before SQLITE_BUSY.
inline constexpr int kBusyTimeoutMs = 5000;

// One connection. Not shared between threads.
class Connection {
public:
    enum class Mode { read_write, read_only };
    Connection(const std::string& path, Mode mode);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Runs SQL without results (may hold several statements).
    void exec(const char* sql);
    // Runs a one-value query (e.g. a PRAGMA) and returns its text.
    std::string query_text(const char* sql);
    Statement prepare(const char* sql);
    // A statement prepared once and kept for the life of the connection: for statements run
    // on every request (a session lookup, BEGIN, SAVEPOINT...), where preparing again would
    // cost more than running. Use it through a StatementUse so it is reset after use.
    Statement& cached(const std::string& sql);
    // Runs cached(sql) once, without results.
    void run_cached(const std::string& sql);
    int changes() const { return sqlite3_changes(db_); }
    sqlite3* handle() { return db_; }

private:
    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, std::unique_ptr<Statement>> cached_;
};

// A prepared statement; binds are 1-based, columns 0-based, as in SQLite.
class Statement {
public:
    Statement(sqlite3* db, const char* sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;

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
    // Resets so the statement can run again with new bindings.
    void reset();

    std::int64_t column_int(int index) const;
    std::string column_text(int index) const;
    std::string column_blob(int index) const;

private:
    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
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

// BEGIN IMMEDIATE on construction; rolled back in the destructor unless committed.
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
// of a list and the totals beside it agree). BEGIN on construction, ended in the destructor.
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
