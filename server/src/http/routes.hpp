// The route a request was for, as a pattern ("/api/v1/bookings/{code}/cancel"): what the
// metrics and the JSON log name instead of the raw path, which may hold a booking code or
// a centre's name. The set of patterns is fixed, so the metrics' labels stay few.
#pragma once

#include <cstddef>
#include <string_view>

namespace mawid::server {

// Where the citizen's bookings and the staff API begin.
inline constexpr std::string_view kBookingsPrefix = "/api/v1/bookings/";
inline constexpr std::string_view kStaffPrefix = "/api/v1/staff/";

// The index of the pattern `target` (path and query, as sent) matches; every target
// matches one (unknown API paths "/api/{other}", everything else "/{static}").
std::size_t route_index(std::string_view target);

// The pattern of an index from route_index.
std::string_view route_name(std::size_t index);

// How many patterns there are (indexes run from 0 to this minus one).
std::size_t route_count();

}  // namespace mawid::server
