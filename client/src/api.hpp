// The fixed HTTP API (shared/API.md) as the client speaks it: request bodies,
// answers parsed into the app's types, and error codes turned into i18n keys.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <mawid/catalog.hpp>
#include <mawid/slots.hpp>

#include "store.hpp"

namespace mawid::client {

struct ViewSlot;

// "error.<code>" for an error answer, "error.network" when there was no answer.
std::string error_key(int status, const std::string& body);

// The error code of an answer ("" when none).
std::string error_code(const std::string& body);

// Slots of GET /api/v1/availability, in the centre's local time.
std::vector<ViewSlot> parse_availability(const std::string& body, int offset_minutes);

// The bookable grid computed offline by shared/ from the catalogue and a snapshot of
// the availability answer (seats taken = capacity - free for each listed slot).
std::vector<ViewSlot> offline_grid(const Catalog& catalog, const std::string& centre,
                                   const std::string& service, const std::string& snapshot,
                                   UnixSeconds now);

// The body of POST /api/v1/bookings.
std::string booking_body(const std::string& centre, const std::string& service,
                         const std::string& start, const std::string& cpr, const std::string& phone,
                         const std::string& lang);

// A booking answer (201 / 200) as a saved booking; the CPR is added by the caller.
std::optional<SavedBooking> parse_booking(const std::string& body);

// {"cpr": ...} and {"cpr": ..., "start": ...} bodies.
std::string cpr_body(const std::string& cpr);
std::string reschedule_body(const std::string& cpr, const std::string& start);

// How many days of availability to ask for: the service's window, at most 60.
int availability_days(const Service& service);

}  // namespace mawid::client
