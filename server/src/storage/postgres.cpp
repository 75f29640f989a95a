#include "storage/postgres.hpp"

#include <charconv>
#include <cstring>

namespace mawid::server::pg {
namespace {

// Type OIDs from PostgreSQL's catalog (pg_type.dat), fixed since its first releases.
constexpr Oid kBool = 16;
constexpr Oid kInt8 = 20;
constexpr Oid kBytea = 17;

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

Connection::Connection(const std::string& uri, bool read_only, int connect_timeout_s) {
    // A database server that stops answering (a dead machine, a cut network) is noticed
    // within seconds by TCP keepalives and the user timeout, so no request hangs on it.
    const char* keys[] = {"dbname",          "connect_timeout",     "application_name",
                          "keepalives_idle", "keepalives_interval", "keepalives_count",
                          "tcp_user_timeout", nullptr};
    std::string timeout = std::to_string(connect_timeout_s);
    const char* values[] = {uri.c_str(), timeout.c_str(), "mawid-server", "5", "2", "3",
                            "10000", nullptr};
    conn_ = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
        // The URI may hold a password: the message names the server's answer, not the URI.
        std::string why = conn_ ? PQerrorMessage(conn_) : "out of memory";
        PQfinish(conn_);
        conn_ = nullptr;
        throw StorageError(StorageError::Kind::unavailable, "", "connect to PostgreSQL: " + why);
    }
    // Mawid's times are UTC seconds and its texts UTF-8, whatever the server's defaults.
    // Notices ("already exists, skipping") are not for the server's log.
    exec("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'; SET client_min_messages = warning");
    if (read_only) exec("SET default_transaction_read_only = on");
    // Made here, by the thread that owns the connection; cancel() may then run on any.
    cancel_.reset(PQgetCancel(conn_));
}

Connection::~Connection() {
    PQfinish(conn_);
}

void Connection::cancel() {
    char why[256];
    if (cancel_) PQcancel(cancel_.get(), why, sizeof why);
}

void Connection::fail(const PGresult* result, std::string_view step) const {
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const char* constraint = result ? PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME) : nullptr;
    std::string sqlstate = state ? state : "";
    std::string_view name = constraint ? constraint : "";
    auto kind = StorageError::Kind::other;
    // Class 08 is a connection failure, 57P0x the server shutting down or restarting.
    if (PQstatus(conn_) == CONNECTION_BAD || sqlstate.rfind("08", 0) == 0 ||
        sqlstate.rfind("57P0", 0) == 0) {
        kind = StorageError::Kind::unavailable;
        lost_ = true;
    } else if (sqlstate == "40P01" || sqlstate == "40001") {
        // A deadlock between two servers' batches (or a serialization failure): PostgreSQL
        // has undone this transaction; the same requests will pass when tried again.
        kind = StorageError::Kind::busy;
    } else if (sqlstate == "23505") {
        // PostgreSQL names a table's primary key "<table>_pkey".
        bool primary = name.size() > 5 && name.substr(name.size() - 5) == "_pkey";
        kind = primary ? StorageError::Kind::primary_key : StorageError::Kind::unique;
    }
    std::string message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn_);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw StorageError(kind, sqlstate, std::string(step.substr(0, 120)) + ": " + message);
}

void Connection::exec(const char* sql) {
    std::unique_ptr<PGresult, void (*)(PGresult*)> result(PQexec(conn_, sql), PQclear);
    ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(result.get(), sql);
    if (counts_changes(PQcmdStatus(result.get()))) changes_ = std::atoi(PQcmdTuples(result.get()));
}

bool Connection::in_transaction() const {
    return PQtransactionStatus(conn_) != PQTRANS_IDLE;
}

// --- Statement -----------------------------------------------------------------------------

Statement::Statement(Connection& connection, const char* sql)
    : connection_(&connection), sql_(numbered_placeholders(sql)) {}

void Statement::prepare_on_server() {
    std::vector<Oid> types;
    for (const Param& p : params_) types.push_back(p.type);
    // Appended rather than "m" + to_string(...), which GCC 12 warns about wrongly (-Wrestrict).
    std::string name = "m";
    name += std::to_string(++connection_->prepared_);
    std::unique_ptr<PGresult, void (*)(PGresult*)> result(
        PQprepare(connection_->conn_, name.c_str(), sql_.c_str(), static_cast<int>(types.size()),
                  types.data()),
        PQclear);
    if (!result || PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
        connection_->fail(result.get(), sql_);
    }
    name_ = std::move(name);
}

Statement::Statement(Statement&& other) noexcept
    : connection_(other.connection_),
      sql_(std::move(other.sql_)),
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
    if (index < 1) throw StorageError(StorageError::Kind::other, "", "bind: indexes start at 1");
    if (params_.size() < static_cast<std::size_t>(index)) params_.resize(index);
    params_[index - 1] = std::move(param);
}

void Statement::bind(int index, std::string_view text) {
    set(index, {std::string(text), 0});
}

void Statement::bind(int index, std::int64_t value) {
    set(index, {std::to_string(value), kInt8});
}

void Statement::bind_blob(int index, const void* data, int size) {
    set(index, {std::string(static_cast<const char*>(data), size), kBytea});
}

void Statement::bind_null(int index) {
    set(index, {std::nullopt, 0});
}

bool Statement::step() {
    if (!result_) {
        if (name_.empty()) prepare_on_server();
        std::vector<const char*> values;
        std::vector<int> lengths, formats;
        for (const Param& p : params_) {
            values.push_back(p.value ? p.value->data() : nullptr);
            lengths.push_back(p.value ? static_cast<int>(p.value->size()) : 0);
            formats.push_back(p.type == kBytea ? 1 : 0);  // bytes go as they are
        }
        result_.reset(PQexecPrepared(connection_->conn_, name_.c_str(),
                                     static_cast<int>(values.size()), values.data(),
                                     lengths.data(), formats.data(), /*resultFormat=*/0));
        ExecStatusType status = result_ ? PQresultStatus(result_.get()) : PGRES_FATAL_ERROR;
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            auto failed = std::move(result_);
            connection_->fail(failed.get(), sql_);
        }
        if (counts_changes(PQcmdStatus(result_.get()))) {
            connection_->changes_ = std::atoi(PQcmdTuples(result_.get()));
        }
        row_ = -1;
    }
    if (++row_ < PQntuples(result_.get())) return true;
    // Done: as SQLite does, the next step runs the statement again (bindings kept).
    result_.reset();
    row_ = -1;
    return false;
}

void Statement::reset() {
    result_.reset();
    params_.clear();
    row_ = -1;
}

std::int64_t Statement::column_int(int index) const {
    if (PQgetisnull(result_.get(), row_, index)) return 0;
    const char* text = PQgetvalue(result_.get(), row_, index);
    // A condition read as a number ("served_at IS NOT NULL") is 1 or 0, as in SQLite.
    if (PQftype(result_.get(), index) == kBool) return text[0] == 't' ? 1 : 0;
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
    if (!bytes) throw StorageError(StorageError::Kind::other, "", "column_blob: out of memory");
    std::string blob(reinterpret_cast<const char*>(bytes), size);
    PQfreemem(bytes);
    return blob;
}

}  // namespace mawid::server::pg
