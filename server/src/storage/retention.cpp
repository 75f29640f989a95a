#include "storage/retention.hpp"

#include <algorithm>
#include <cstdio>

namespace mawid::server {

std::vector<std::string> centres_with_bookings(Connection& db) {
    // One seek a centre through bookings_by_centre_start: the next centre after the last.
    StatementUse next(db.cached(
        "SELECT centre FROM bookings WHERE centre > ?1 ORDER BY centre LIMIT 1"));
    std::vector<std::string> centres;
    std::string after;
    for (;;) {
        next->reset();
        next->bind(1, after);
        if (!next->step()) return centres;
        after = next->column_text(0);
        centres.push_back(after);
    }
}

namespace {

const char* const kErase = "UPDATE bookings SET cpr = '', phone = '', email = NULL, erased_at = ?1 ";

// Cancelled bookings, through bookings_cancelled_erase_due: a cancellation before the
// appointment is due when it was made.
int erase_cancelled(Connection& db, UnixSeconds due_before, int limit, UnixSeconds now) {
    // SQLite's two-argument min() is PostgreSQL's LEAST().
    const std::string due =
        std::string(db.engine() == Engine::sqlite ? "min" : "LEAST") + "(start, updated_at)";
    StatementUse erase(db.cached(
        std::string(kErase) + "WHERE code IN (SELECT code FROM bookings WHERE status = "
        "'cancelled' AND erased_at IS NULL AND " + due + " < ?2 ORDER BY " + due +
        " LIMIT ?3)"));
    erase->bind(1, now).bind(2, due_before).bind(3, limit).run();
    return db.changes();
}

// The bookings of `centre` not erased that started before `due_before`, at most `limit`,
// through bookings_by_centre_start from the centre's erasure mark, which then moves past
// them: so a purge of a large backlog, batch after batch, never reads a booking twice.
int erase_started(Connection& db, const std::string& centre, UnixSeconds due_before, int limit,
                  UnixSeconds now) {
    UnixSeconds from = 0;  // a centre's first bookings: no mark yet
    {
        StatementUse mark(db.cached("SELECT erased_before FROM erasure_marks WHERE centre = ?1"));
        mark->bind(1, centre);
        if (mark->step()) from = mark->column_int(0);
    }
    if (from >= due_before) return 0;
    StatementUse erase(db.cached(
        std::string(kErase) + "WHERE code IN (SELECT code FROM bookings WHERE centre = ?2 "
        "AND start >= ?3 AND start < ?4 AND erased_at IS NULL ORDER BY start LIMIT ?5) "
        "RETURNING start"));
    erase->bind(1, now).bind(2, centre).bind(3, from).bind(4, due_before).bind(5, limit);
    int erased = 0;
    UnixSeconds last = from;
    while (erase->step()) {
        ++erased;
        last = std::max(last, erase->column_int(0));
    }
    // Fewer than asked: none is left before due_before. Else the bookings that start at
    // `last` may not all be erased yet, and those before it are.
    StatementUse advance(db.cached(
        "INSERT INTO erasure_marks (centre, erased_before) VALUES (?1, ?2) "
        "ON CONFLICT (centre) DO UPDATE SET erased_before = excluded.erased_before"));
    advance->bind(1, centre).bind(2, erased < limit ? due_before : last).run();
    return erased;
}

}  // namespace

int erase_personal_data(Connection& db, UnixSeconds due_before, int limit, UnixSeconds now) {
    int erased = erase_cancelled(db, due_before, limit, now);
    for (const std::string& centre : centres_with_bookings(db)) {
        if (erased >= limit) break;  // the next round goes on from the centres' marks
        erased += erase_started(db, centre, due_before, limit - erased, now);
    }
    return erased;
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
