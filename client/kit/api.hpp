// The HTTP API (docs/api.md) as both apps speak it: error codes turned into i18n keys,
// the times of GET /api/v1/availability, and the body of a booking.
#pragma once

#include <string>
#include <vector>

#include <mawid/civil_time.hpp>

namespace mawid::client {

// One appointment time as the person sees it.
struct ViewSlot {
    UnixSeconds start = 0;
    Date date;
    int minute = 0;
    int capacity = 0;
    int free = 0;
};

// "error.<code>" for an error answer, "error.network" when there was no answer.
std::string error_key(int status, const std::string& body);

// The error code of an answer ("" when none).
std::string error_code(const std::string& body);

// Slots of GET /api/v1/availability, in the centre's local time.
std::vector<ViewSlot> parse_availability(const std::string& body, int offset_minutes);

// The body of POST /api/v1/bookings; "email" only when one is given, "cpr" only when
// one is (a national identity's session gives the server the CPR).
std::string booking_body(const std::string& centre, const std::string& service,
                         const std::string& start, const std::string& cpr, const std::string& phone,
                         const std::string& lang, const std::string& email = {});

}  // namespace mawid::client
