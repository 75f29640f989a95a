#include "storage/postgres.hpp"

#include <charconv>
#include <cstring>

namespace mawid::server::pg {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Whether a command tag ("UPDATE 3") is one SQLite's changes() would count.
bool counts_changes(const char* tag) {
    for (const char* verb : {"INSERT ", "UPDATE ", "DELETE "}) {
        if (std::strncmp(tag, verb, std::strlen(verb)) == 0) return true;
    }
    return false;
}

}  // namespace

std::string numbered_placeholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 8);
    char quote = 0;  // the quote character of the literal or identifier we are in
    int next = 1;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        char c = sql[i];
        if (quote) {
            out += c;
            if (c == quote) quote = 0;  // a doubled quote closes and reopens: same result
        } else if (c == '\'' || c == '"') {
            quote = c;
            out += c;
        } else if (c == '?') {
            std::size_t digits = i + 1;
            while (digits < sql.size() && is_digit(sql[digits])) ++digits;
            out += '$';
            if (digits > i + 1) {
                out.append(sql.substr(i + 1, digits - i - 1));
                i = digits - 1;
            } else {
                out += std::to_string(next++);
            }
        } else {
            out += c;
        }
    }
    return out;
}

bool is_uri(std::string_view db) {
    return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

// --- Connection ----------------------------------------------------------------------------

Connection::Connection(const std::string& uri, int connect_timeout_s) {
    const char* keys[] = {"dbname", "connect_timeout", "application_name", nullptr};
    std::string timeout = std::to_string(connect_timeout_s);
    const char* values[] = {uri.c_str(), timeout.c_str(), "mawid-server", nullptr};
    conn_ = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
        // The URI may hold a password: the message names the server's answer, not the URI.
        std::string why = conn_ ? PQerrorMessage(conn_) : "out of memory";
        PQfinish(conn_);
        conn_ = nullptr;
        throw Error("", "", true, "connect to PostgreSQL: " + why);
    }
    // Mawid's times are UTC seconds and its texts UTF-8, whatever the server's defaults.
    exec("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'");
}

Connection::~Connection() {
    cached_.clear();  // their DEALLOCATEs need the connection
    PQfinish(conn_);
}

void Connection::fail(const PGresult* result, std::string_view step) const {
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const char* constraint = result ? PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME) : nullptr;
    std::string sqlstate = state ? state : "";
    // Class 08 is a connection failure, 57P0x the server shutting down or restarting.
    bool unavailable = PQstatus(conn_) == CONNECTION_BAD || sqlstate.rfind("08", 0) == 0 ||
                       sqlstate.rfind("57P0", 0) == 0;
    std::string message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn_);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw Error(sqlstate, constraint ? constraint : "", unavailable,
                std::string(step.substr(0, 120)) + ": " + message);
}

void Connection::exec(const char* sql) {
    std::unique_ptr<PGresult, void (*)(PGresult*)> result(PQexec(conn_, sql), PQclear);
    ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(result.get(), sql);
    if (counts_changes(PQcmdStatus(result.get()))) changes_ = std::atoi(PQcmdTuples(result.get()));
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
    Statement& statement = cached(sql);
    statement.run();
    statement.reset();
}

bool Connection::in_transaction() const {
    return PQtransactionStatus(conn_) != PQTRANS_IDLE;
}

std::string Connection::next_statement_name() {
    return "m" + std::to_string(++prepared_);
}

// --- Statement -----------------------------------------------------------------------------

Statement::Statement(Connection& connection, const char* sql)
    : connection_(&connection), name_(connection.next_statement_name()) {
    std::string text = numbered_placeholders(sql);
    std::unique_ptr<PGresult, void (*)(PGresult*)> result(
        PQprepare(connection.conn_, name_.c_str(), text.c_str(), 0, nullptr), PQclear);
    if (!result || PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
        name_.clear();
        connection.fail(result.get(), sql);
    }
}

Statement::Statement(Statement&& other) noexcept
    : connection_(other.connection_),
      name_(std::move(other.name_)),
      params_(std::move(other.params_)),
      result_(std::move(other.result_)),
      row_(other.row_) {
    other.name_.clear();
}

Statement::~Statement() {
    if (name_.empty() || PQstatus(connection_->conn_) != CONNECTION_OK) return;
    // Inside a failed transaction the server refuses even this; the name then lives until
    // the connection closes, which is harmless.
    std::string sql = "DEALLOCATE " + name_;
    PQclear(PQexec(connection_->conn_, sql.c_str()));
}

void Statement::set(int index, Param param) {
    if (index < 1) throw Error("", "", false, "bind: parameter indexes start at 1");
    if (params_.size() < static_cast<std::size_t>(index)) params_.resize(index);
    params_[index - 1] = std::move(param);
}

Statement& Statement::bind(int index, std::string_view text) {
    set(index, {std::string(text), false});
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    set(index, {std::to_string(value), false});
    return *this;
}

Statement& Statement::bind_blob(int index, const void* data, int size) {
    set(index, {std::string(static_cast<const char*>(data), size), true});
    return *this;
}

Statement& Statement::bind_or_null(int index, std::string_view text) {
    if (!text.empty()) return bind(index, text);
    set(index, {std::nullopt, false});
    return *this;
}

bool Statement::step() {
    if (!result_) {
        std::vector<const char*> values;
        std::vector<int> lengths, formats;
        for (const Param& p : params_) {
            values.push_back(p.value ? p.value->data() : nullptr);
            lengths.push_back(p.value ? static_cast<int>(p.value->size()) : 0);
            formats.push_back(p.binary ? 1 : 0);
        }
        result_.reset(PQexecPrepared(connection_->conn_, name_.c_str(),
                                     static_cast<int>(values.size()), values.data(),
                                     lengths.data(), formats.data(), /*resultFormat=*/0));
        ExecStatusType status = result_ ? PQresultStatus(result_.get()) : PGRES_FATAL_ERROR;
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            auto failed = std::move(result_);
            connection_->fail(failed.get(), "statement " + name_);
        }
        if (counts_changes(PQcmdStatus(result_.get()))) {
            connection_->changes_ = std::atoi(PQcmdTuples(result_.get()));
        }
        row_ = -1;
    }
    return ++row_ < PQntuples(result_.get());
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() {
    result_.reset();
    params_.clear();
    row_ = -1;
}

std::int64_t Statement::column_int(int index) const {
    if (PQgetisnull(result_.get(), row_, index)) return 0;
    const char* text = PQgetvalue(result_.get(), row_, index);
    std::int64_t value = 0;
    std::from_chars(text, text + std::strlen(text), value);
    return value;
}

std::string Statement::column_text(int index) const {
    if (PQgetisnull(result_.get(), row_, index)) return {};
    return std::string(PQgetvalue(result_.get(), row_, index),
                       PQgetlength(result_.get(), row_, index));
}

std::string Statement::column_blob(int index) const {
    if (PQgetisnull(result_.get(), row_, index)) return {};
    // bytea comes in text form ("\x0a1b..."): libpq turns it back into bytes.
    std::size_t size = 0;
    unsigned char* bytes = PQunescapeBytea(
        reinterpret_cast<const unsigned char*>(PQgetvalue(result_.get(), row_, index)), &size);
    if (!bytes) throw Error("", "", false, "column_blob: out of memory");
    std::string blob(reinterpret_cast<const char*>(bytes), size);
    PQfreemem(bytes);
    return blob;
}

// --- Transactions --------------------------------------------------------------------------

Transaction::Transaction(Connection& connection) : connection_(connection) {
    connection_.run_cached("BEGIN");
}

Transaction::~Transaction() {
    if (!open_ || !connection_.in_transaction()) return;
    try {
        connection_.exec("ROLLBACK");
    } catch (const Error&) {
        // A lost connection has rolled back already, on the server's side.
    }
}

void Transaction::commit() {
    open_ = false;
    connection_.run_cached("COMMIT");
}

ReadSnapshot::ReadSnapshot(Connection& connection) : connection_(connection) {
    connection_.run_cached("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

ReadSnapshot::~ReadSnapshot() {
    if (!connection_.in_transaction()) return;
    try {
        connection_.exec("ROLLBACK");
    } catch (const Error&) {
    }
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
    } catch (const Error&) {
        // The enclosing transaction will fail and roll back; nothing more can be done here.
    }
}

void Savepoint::release() {
    connection_.run_cached("RELEASE SAVEPOINT " + name_);
    open_ = false;
}

}  // namespace mawid::server::pg
