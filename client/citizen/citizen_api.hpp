// The citizen API (docs/api.md) as the citizen app speaks it: bodies, booking answers,
// and the offline slot grid (shared/ slot_grid + cached occupancy).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <mawid/catalog.hpp>
#include <mawid/slots.hpp>

#include "api.hpp"
#include "store.hpp"

namespace mawid::client {

// The headers of a request with a JSON body.
inline constexpr const char* kJson = R"({"Content-Type":"application/json"})";

// The bookable grid computed offline by shared/ from the catalogue and a snapshot of
// the availability answer (seats taken = capacity - free for each listed slot).
std::vector<ViewSlot> offline_grid(const Catalog& catalog, const std::string& centre,
                                   const std::string& service, const std::string& snapshot,
                                   UnixSeconds now);

// A booking answer (201 / 200) as a saved booking; the CPR is added by the caller.
std::optional<SavedBooking> parse_booking(const std::string& body);

// {"cpr": ...}, {"cpr": ..., "start": ...} and {"code": ..., "cpr": ...} bodies. An empty
// CPR is left out: a booking from the server (My bookings) has none on the device, and
// under a session the server knows whose it is.
std::string cpr_body(const std::string& cpr);
std::string reschedule_body(const std::string& cpr, const std::string& start);
std::string lookup_body(const std::string& code, const std::string& cpr);

// The bookings of GET /api/v1/me/bookings (no CPR in them).
std::vector<SavedBooking> parse_my_bookings(const std::string& body);

// How many days of availability to ask for: the service's window, at most 60.
int availability_days(const Service& service);

}  // namespace mawid::client
