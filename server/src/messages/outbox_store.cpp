#include "messages/outbox_store.hpp"

#include <mawid/staff.hpp>

#include <algorithm>

#include "storage/retention.hpp"

namespace mawid::server {
namespace {

// Sets one channel of a booking's stored deliveries: its last message's fate.
void note_delivery(Connection& db, const std::string& booking, const std::string& channel,
                   Delivery delivery) {
    StatementUse read(db.cached("SELECT delivery FROM bookings WHERE code = ?"));
    read->bind(1, booking);
    if (!read->step()) return;
    auto deliveries = parse_deliveries(read->column_text(0));
    deliveries[channel] = delivery;
    StatementUse write(db.cached("UPDATE bookings SET delivery = ? WHERE code = ?"));
    write->bind(1, deliveries_text(deliveries)).bind(2, booking).run();
}

}  // namespace

void enqueue_message(Connection& db, const OutboxMessage& message, UnixSeconds now) {
    StatementUse insert(db.cached(
        "INSERT INTO outbox (channel, recipient, booking, kind, due_at, created_at, ticket, "
        "secret, lang) VALUES (?, ?, ?, ?, ?, ?, nullif(?, 0), nullif(?, ''), nullif(?, ''))"));
    insert->bind(1, message.channel)
        .bind(2, message.recipient)
        .bind_or_null(3, message.booking)
        .bind(4, message_kind_name(message.kind))
        .bind(5, message.due_at)
        .bind(6, now)
        .bind(7, message.ticket)
        .bind(8, message.secret)
        .bind(9, message.lang)
        .run();
}

namespace {

// The reminder statements for one channel: the recipient is the booking's column
// `recipient`, and a booking without one (no e-mail) gets none on that channel.
struct ReminderSql {
    std::string soon;
    std::string evening;
};

ReminderSql reminder_sql(const std::string& channel, const std::string& recipient) {
    // Bookings are found centre by centre (?2) through bookings_by_centre_start.
    // Local times are the booking's own offset: day = (instant + offset) / 86400.
    // A booking already reminded of a kind on a channel is skipped by the unique index
    // outbox_reminders (ON CONFLICT DO NOTHING; "WHERE" keeps SQLite's parser from reading
    // ON as a join).
    std::string insert = "INSERT INTO outbox (channel, recipient, booking, kind, "
                         "due_at, created_at) SELECT '" + channel + "', " + recipient +
                         ", code, ";
    std::string due = " FROM bookings WHERE centre = ?2 AND erased_at IS NULL "
                      "  AND status = 'booked' AND coalesce(" + recipient + ", '') != '' "
                      "  AND start ";
    const std::string skip_reminded = " ON CONFLICT DO NOTHING";
    return {insert + "'reminder_soon', ?1, ?1" + due +
                "BETWEEN ?1 + 1 AND ?1 + 7200 AND created_at < start - 7200" + skip_reminded,
            insert + "'reminder_evening', ?1, ?1" + due +
                "BETWEEN ?1 + 1 AND ?1 + 172800 "
                "  AND (start + offset_minutes * 60) / 86400 = "
                "      (?1 + offset_minutes * 60) / 86400 + 1 "
                "  AND (?1 + offset_minutes * 60) % 86400 >= 64800 "
                "  AND created_at < ((?1 + offset_minutes * 60) / 86400) * 86400 + 64800 "
                "                   - offset_minutes * 60" + skip_reminded};
}

}  // namespace

int enqueue_due_reminders(Connection& db, UnixSeconds now) {
    static const ReminderSql kChannels[2] = {reminder_sql("sms", "phone"),
                                             reminder_sql("email", "email")};
    int queued = 0;
    for (const std::string& centre : centres_with_bookings(db)) {
        for (const ReminderSql& sql : kChannels) {
            for (const std::string* text : {&sql.soon, &sql.evening}) {
                StatementUse insert(db.cached(*text));
                insert->bind(1, now).bind(2, centre).run();
                queued += db.changes();
            }
        }
    }
    return queued;
}

void forget_reminders(Connection& db, const std::string& booking) {
    StatementUse forget(db.cached(
        "DELETE FROM outbox WHERE booking = ? "
        "AND kind IN ('reminder_evening', 'reminder_soon')"));
    forget->bind(1, booking).run();
}

// Each statement names its kind as a literal: outbox_closures and outbox_reopened
// (migration 15) hold those rows alone, so none of them scans the outbox.
ClosureTold take_back_closure_notices(Connection& db, const std::string& booking,
                                      UnixSeconds now) {
    ClosureTold told;
    told.settled_by = now;
    // Only the notices since the last "goes ahead" that was not dropped: those before it
    // were answered by it.
    StatementUse since(db.cached(
        "SELECT channel, state, coalesce(claimed_until, 0) FROM outbox "
        "WHERE kind = 'closure' AND booking = ?1 AND state IN ('pending', 'sent') "
        "AND id > coalesce((SELECT max(id) FROM outbox WHERE kind = 'reopened' "
        "AND booking = ?1 AND state <> 'dropped'), 0)"));
    since->bind(1, booking);
    while (since->step()) {
        const std::string channel = since->column_text(0);
        const UnixSeconds claimed_until = since->column_int(2);
        const bool sent = since->column_text(1) == "sent";
        if (!sent && claimed_until <= now) continue;  // waiting: dropped below, never told
        told.settled_by = std::max(told.settled_by, claimed_until);
        if (std::find(told.channels.begin(), told.channels.end(), channel) == told.channels.end()) {
            told.channels.push_back(channel);
        }
    }
    // A sender's answer for a dropped row changes nothing (record_attempt wants 'pending').
    StatementUse drop(db.cached(
        "UPDATE outbox SET state = 'dropped', settled_at = ?2, claimed_until = NULL, "
        "secret = NULL WHERE kind = 'closure' AND booking = ?1 AND state = 'pending'"));
    drop->bind(1, booking).bind(2, now).run();
    return told;
}

void drop_unsent_reopened(Connection& db, const std::string& booking, UnixSeconds now) {
    StatementUse drop(db.cached(
        "UPDATE outbox SET state = 'dropped', settled_at = ?2 WHERE kind = 'reopened' "
        "AND booking = ?1 AND state = 'pending' AND coalesce(claimed_until, 0) <= ?2"));
    drop->bind(1, booking).bind(2, now).run();
}

namespace {

// The pending messages of one due query's rows (bound by the caller), appended to `due`
// unless already there, up to `limit` in all.
void read_due(StatementUse& select, std::vector<OutboxMessage>& due, std::size_t limit) {
    while (due.size() < limit && select->step()) {
        OutboxMessage m;
        m.id = select->column_int(0);
        if (std::any_of(due.begin(), due.end(), [&](const auto& d) { return d.id == m.id; })) {
            continue;
        }
        m.channel = select->column_text(1);
        m.recipient = select->column_text(2);
        m.booking = select->column_text(3);
        m.kind = parse_message_kind(select->column_text(4)).value_or(MessageKind::confirmation);
        m.due_at = select->column_int(5);
        m.attempts = static_cast<int>(select->column_int(6));
        m.ticket = select->column_int(7);
        m.secret = select->column_text(8);
        m.lang = select->column_text(9);
        m.created_at = select->column_int(10);
        due.push_back(std::move(m));
    }
}

constexpr const char* kDueColumns =
    "SELECT id, channel, recipient, coalesce(booking, ''), kind, due_at, attempts, "
    "coalesce(ticket, 0), coalesce(secret, ''), coalesce(lang, ''), created_at FROM outbox ";

}  // namespace

std::vector<OutboxMessage> due_messages(Connection& db, UnixSeconds now, int limit) {
    std::vector<OutboxMessage> due;
    const auto wanted = static_cast<std::size_t>(std::max(limit, 0));
    // Codes through outbox_codes_due (migration 12), which holds pending codes only.
    StatementUse codes(db.cached(std::string(kDueColumns) +
                                 "WHERE state = 'pending' AND kind = 'verification' "
                                 "AND due_at <= ?1 AND coalesce(claimed_until, 0) <= ?1 "
                                 "ORDER BY due_at, id LIMIT ?2"));
    codes->bind(1, now).bind(2, limit);
    read_due(codes, due, wanted);
    StatementUse rest(db.cached(std::string(kDueColumns) +
                                "WHERE state = 'pending' AND due_at <= ?1 "
                                "AND coalesce(claimed_until, 0) <= ?1 ORDER BY due_at, id "
                                "LIMIT ?2"));
    rest->bind(1, now).bind(2, limit);
    read_due(rest, due, wanted);
    return due;
}

std::vector<OutboxMessage> claim_messages(Connection& db, std::vector<OutboxMessage> due,
                                          UnixSeconds now, UnixSeconds lease_until) {
    const bool several_servers = db.engine() == Engine::postgresql;
    StatementUse claim(db.cached(
        several_servers
            ? "UPDATE outbox SET claimed_until = ?1 WHERE id = (SELECT id FROM outbox "
              "WHERE id = ?2 AND state = 'pending' AND due_at <= ?3 "
              "AND coalesce(claimed_until, 0) <= ?3 FOR UPDATE SKIP LOCKED)"
            : "UPDATE outbox SET claimed_until = ?1 WHERE id = ?2 AND state = 'pending' "
              "AND due_at <= ?3 AND coalesce(claimed_until, 0) <= ?3"));
    std::vector<OutboxMessage> taken;
    for (OutboxMessage& message : due) {
        claim->bind(1, lease_until).bind(2, message.id).bind(3, now).run();
        claim->reset();
        if (db.changes() == 1) taken.push_back(std::move(message));
    }
    return taken;
}

void release_claims(Connection& db) {
    db.exec("UPDATE outbox SET claimed_until = NULL WHERE claimed_until IS NOT NULL");
}

void record_attempt(Connection& db, const OutboxMessage& message, const DeliveryOutcome& outcome,
                    UnixSeconds now, UnixSeconds retry_at, int max_attempts) {
    using Result = DeliveryOutcome::Result;
    StatementUse update(db.cached(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, claimed_until = NULL, "
        "  state = CASE WHEN ?3 = 'accepted' THEN 'sent' "
        "               WHEN ?3 = 'permanent' OR attempts + 1 >= ?5 THEN 'failed' "
        "               ELSE 'pending' END, "
        "  sent_at = CASE WHEN ?3 = 'accepted' THEN ?4 ELSE sent_at END, "
        "  settled_at = CASE WHEN ?3 = 'retry' AND attempts + 1 < ?5 THEN NULL ELSE ?4 END, "
        "  due_at = CASE WHEN ?3 = 'retry' THEN ?6 ELSE due_at END, "
        "  secret = CASE WHEN ?3 = 'retry' AND attempts + 1 < ?5 THEN secret ELSE NULL END "
        "WHERE id = ?1 AND state = 'pending'"));
    const char* result = outcome.result == Result::accepted    ? "accepted"
                         : outcome.result == Result::permanent ? "permanent"
                                                               : "retry";
    update->bind(1, message.id)
        .bind(2, outcome.error)
        .bind(3, result)
        .bind(4, now)
        .bind(5, max_attempts)
        .bind(6, retry_at)
        .run();
    if (db.changes() == 0 || message.booking.empty()) return;
    const Delivery delivery = outcome.result == Result::accepted ? Delivery::delivered
                              : outcome.result == Result::permanent ||
                                      message.attempts + 1 >= max_attempts
                                  ? Delivery::failed
                                  : Delivery::pending;
    note_delivery(db, message.booking, message.channel, delivery);
}

std::map<std::string, std::string> booking_deliveries(Connection& db, const std::string& centre,
                                                      UnixSeconds from, UnixSeconds to) {
    // The day's bookings through bookings_by_centre_start: no outbox row is read.
    StatementUse select(db.cached(
        "SELECT code, delivery FROM bookings WHERE centre = ? AND start >= ? AND start < ?"));
    select->bind(1, centre).bind(2, from).bind(3, to);
    std::map<std::string, std::string> deliveries;
    while (select->step()) deliveries[select->column_text(0)] = select->column_text(1);
    return deliveries;
}

OutboxFigures outbox_figures(Connection& db, UnixSeconds now) {
    OutboxFigures figures;
    // Due and the oldest due: a range of outbox_due, which holds pending rows only.
    StatementUse due(db.cached(
        "SELECT count(*), coalesce(min(due_at), ?1) FROM outbox "
        "WHERE state = 'pending' AND due_at <= ?1"));
    due->bind(1, now);
    if (due->step()) {
        figures.due = static_cast<int>(due->column_int(0));
        figures.oldest_due_seconds = std::max<std::int64_t>(0, now - due->column_int(1));
    }
    // Retrying: every pending row (few, unless a gateway is down), through the same index.
    StatementUse retrying(db.cached(
        "SELECT count(*) FROM outbox "
        "WHERE state = 'pending' AND attempts > 0"));
    if (retrying->step()) figures.retrying = static_cast<int>(retrying->column_int(0));
    // The last hour's outcomes: a range of outbox_settled, which covers the state too.
    StatementUse settled(db.cached(
        "SELECT state, count(*) FROM outbox WHERE settled_at > ? GROUP BY state"));
    settled->bind(1, now - 3600);
    while (settled->step()) {
        std::string state = settled->column_text(0);
        int n = static_cast<int>(settled->column_int(1));
        if (state == "failed") figures.failed_last_hour = n;
        if (state == "sent") figures.sent_last_hour = n;
    }
    return figures;
}

}  // namespace mawid::server
