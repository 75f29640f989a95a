#include "storage/sqlite.hpp"

#include <mutex>

namespace mawid::server {
namespace {

// SQLite counts every allocation in a statistic guarded by one process-wide mutex, which
// the writer, the sender and every HTTP thread then queue on. Mawid never reads those
// statistics, so the count is turned off before the first connection opens.
void configure_sqlite_once() {
    static std::once_flag once;
    std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

[[noreturn]] void fail(sqlite3* db, const char* step) {
    int code = db ? sqlite3_extended_errcode(db) : SQLITE_ERROR;
    std::string message = std::string(step) + ": " + (db ? sqlite3_errmsg(db) : "no connection");
    throw SqliteError(code, message);
}

}  // namespace

Connection::Connection(const std::string& path, Mode mode) {
    configure_sqlite_once();
    int flags = SQLITE_OPEN_NOMUTEX;
    flags |=
        mode == Mode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
        std::string message = "open " + path + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory");
        sqlite3_close(db_);
        db_ = nullptr;
        throw SqliteError(SQLITE_CANTOPEN, message);
    }
    sqlite3_extended_result_codes(db_, 1);
    // Readers and the writer meet only at WAL checkpoints; wait briefly rather than fail.
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
}

Connection::~Connection() {
    cached_.clear();  // statements must be finalized before the connection closes
    sqlite3_close_v2(db_);
}

Statement& Connection::cached(const std::string& sql) {
    auto& slot = cached_[sql];
    if (!slot) slot = std::make_unique<Statement>(db_, sql.c_str());
    return *slot;
}

void Connection::run_cached(const std::string& sql) {
    StatementUse use(cached(sql));
    use->run();
}

void Connection::exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(db_, sql);
}

std::string Connection::query_text(const char* sql) {
    Statement statement = prepare(sql);
    return statement.step() ? statement.column_text(0) : std::string();
}

Statement Connection::prepare(const char* sql) {
    return Statement(db_, sql);
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

Statement& Statement::bind(int index, std::string_view text) {
    if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                          SQLITE_TRANSIENT) != SQLITE_OK) {
        fail(db_, "bind text");
    }
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) fail(db_, "bind int");
    return *this;
}

Statement& Statement::bind_blob(int index, const void* data, int size) {
    if (sqlite3_bind_blob(stmt_, index, data, size, SQLITE_TRANSIENT) != SQLITE_OK) {
        fail(db_, "bind blob");
    }
    return *this;
}

Statement& Statement::bind_or_null(int index, std::string_view text) {
    if (!text.empty()) return bind(index, text);
    if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) fail(db_, "bind null");
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, sqlite3_sql(stmt_));
}

void Statement::run() {
    while (step()) {
    }
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

ReadSnapshot::ReadSnapshot(Connection& connection) : connection_(connection) {
    connection_.run_cached("BEGIN");
}

ReadSnapshot::~ReadSnapshot() {
    // Nothing was written: ending it either way only lets the WAL move on.
    if (!sqlite3_get_autocommit(connection_.handle())) {
        sqlite3_exec(connection_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

Transaction::Transaction(Connection& connection) : connection_(connection) {
    connection_.run_cached("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (!open_) return;
    // A failed rollback leaves nothing better to do; SQLite rolls back on close anyway.
    if (!sqlite3_get_autocommit(connection_.handle())) {
        sqlite3_exec(connection_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    connection_.run_cached("COMMIT");
    open_ = false;
}

Savepoint::Savepoint(Connection& connection, std::string name)
    : connection_(connection), name_(std::move(name)) {
    connection_.run_cached("SAVEPOINT " + name_);
}

Savepoint::~Savepoint() {
    if (!open_) return;
    try {
        connection_.run_cached("ROLLBACK TO " + name_);
        connection_.run_cached("RELEASE " + name_);
    } catch (const SqliteError&) {
        // The enclosing transaction will fail and roll back; nothing more can be done here.
    }
}

void Savepoint::release() {
    connection_.run_cached("RELEASE " + name_);
    open_ = false;
}

}  // namespace mawid::server
