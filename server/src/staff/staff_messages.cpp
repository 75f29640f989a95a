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

// A row's delivery from its booking's stored deliveries: per channel its last message's
// fate, and overall the worst of them, because the counter's question is whether the
// citizen got everything. A booking whose first message has no outcome yet is pending.
void set_delivery(StaffBookingRow& row, const std::string& stored) {
    auto deliveries = parse_deliveries(stored);
    Delivery overall = deliveries.empty() ? Delivery::pending : Delivery::none;
    row.message_channels.clear();
    for (const auto& [channel, delivery] : deliveries) {
        row.message_channels[channel] = std::string(delivery_name(delivery));
        overall = worse_delivery(overall, delivery);
    }
    row.messages = std::string(delivery_name(overall));
}

}  // namespace

void StaffApi::add_deliveries(Connection& db, const std::string& centre, UnixSeconds from,
                              UnixSeconds to, std::vector<StaffBookingRow>& rows) const {
    auto deliveries = booking_deliveries(db, centre, from, to);
    for (StaffBookingRow& row : rows) {
        auto found = deliveries.find(row.code);
        set_delivery(row, found == deliveries.end() ? std::string() : found->second);
    }
}

HttpResponse StaffApi::outbox_health() const {
    const UnixSeconds now = clock_.now();
    Connection& db = thread_read_connection(db_path_);
    // One snapshot for every figure: a message retried between two reads is counted once.
    OutboxFigures figures;
    {
        const ReadSnapshot snapshot(db);
        figures = outbox_figures(db, now);
    }
    // The figures are the whole country's: the time is in UTC, no centre's.
    OutboxHealth health{format_rfc3339(now, 0),       figures.due,
                        figures.retrying,             figures.failed_last_hour,
                        figures.sent_last_hour,       figures.oldest_due_seconds};
    return json_response(200, outbox_health_to_json(health));
}

}  // namespace mawid::server
