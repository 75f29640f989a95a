// The slot grid: which appointment times exist, computed rather than stored.
#pragma once

#include <map>
#include <string_view>
#include <vector>

#include "catalog.hpp"
#include "errors.hpp"

namespace mawid {

// One appointment time at a centre for a service.
struct Slot {
    UnixSeconds start = 0;
    Date date;              // local date at the centre
    int minute_of_day = 0;  // local start time at the centre
    int capacity = 0;       // counters serving the service
    friend bool operator==(const Slot&, const Slot&) = default;
};

// Seats already taken, by slot start.
using Occupancy = std::map<UnixSeconds, int>;

// Every slot the hours allow on `date`, ignoring closures, window and notice.
std::vector<Slot> slots_on_day(const Centre& centre, const Service& service, const Date& date);

// The first and last local dates a citizen may book on, given now.
struct BookingWindow {
    Date first;
    Date last;
};

// The booking window of a service at a centre, as seen at `now`.
BookingWindow booking_window(const Centre& centre, const Service& service, UnixSeconds now);

// Bookable slots for `days` days from `from`: open hours, not closed, inside the
// booking window and past the minimum notice. Errors: unknown_centre,
// unknown_service, service_not_offered, not_live_yet (before the pair's go-live date at the
// centre's today), bad_request (days outside 1..60).
Result<std::vector<Slot>> slot_grid(const Catalog& catalog, std::string_view centre_id,
                                    std::string_view service_id, const Date& from, int days,
                                    UnixSeconds now);

// The slot starting exactly at `start` if it is bookable at `now`; otherwise the
// precise reason (unknown_centre, unknown_service, service_not_offered, not_live_yet,
// not_bookable).
Result<Slot> bookable_slot(const Catalog& catalog, std::string_view centre_id,
                           std::string_view service_id, UnixSeconds start, UnixSeconds now);

// Seats still free in a slot given the occupancy (never negative).
int free_seats(const Slot& slot, const Occupancy& taken);

// True when one more seat can be taken in a slot that has `taken` seats taken.
bool can_take_seat(int capacity, int taken);

}  // namespace mawid
