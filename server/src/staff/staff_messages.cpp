// The staff API on messages (docs/messages.md, "What staff see"): whether each booking of
// the day view reached its citizen, and for admins the outbox's health.
#include "staff/staff_api.hpp"

#include <map>

#include <mawid/staff_codec.hpp>
#include "http/json_responses.hpp"
#include "messages/outbox_store.hpp"
#include "storage/store.hpp"

namespace mawid::server {

namespace {

// A row's delivery from its outbox rows (channel -> state), per channel and overall: the
// worst state wins, because the counter's question is whether the citizen got everything.
void set_delivery(StaffBookingRow& row, const std::multimap<std::string, std::string>& states) {
    Delivery overall = Delivery::none;
    std::map<std::string, Delivery> by_channel;
    for (const auto& [channel, state] : states) {
        Delivery delivery = delivery_of_outbox_state(state);
        auto [it, fresh] = by_channel.try_emplace(channel, delivery);
        if (!fresh) it->second = worse_delivery(it->second, delivery);
        overall = worse_delivery(overall, delivery);
    }
    row.messages = std::string(delivery_name(overall));
    row.message_channels.clear();
    for (const auto& [channel, delivery] : by_channel) {
        row.message_channels[channel] = std::string(delivery_name(delivery));
    }
}

}  // namespace

void StaffApi::add_deliveries(Connection& db, const std::string& centre, UnixSeconds from,
                              UnixSeconds to, std::vector<StaffBookingRow>& rows) const {
    static const std::multimap<std::string, std::string> kNone;
    auto states = booking_message_states(db, centre, from, to);
    for (StaffBookingRow& row : rows) {
        auto found = states.find(row.code);
        set_delivery(row, found == states.end() ? kNone : found->second);
    }
}

HttpResponse StaffApi::outbox_health() const {
    const UnixSeconds now = clock_.now();
    OutboxFigures figures = outbox_figures(thread_read_connection(db_path_), now);
    // The figures are the whole country's: the time is in UTC, no centre's.
    OutboxHealth health{format_rfc3339(now, 0),       figures.due,
                        figures.retrying,             figures.failed_last_hour,
                        figures.sent_last_hour,       figures.oldest_due_seconds};
    return json_response(200, outbox_health_to_json(health));
}

}  // namespace mawid::server
