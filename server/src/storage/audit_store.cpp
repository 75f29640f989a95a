#include "storage/audit_store.hpp"

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

}  // namespace mawid::server
