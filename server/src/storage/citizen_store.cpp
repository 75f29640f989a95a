#include "storage/citizen_store.hpp"

#include <atomic>
#include <utility>

#include "storage/store.hpp"

namespace mawid::server {
namespace {

std::atomic<std::uint64_t> sessions_generation{0};
// Set by the writer's changes to sessions in the transaction under way; published (the
// generation moved on again) once it committed: see publish_citizen_session_changes.
thread_local bool sessions_changed = false;

// A session ended or weakened: cached copies go stale now, and again once it commits (a
// thread that read the row between the two would otherwise keep the old copy).
void session_changed() {
    sessions_changed = true;
    bump_citizen_sessions_generation();
}

Statement& bind_hash(Statement& s, int index, const std::string& hash) {
    return s.bind_blob(index, hash.data(), static_cast<int>(hash.size()));
}

std::vector<std::string> texts(Statement& s) {
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.column_text(0));
    return out;
}

}  // namespace

std::int64_t insert_verification(Connection& db, const std::string& phone,
                                 const std::string& code_hash, UnixSeconds now,
                                 UnixSeconds expires_at) {
    StatementUse insert(db.cached(
        "INSERT INTO verifications (phone, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?) "
        "RETURNING id"));
    insert->bind(1, phone);
    return bind_hash(*insert, 2, code_hash).bind(3, now).bind(4, expires_at).run_returning_id();
}

std::optional<VerificationRecord> latest_verification(Connection& db, const std::string& phone) {
    StatementUse select(db.cached(
        "SELECT id, code_hash, created_at, expires_at, tries, spent FROM verifications "
        "WHERE phone = ? ORDER BY created_at DESC, id DESC LIMIT 1"));
    select->bind(1, phone);
    if (!select->step()) return std::nullopt;
    return VerificationRecord{select->column_int(0), select->column_blob(1), select->column_int(2),
                              select->column_int(3), static_cast<int>(select->column_int(4)),
                              select->column_int(5) != 0};
}

std::vector<UnixSeconds> verifications_since(Connection& db, const std::string& phone,
                                             UnixSeconds since) {
    StatementUse select(db.cached(
        "SELECT created_at FROM verifications WHERE phone = ? AND created_at >= ? "
        "ORDER BY created_at"));
    select->bind(1, phone).bind(2, since);
    std::vector<UnixSeconds> times;
    while (select->step()) times.push_back(select->column_int(0));
    return times;
}

void count_verification_try(Connection& db, std::int64_t id, int max_tries) {
    StatementUse update(db.cached(
        "UPDATE verifications SET tries = tries + 1, "
        "spent = CASE WHEN tries + 1 >= ?2 THEN 1 ELSE 0 END WHERE id = ?1"));
    update->bind(1, id).bind(2, max_tries).run();
}

void spend_verification(Connection& db, std::int64_t id) {
    StatementUse update(db.cached("UPDATE verifications SET spent = 1 WHERE id = ?"));
    update->bind(1, id).run();
}

int forget_verifications(Connection& db, UnixSeconds before) {
    StatementUse forget(db.cached("DELETE FROM verifications WHERE created_at < ?"));
    forget->bind(1, before).run();
    return db.changes();
}

void insert_citizen_session(Connection& db, const std::string& hash, const CitizenSession& s) {
    StatementUse insert(db.cached(
        "INSERT INTO citizen_sessions (token_hash, phone, cpr, created_at, last_seen) "
        "VALUES (?, ?, ?, ?, ?)"));
    bind_hash(*insert, 1, hash).bind(2, s.phone).bind(3, s.cpr).bind(4, s.created_at).bind(
        5, s.last_seen);
    insert->run();
}

std::optional<CitizenSession> find_citizen_session(Connection& db, const std::string& hash) {
    StatementUse select(db.cached(
        "SELECT phone, cpr, created_at, last_seen, refusals FROM citizen_sessions "
        "WHERE token_hash = ?"));
    bind_hash(*select, 1, hash);
    if (!select->step()) return std::nullopt;
    return CitizenSession{select->column_text(0), select->column_text(1), select->column_int(2),
                          select->column_int(3), static_cast<int>(select->column_int(4))};
}

void touch_citizen_session(Connection& db, const std::string& hash, UnixSeconds now) {
    StatementUse update(db.cached(
        "UPDATE citizen_sessions SET last_seen = ?1 WHERE token_hash = ?2 AND last_seen < ?1"));
    update->bind(1, now);
    bind_hash(*update, 2, hash).run();
}

void count_citizen_refusal(Connection& db, const std::string& hash) {
    StatementUse update(db.cached(
        "UPDATE citizen_sessions SET refusals = refusals + 1 WHERE token_hash = ?"));
    bind_hash(*update, 1, hash).run();
    session_changed();
}

void delete_citizen_session(Connection& db, const std::string& hash) {
    StatementUse remove(db.cached("DELETE FROM citizen_sessions WHERE token_hash = ?"));
    bind_hash(*remove, 1, hash).run();
    session_changed();
}

std::uint64_t citizen_sessions_generation() {
    return sessions_generation.load(std::memory_order_acquire);
}

void bump_citizen_sessions_generation() {
    sessions_generation.fetch_add(1, std::memory_order_acq_rel);
}

void publish_citizen_session_changes() {
    if (!std::exchange(sessions_changed, false)) return;
    bump_citizen_sessions_generation();
}

int delete_expired_citizen_sessions(Connection& db, UnixSeconds idle_before,
                                    UnixSeconds created_before) {
    StatementUse remove(db.cached(
        "DELETE FROM citizen_sessions WHERE last_seen < ? OR created_at < ?"));
    remove->bind(1, idle_before).bind(2, created_before).run();
    const int deleted = db.changes();
    if (deleted > 0) session_changed();
    return deleted;
}

void take_turn_for_person(Connection& db, const std::string& phone, const std::string& cpr) {
    if (db.engine() != Engine::postgresql) return;
    // Two-key locks (class, hash): a space apart from the walk-ins' and migrations' locks.
    // Always the phone first, so two batches booking for one family queue rather than
    // deadlock; a deadlock across two people is undone by PostgreSQL (the batch runs again,
    // and a booking that meets it again is answered 503).
    auto lock = [&db](const char* sql, const std::string& key) {
        StatementUse use(db.cached(sql));
        use->bind(1, key);
        use->step();
    };
    if (!phone.empty()) lock("SELECT pg_advisory_xact_lock(1, hashtext(?1))", phone);
    lock("SELECT pg_advisory_xact_lock(2, hashtext(?1))", cpr);
}

std::vector<std::string> active_booking_phones(Connection& db, const std::string& cpr) {
    StatementUse select(db.cached(
        "SELECT phone FROM bookings WHERE cpr = ? AND status IN ('booked', 'checked_in') "
        "AND erased_at IS NULL"));
    select->bind(1, cpr);
    return texts(*select);
}

int count_active_cprs(Connection& db, const std::string& phone, int at_most) {
    StatementUse select(db.cached(
        "SELECT count(*) FROM (SELECT DISTINCT cpr FROM bookings WHERE phone = ? "
        "AND status IN ('booked', 'checked_in') LIMIT ?) AS cprs"));
    select->bind(1, phone).bind(2, at_most);
    select->step();
    return static_cast<int>(select->column_int(0));
}

std::vector<Booking> bookings_of(Connection& db, const std::string& phone, const std::string& cpr,
                                 UnixSeconds from, int limit) {
    // One index each: an identity's bookings by CPR, a phone's by phone.
    StatementUse select(db.cached(
        std::string("SELECT ") + kBookingColumns + " FROM bookings WHERE " +
        (cpr.empty() ? "phone" : "cpr") +
        " = ?1 AND start >= ?2 AND erased_at IS NULL ORDER BY start DESC LIMIT ?3"));
    select->bind(1, cpr.empty() ? phone : cpr).bind(2, from).bind(3, limit);
    std::vector<Booking> bookings;
    while (select->step()) bookings.push_back(read_booking_columns(*select).booking);
    return bookings;
}

}  // namespace mawid::server
