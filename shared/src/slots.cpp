#include "mawid/slots.hpp"

#include <algorithm>
#include <optional>

namespace mawid {

namespace {

// The centre and service named by a request, or why they cannot be used together.
struct Offer {
    const Centre* centre = nullptr;
    const Service* service = nullptr;
};

Result<Offer> find_offer(const Catalog& catalog, std::string_view centre_id,
                         std::string_view service_id) {
    const Centre* centre = find_centre(catalog, centre_id);
    if (!centre) return make_error(ErrorCode::unknown_centre, "centre");
    const Service* service = find_service(catalog, service_id);
    if (!service) return make_error(ErrorCode::unknown_service, "service");
    if (!offers(*centre, service_id)) return make_error(ErrorCode::service_not_offered, "service");
    return Offer{centre, service};
}

// True when a slot on a day that is open may still be booked at `now`.
bool respects_notice(const Slot& slot, const Service& service, UnixSeconds now) {
    return slot.start >= now + std::int64_t{service.min_notice_minutes} * 60;
}

bool inside_window(const BookingWindow& window, const Date& date) {
    return window.first <= date && date <= window.last;
}

// Citizens book only once the pair is live at the centre's today. Error: not_live_yet.
Status check_live(const Centre& centre, const std::string& service_id, UnixSeconds now) {
    if (is_live(centre, service_id, to_local(now, centre.utc_offset_minutes).date)) return Ok{};
    return make_error(ErrorCode::not_live_yet, "centre",
                      "This centre takes bookings for this service from " +
                          format_date(*live_from(centre, service_id)) + ".");
}

// The slot of the day's grid (slots_on_day) that starts at `start`, found by arithmetic:
// a booking is checked on every request, and building the whole day to find one slot was
// a measurable part of the server's work per booking.
std::optional<Slot> slot_starting_at(const Centre& centre, const Service& service,
                                     UnixSeconds start) {
    const LocalTime local = to_local(start, centre.utc_offset_minutes);
    if (local.second != 0 || service.slot_minutes <= 0) return std::nullopt;
    const int minute = local.minute_of_day;
    for (const Interval& interval : hours_on(centre, local.date)) {
        const int since_open = minute - interval.open;
        if (since_open < 0 || since_open % service.slot_minutes != 0 ||
            minute + service.slot_minutes > interval.close) {
            continue;
        }
        const int capacity = counters_on(centre, service.id, local.date);
        if (capacity <= 0) return std::nullopt;
        return Slot{start, local.date, minute, capacity};
    }
    return std::nullopt;
}

}  // namespace

std::vector<Slot> slots_on_day(const Centre& centre, const Service& service, const Date& date) {
    std::vector<Slot> slots;
    const int capacity = counters_on(centre, service.id, date);
    if (capacity <= 0 || service.slot_minutes <= 0) return slots;
    for (const Interval& interval : hours_on(centre, date)) {
        for (int minute = interval.open; minute + service.slot_minutes <= interval.close;
             minute += service.slot_minutes) {
            slots.push_back(
                Slot{to_unix(date, minute, centre.utc_offset_minutes), date, minute, capacity});
        }
    }
    return slots;
}

BookingWindow booking_window(const Centre& centre, const Service& service, UnixSeconds now) {
    const Date today = to_local(now, centre.utc_offset_minutes).date;
    return BookingWindow{today, add_days(today, service.window_days)};
}

Result<std::vector<Slot>> slot_grid(const Catalog& catalog, std::string_view centre_id,
                                    std::string_view service_id, const Date& from, int days,
                                    UnixSeconds now) {
    if (days < 1 || days > 60) return make_error(ErrorCode::bad_request, "days");
    if (!is_valid(from)) return make_error(ErrorCode::bad_request, "from");
    auto offer = find_offer(catalog, centre_id, service_id);
    if (!offer) return offer.error();
    const auto& [centre, service] = offer.value();
    if (auto live = check_live(*centre, service->id, now); !live) return live.error();
    const BookingWindow window = booking_window(*centre, *service, now);
    std::vector<Slot> grid;
    for (int i = 0; i < days; ++i) {
        const Date date = add_days(from, i);
        if (!inside_window(window, date) || is_closed_on(catalog, *centre, date)) continue;
        for (const Slot& slot : slots_on_day(*centre, *service, date)) {
            if (respects_notice(slot, *service, now)) grid.push_back(slot);
        }
    }
    return grid;
}

Result<Slot> bookable_slot(const Catalog& catalog, std::string_view centre_id,
                           std::string_view service_id, UnixSeconds start, UnixSeconds now) {
    auto offer = find_offer(catalog, centre_id, service_id);
    if (!offer) return offer.error();
    const auto& [centre, service] = offer.value();
    if (auto live = check_live(*centre, service->id, now); !live) return live.error();
    const Date date = to_local(start, centre->utc_offset_minutes).date;
    const auto slot = slot_starting_at(*centre, *service, start);
    if (!slot || !inside_window(booking_window(*centre, *service, now), date) ||
        is_closed_on(catalog, *centre, date) || !respects_notice(*slot, *service, now)) {
        return make_error(ErrorCode::not_bookable, "start");
    }
    return *slot;
}

int free_seats(const Slot& slot, const Occupancy& taken) {
    const auto it = taken.find(slot.start);
    const int used = it == taken.end() ? 0 : it->second;
    return std::max(0, slot.capacity - used);
}

bool can_take_seat(int capacity, int taken) {
    return taken < capacity;
}

}  // namespace mawid
