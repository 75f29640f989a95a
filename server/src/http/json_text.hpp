// JSON answers the server writes on its busiest paths without building a JSON tree, byte
// for byte what nlohmann's dump() of shared/'s codecs writes (pinned by server_api tests).
#pragma once

#include <mawid/booking.hpp>
#include <mawid/civil_time.hpp>

#include <string>

namespace mawid::server {

// Appends format_rfc3339(instant, offset_minutes), without printf.
void append_rfc3339(std::string& out, UnixSeconds instant, int offset_minutes);

// booking_to_json(booking).dump(): written by every booking, inside the writer's transaction.
std::string booking_text(const Booking& booking);

}  // namespace mawid::server
