#include "messages/walk_in_notices.hpp"

#include <mawid/staff.hpp>

#include <map>
#include <vector>

#include "messages/outbox_store.hpp"

namespace mawid::server {
namespace {

// The counters call the next one; the two after it are told too.
constexpr std::size_t kPlacesNear = 3;

struct WaitingTicket {
    std::int64_t id = 0;
    WalkIn walk_in;
    std::string phone;
    bool told = false;
};

std::vector<WaitingTicket> waiting(Connection& db, const std::string& centre,
                                   const std::string& day) {
    StatementUse select(db.cached(
        "SELECT id, priority, number, service, issued_at, coalesce(phone, ''), told_near "
        "FROM walk_ins WHERE centre = ? AND day = ? AND served_at IS NULL"));
    select->bind(1, centre).bind(2, day);
    std::vector<WaitingTicket> tickets;
    while (select->step()) {
        WaitingTicket t;
        t.id = select->column_int(0);
        t.walk_in.priority = select->column_int(1) != 0;
        t.walk_in.number = static_cast<int>(select->column_int(2));
        t.walk_in.service = select->column_text(3);
        t.walk_in.issued_at = select->column_int(4);
        t.phone = select->column_text(5);
        t.told = select->column_int(6) != 0;
        tickets.push_back(std::move(t));
    }
    return tickets;
}

void mark_told(Connection& db, std::int64_t id) {
    StatementUse update(db.cached("UPDATE walk_ins SET told_near = 1 WHERE id = ?"));
    update->bind(1, id).run();
}

}  // namespace

void keep_walk_in_contact(Connection& db, std::int64_t ticket, const std::string& phone,
                          const std::string& lang) {
    StatementUse update(db.cached("UPDATE walk_ins SET phone = ?, lang = ? WHERE id = ?"));
    update->bind(1, phone).bind(2, lang).bind(3, ticket).run();
}

void tell_turns_near(Connection& db, const std::string& centre, const std::string& day,
                     std::int64_t just_issued, UnixSeconds now) {
    std::vector<WaitingTicket> tickets = waiting(db, centre, day);
    std::vector<WalkIn> walk_ins;
    std::map<std::string, const WaitingTicket*> by_label;
    for (const WaitingTicket& t : tickets) {
        walk_ins.push_back(t.walk_in);
        by_label[walk_in_ticket(t.walk_in)] = &t;
    }
    std::vector<WalkIn> queue = walk_in_queue(std::move(walk_ins));
    for (std::size_t place = 0; place < queue.size() && place < kPlacesNear; ++place) {
        const WaitingTicket& t = *by_label.at(walk_in_ticket(queue[place]));
        if (t.told) continue;
        mark_told(db, t.id);
        if (t.id == just_issued || t.phone.empty()) continue;
        OutboxMessage message;
        message.recipient = t.phone;
        message.ticket = t.id;
        message.kind = MessageKind::turn_near;
        message.due_at = now;
        enqueue_message(db, message, now);
    }
}

std::optional<TicketFacts> ticket_facts(Connection& db, std::int64_t ticket) {
    StatementUse select(db.cached(
        "SELECT priority, number, service, centre, lang FROM walk_ins WHERE id = ?"));
    select->bind(1, ticket);
    if (!select->step()) return std::nullopt;
    WalkIn walk_in;
    walk_in.priority = select->column_int(0) != 0;
    walk_in.number = static_cast<int>(select->column_int(1));
    return TicketFacts{walk_in_ticket(walk_in), select->column_text(2), select->column_text(3),
                       select->column_text(4)};
}

int forget_walk_in_phones(Connection& db, UnixSeconds before, int limit) {
    StatementUse update(db.cached(
        "UPDATE walk_ins SET phone = NULL WHERE id IN (SELECT id FROM walk_ins "
        "WHERE phone IS NOT NULL AND issued_at < ? LIMIT ?)"));
    update->bind(1, before).bind(2, limit).run();
    return db.changes();
}

}  // namespace mawid::server
