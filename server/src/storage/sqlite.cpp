#include "storage/sqlite.hpp"

#include "storage/wal_buffer.hpp"

#include <mutex>

namespace mawid::server::sqlite {
namespace {

// SQLite counts every allocation in a statistic guarded by one process-wide mutex, which
// the writer, the sender and every HTTP thread then queue on. Mawid never reads those
// statistics, so the count is turned off before the first connection opens.
void configure_sqlite_once() {
    static std::once_flag once;
    std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

StorageError::Kind kind_of(int extended_code) {
    switch (extended_code) {
        case SQLITE_CONSTRAINT_UNIQUE: return StorageError::Kind::unique;
        case SQLITE_CONSTRAINT_PRIMARYKEY: return StorageError::Kind::primary_key;
        case SQLITE_BUSY: return StorageError::Kind::busy;
        default: return StorageError::Kind::other;
    }
}

[[noreturn]] void fail(sqlite3* db, const char* step) {
    int code = db ? sqlite3_extended_errcode(db) : SQLITE_ERROR;
    std::string message = std::string(step) + ": " + (db ? sqlite3_errmsg(db) : "no connection");
    throw StorageError(kind_of(code), std::to_string(code), message);
}

}  // namespace

Connection::Connection(const std::string& path, Access access) {
    configure_sqlite_once();
    int flags = SQLITE_OPEN_NOMUTEX;
    flags |= access == Access::read_only ? SQLITE_OPEN_READONLY
                                         : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    const char* vfs = access == Access::durable_writer ? wal_buffer_vfs() : nullptr;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, vfs) != SQLITE_OK) {
        std::string message = "open " + path + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory");
        sqlite3_close(db_);
        db_ = nullptr;
        throw StorageError(StorageError::Kind::other, std::to_string(SQLITE_CANTOPEN), message);
    }
    sqlite3_extended_result_codes(db_, 1);
    // Readers and the writer meet only at WAL checkpoints; wait briefly rather than fail.
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
}

Connection::~Connection() {
    sqlite3_close_v2(db_);
}

void Connection::exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(db_, sql);
}

Statement::Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK) {
        fail(db, sql);
    }
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
    other.stmt_ = nullptr;
}

void Statement::bind(int index, std::string_view text) {
    if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                          SQLITE_TRANSIENT) != SQLITE_OK) {
        fail(db_, "bind text");
    }
}

void Statement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) fail(db_, "bind int");
}

void Statement::bind_blob(int index, const void* data, int size) {
    if (sqlite3_bind_blob(stmt_, index, data, size, SQLITE_TRANSIENT) != SQLITE_OK) {
        fail(db_, "bind blob");
    }
}

void Statement::bind_null(int index) {
    if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) fail(db_, "bind null");
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, sqlite3_sql(stmt_));
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::column_int(int index) const {
    return sqlite3_column_int64(stmt_, index);
}

std::string Statement::column_text(int index) const {
    const unsigned char* text = sqlite3_column_text(stmt_, index);
    int size = sqlite3_column_bytes(stmt_, index);
    return text ? std::string(reinterpret_cast<const char*>(text), size) : std::string();
}

std::string Statement::column_blob(int index) const {
    const void* data = sqlite3_column_blob(stmt_, index);
    int size = sqlite3_column_bytes(stmt_, index);
    return data ? std::string(static_cast<const char*>(data), size) : std::string();
}

}  // namespace mawid::server::sqlite
