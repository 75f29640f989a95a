#include "storage/retention.hpp"

#include <cstdio>

namespace mawid::server {

std::string erase_due_sql(Engine engine) {
    // SQLite's two-argument min() is PostgreSQL's LEAST().
    return std::string("(CASE WHEN status = 'cancelled' THEN ") +
           (engine == Engine::sqlite ? "min" : "LEAST") + "(start, updated_at) ELSE start END)";
}

int erase_personal_data(Connection& db, UnixSeconds due_before, int limit, UnixSeconds now) {
    const std::string due = erase_due_sql(db.engine());
    StatementUse erase(db.cached(
        "UPDATE bookings SET cpr = '', phone = '', email = NULL, erased_at = ?1 WHERE code IN ("
        "  SELECT code FROM bookings WHERE erased_at IS NULL AND " + due + " < ?2"
        "  ORDER BY " + due + " LIMIT ?3)"));
    erase->bind(1, now).bind(2, due_before).bind(3, limit).run();
    return db.changes();
}

int forget_messages(Connection& db, UnixSeconds created_before, int limit) {
    // Oldest rows first by id (their creation order), so a round never scans rows it
    // already deleted.
    StatementUse forget(db.cached(
        "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE created_at < ?1 "
        "ORDER BY id LIMIT ?2)"));
    forget->bind(1, created_before).bind(2, limit).run();
    return db.changes();
}

bool truncate_wal(Connection& db) {
    // TRUNCATE waits for every reader to leave the WAL; a long one (a --backup copying a
    // large file) must not hold the writer's next bookings up, so wait briefly and retry
    // later instead.
    constexpr int kReaderWaitMs = 50;
    sqlite3* lite = db.sqlite_handle();
    if (!lite) return true;  // PostgreSQL recycles its own WAL
    sqlite3_busy_timeout(lite, kReaderWaitMs);
    int rc = sqlite3_wal_checkpoint_v2(lite, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    sqlite3_busy_timeout(lite, kBusyTimeoutMs);
    if (rc != SQLITE_OK) {
        std::fprintf(stderr, "retention: the WAL could not be truncated yet: %s\n",
                     sqlite3_errstr(rc));
        return false;
    }
    return true;
}

}  // namespace mawid::server
