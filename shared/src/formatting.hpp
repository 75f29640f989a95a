// Internal to shared/src: small text pieces several of its files write or read.
#pragma once

#include "mawid/civil_time.hpp"

#include <cstdio>
#include <optional>
#include <string>

namespace mawid::detail {

inline bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// A rate in reports and CSV files: three decimals, the same in every locale.
inline std::string fixed3(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3f", value);
    return buffer;
}

// YYYY-MM-DD, or empty when there is no date.
inline std::string optional_date(const std::optional<Date>& date) {
    return date ? format_date(*date) : std::string();
}

}  // namespace mawid::detail
