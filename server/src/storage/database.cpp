#include "storage/database.hpp"

namespace mawid::server {
namespace {

// Ends whatever transaction is open, quietly: for destructors, where a failure can only
// mean the connection is gone, and the engine has then rolled back by itself.
void roll_back_quietly(Connection& connection) {
    if (!connection.in_transaction()) return;
    try {
        connection.exec("ROLLBACK");
    } catch (const StorageError&) {
    }
}

}  // namespace

Engine engine_of(std::string_view db) {
    return pg::is_uri(db) ? Engine::postgresql : Engine::sqlite;
}

// --- Connection ----------------------------------------------------------------------------

Connection::Connection(const std::string& db, Mode mode) {
    const bool read_only = mode == Mode::read_only;
    if (engine_of(db) == Engine::postgresql) {
        pg_ = std::make_unique<pg::Connection>(db, read_only);
    } else {
        lite_ = std::make_unique<sqlite::Connection>(
            db, read_only ? sqlite::Access::read_only
                          : mode == Mode::durable_writer ? sqlite::Access::durable_writer
                                                         : sqlite::Access::read_write);
    }
}

Connection::~Connection() {
    cached_.clear();  // statements are finalized before their connection closes
}

void Connection::exec(const char* sql) {
    if (lite_) {
        lite_->exec(sql);
    } else {
        pg_->exec(sql);
    }
}

void Connection::cancel() {
    if (pg_) pg_->cancel();
}

std::string Connection::query_text(const char* sql) {
    Statement statement = prepare(sql);
    return statement.step() ? statement.column_text(0) : std::string();
}

Statement Connection::prepare(const char* sql) {
    return Statement(*this, sql);
}

Statement& Connection::cached(const std::string& sql) {
    auto& slot = cached_[sql];
    if (!slot) slot = std::make_unique<Statement>(*this, sql.c_str());
    return *slot;
}

void Connection::run_cached(const std::string& sql) {
    StatementUse use(cached(sql));
    use->run();
}

int Connection::changes() const {
    return lite_ ? lite_->changes() : pg_->changes();
}

bool Connection::in_transaction() const {
    return lite_ ? lite_->in_transaction() : pg_->in_transaction();
}

// --- Statement -----------------------------------------------------------------------------

using EngineStatement = std::variant<sqlite::Statement, pg::Statement>;

Statement::Statement(Connection& connection, const char* sql)
    : engine_(connection.lite_
                  ? EngineStatement(std::in_place_type<sqlite::Statement>,
                                    connection.lite_->handle(), sql)
                  : EngineStatement(std::in_place_type<pg::Statement>, *connection.pg_, sql)) {}

Statement& Statement::bind(int index, std::string_view text) {
    std::visit([&](auto& s) { s.bind(index, text); }, engine_);
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    std::visit([&](auto& s) { s.bind(index, value); }, engine_);
    return *this;
}

Statement& Statement::bind_blob(int index, const void* data, int size) {
    std::visit([&](auto& s) { s.bind_blob(index, data, size); }, engine_);
    return *this;
}

Statement& Statement::bind_or_null(int index, std::string_view text) {
    if (!text.empty()) return bind(index, text);
    std::visit([&](auto& s) { s.bind_null(index); }, engine_);
    return *this;
}

bool Statement::step() {
    return std::visit([](auto& s) { return s.step(); }, engine_);
}

void Statement::run() {
    while (step()) {
    }
}

std::int64_t Statement::run_returning_id() {
    if (!step()) throw StorageError(StorageError::Kind::other, "", "INSERT returned no id");
    std::int64_t id = column_int(0);
    run();
    return id;
}

void Statement::reset() {
    std::visit([](auto& s) { s.reset(); }, engine_);
}

std::int64_t Statement::column_int(int index) const {
    return std::visit([&](const auto& s) { return s.column_int(index); }, engine_);
}

std::string Statement::column_text(int index) const {
    return std::visit([&](const auto& s) { return s.column_text(index); }, engine_);
}

std::string Statement::column_blob(int index) const {
    return std::visit([&](const auto& s) { return s.column_blob(index); }, engine_);
}

// --- Transactions --------------------------------------------------------------------------

Transaction::Transaction(Connection& connection) : connection_(connection) {
    connection_.run_cached(connection_.engine() == Engine::sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction() {
    if (open_) roll_back_quietly(connection_);
}

void Transaction::commit() {
    connection_.run_cached("COMMIT");
    open_ = false;
}

ReadSnapshot::ReadSnapshot(Connection& connection) : connection_(connection) {
    // SQLite's BEGIN reads one snapshot from the first read on; PostgreSQL's default
    // (READ COMMITTED) would take a new one for each statement.
    connection_.run_cached(connection_.engine() == Engine::sqlite
                               ? "BEGIN"
                               : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

ReadSnapshot::~ReadSnapshot() {
    // Nothing was written: ending it either way only lets the engine move on.
    roll_back_quietly(connection_);
}

Savepoint::Savepoint(Connection& connection, std::string name)
    : connection_(connection), name_(std::move(name)) {
    connection_.run_cached("SAVEPOINT " + name_);
}

Savepoint::~Savepoint() {
    if (!open_) return;
    try {
        connection_.run_cached("ROLLBACK TO SAVEPOINT " + name_);
        connection_.run_cached("RELEASE SAVEPOINT " + name_);
    } catch (const StorageError&) {
        // The enclosing transaction will fail and roll back; nothing more can be done here.
    }
}

void Savepoint::release() {
    connection_.run_cached("RELEASE SAVEPOINT " + name_);
    open_ = false;
}

}  // namespace mawid::server
