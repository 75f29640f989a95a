// The booking's answer written without building a JSON tree: byte for byte what to_text
// (json_responses.hpp) makes of shared/'s booking_to_json (pinned by server_api tests).
#pragma once

#include <mawid/booking.hpp>
#include <mawid/civil_time.hpp>

#include <string>

namespace mawid::server {

// Appends format_rfc3339(instant, offset_minutes), without printf.
void append_rfc3339(std::string& out, UnixSeconds instant, int offset_minutes);

// to_text(booking_to_json(booking)): written by every booking, inside the writer's transaction.
std::string booking_text(const Booking& booking);

}  // namespace mawid::server
