// "Your turn is near": a walk-in ticket that came with a phone is told, once, when it is
// among the next three the counters will call, so the person can wait outside and still
// not miss their number. Runs in the writer, in the transaction that moves the queue.
#pragma once

#include <mawid/civil_time.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.hpp"

namespace mawid::server {

// Keeps the phone (E.164) and message language of a ticket just issued.
void keep_walk_in_contact(Connection& db, std::int64_t ticket, const std::string& phone,
                          const std::string& lang);

// Queues "your turn is near" for each ticket among the first three still waiting at the
// centre that day and not yet told. `just_issued` (0 for none) was handed its ticket this
// moment and knows where it stands: it is marked told, not messaged.
void tell_turns_near(Connection& db, const std::string& centre, const std::string& day,
                     std::int64_t just_issued, UnixSeconds now);

// What a "turn is near" message says: its ticket as called out, service, centre, language.
struct TicketFacts {
    std::string ticket;  // "W-012"
    std::string service;
    std::string centre;
    std::string lang;
};
std::optional<TicketFacts> ticket_facts(Connection& db, std::int64_t ticket);

// Erases walk-in phones older than `before` (they are for the day only); returns how many.
int forget_walk_in_phones(Connection& db, UnixSeconds before, int limit);

}  // namespace mawid::server
