// SQLite, the embedded engine: a connection and prepared statements over the C API, used
// through the engine-neutral storage/database.hpp. Throws StorageError.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "storage/storage_error.hpp"

namespace mawid::server::sqlite {

// How long a connection waits for a lock another connection holds before SQLITE_BUSY.
inline constexpr int kBusyTimeoutMs = 5000;

// What a connection does: durable_writer also writes, through the WAL-gathering VFS
// (storage/wal_buffer.hpp), which needs synchronous=FULL.
enum class Access { read_only, read_write, durable_writer };

// One connection to a database file. Not shared between threads.
class Connection {
public:
    Connection(const std::string& path, Access access);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Runs SQL without results (may hold several statements).
    void exec(const char* sql);
    int changes() const { return sqlite3_changes(db_); }
    bool in_transaction() const { return !sqlite3_get_autocommit(db_); }
    sqlite3* handle() { return db_; }

private:
    sqlite3* db_ = nullptr;
};

// A prepared statement; binds are 1-based, columns 0-based.
class Statement {
public:
    Statement(sqlite3* db, const char* sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;

    void bind(int index, std::string_view text);
    void bind(int index, std::int64_t value);
    void bind_blob(int index, const void* data, int size);
    void bind_null(int index);
    // Steps once: true when a row is ready, false when done. Throws on error.
    bool step();
    // Resets so the statement can run again with new bindings.
    void reset();

    std::int64_t column_int(int index) const;
    std::string column_text(int index) const;
    std::string column_blob(int index) const;

private:
    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace mawid::server::sqlite
