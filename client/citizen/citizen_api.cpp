#include "citizen_api.hpp"

#include <algorithm>

#include <mawid/codec.hpp>

#include "json_read.hpp"

namespace mawid::client {

std::vector<ViewSlot> offline_grid(const Catalog& catalog, const std::string& centre_id,
                                   const std::string& service_id, const std::string& snapshot,
                                   UnixSeconds now) {
    std::vector<ViewSlot> out;
    const Centre* centre = find_centre(catalog, centre_id);
    const Service* service = find_service(catalog, service_id);
    if (!centre || !service) return out;
    Occupancy taken;
    for (const ViewSlot& s : parse_availability(snapshot, centre->utc_offset_minutes)) {
        taken[s.start] = std::max(0, s.capacity - s.free);
    }
    Date today = to_local(now, centre->utc_offset_minutes).date;
    auto grid = slot_grid(catalog, centre_id, service_id, today, availability_days(*service), now);
    if (!grid.ok()) return out;
    for (const Slot& slot : grid.value()) {
        out.push_back(
            {slot.start, slot.date, slot.minute_of_day, slot.capacity, free_seats(slot, taken)});
    }
    return out;
}

std::optional<SavedBooking> parse_booking(const std::string& body) {
    Json j = parse(body);
    SavedBooking b{str(j, "code"),  "", str(j, "centre"), str(j, "service"), str(j, "start"),
                   str(j, "status")};
    if (b.code.empty()) return std::nullopt;
    return b;
}

std::string cpr_body(const std::string& cpr) {
    return Json{{"cpr", cpr}}.dump();
}

std::string reschedule_body(const std::string& cpr, const std::string& start) {
    return Json{{"cpr", cpr}, {"start", start}}.dump();
}

int availability_days(const Service& service) {
    return std::clamp(service.window_days + 1, 1, 60);
}

}  // namespace mawid::client
