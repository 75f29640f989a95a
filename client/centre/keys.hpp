// Where the centre app keeps things: its localStorage keys and the staff API's root.
#pragma once

#include <string>

namespace mawid::client::staff {

inline constexpr const char* kMemberKey = "staff.member";
inline constexpr const char* kQueueKey = "staff.queue";
inline constexpr const char* kDayKey = "staff.day";
inline constexpr const char* kCentreKey = "staff.centre";
inline const std::string kApi = "/api/v1/staff";

}  // namespace mawid::client::staff
