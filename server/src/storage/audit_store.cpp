#include "storage/audit_store.hpp"

#include <variant>

namespace mawid::server {

void record_audit(Connection& db, const AuditEntry& entry) {
    StatementUse insert(db.cached(
        "INSERT INTO audit (at, username, centre, action, booking, detail) "
        "VALUES (?, ?, ?, ?, ?, ?)"));
    insert->bind(1, entry.at)
        .bind(2, entry.username)
        .bind_or_null(3, entry.centre)
        .bind(4, entry.action)
        .bind_or_null(5, entry.booking)
        .bind(6, entry.detail)
        .run();
}

int forget_audit_before(Connection& db, UnixSeconds before) {
    db.prepare("DELETE FROM audit WHERE at < ?").bind(1, before).run();
    return db.changes();
}

namespace {

using Value = std::variant<std::int64_t, std::string>;

// Only the filters asked for are in the SQL, so SQLite can use the (centre, at) and (at)
// indexes; `values` receives what to bind, in order.
std::string audit_select(const AuditQuery& q, std::vector<Value>& values) {
    std::string sql =
        "SELECT id, at, username, coalesce(centre, ''), action, coalesce(booking, ''), detail "
        "FROM audit WHERE 1 = 1";  // the filters each add " AND ..."
    auto where = [&](const char* condition, Value value) {
        sql += condition;
        values.push_back(std::move(value));
    };
    if (q.from) where(" AND at >= ?", *q.from);
    if (q.to) where(" AND at < ?", *q.to);
    if (q.centre) where(" AND centre = ?", *q.centre);
    if (!q.username.empty()) where(" AND username = ?", q.username);
    if (!q.action.empty()) where(" AND action = ?", q.action);
    if (q.before > 0) where(" AND id < ?", q.before);
    where(" ORDER BY id DESC LIMIT ?", static_cast<std::int64_t>(q.limit));
    return sql;
}

}  // namespace

std::vector<StoredAuditEntry> read_audit(Connection& db, const AuditQuery& q) {
    std::vector<Value> values;
    Statement s = db.prepare(audit_select(q, values).c_str());
    for (std::size_t i = 0; i < values.size(); ++i) {
        std::visit([&](const auto& value) { s.bind(static_cast<int>(i + 1), value); }, values[i]);
    }
    std::vector<StoredAuditEntry> entries;
    while (s.step()) {
        entries.push_back(
            {s.column_int(0), AuditEntry{s.column_int(1), s.column_text(2), s.column_text(3),
                                         s.column_text(4), s.column_text(5), s.column_text(6)}});
    }
    return entries;
}

}  // namespace mawid::server
