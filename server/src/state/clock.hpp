// "Now" for the booking rules, read by both APIs: the real clock, or a fixed instant that
// the integration tests set with --now so that slots and windows are reproducible.
#pragma once

#include <mawid/civil_time.hpp>

#include <optional>

namespace mawid::server {

class Clock {
public:
    explicit Clock(std::optional<UnixSeconds> fixed = std::nullopt) : fixed_(fixed) {}
    UnixSeconds now() const;

private:
    std::optional<UnixSeconds> fixed_;
};

}  // namespace mawid::server
