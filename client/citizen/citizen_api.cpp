#include "citizen_api.hpp"

#include <algorithm>

#include <mawid/codec.hpp>

#include "json_read.hpp"

namespace mawid::client {

namespace {
std::optional<SavedBooking> booking_of(const Json& j) {
    SavedBooking b{str(j, "code"),  "", str(j, "centre"), str(j, "service"), str(j, "start"),
                   str(j, "status")};
    if (b.code.empty()) return std::nullopt;
    return b;
}
}  // namespace

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
    return booking_of(parse(body));
}

std::string cpr_body(const std::string& cpr) {
    Json body = Json::object();
    if (!cpr.empty()) body["cpr"] = cpr;
    return body.dump();
}

std::string reschedule_body(const std::string& cpr, const std::string& start) {
    Json body = {{"start", start}};
    if (!cpr.empty()) body["cpr"] = cpr;
    return body.dump();
}

std::string lookup_body(const std::string& code, const std::string& cpr) {
    Json body = {{"code", code}};
    if (!cpr.empty()) body["cpr"] = cpr;
    return body.dump();
}

std::vector<SavedBooking> parse_my_bookings(const std::string& body) {
    std::vector<SavedBooking> out;
    Json j = parse(body);
    if (!j.is_object() || !j.contains("bookings") || !j["bookings"].is_array()) return out;
    for (const Json& b : j["bookings"]) {
        if (auto booking = booking_of(b)) out.push_back(std::move(*booking));
    }
    return out;
}

int availability_days(const Service& service) {
    return std::clamp(service.window_days + 1, 1, 60);
}

}  // namespace mawid::client
