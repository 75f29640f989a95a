#include <mawid/paging.hpp>

#include <charconv>
#include <cstdint>
#include <tuple>

#include <mawid/booking_code.hpp>

namespace mawid {

namespace {

// A whole number in [low, high] written with digits only; nullopt otherwise (signs, spaces,
// overflow).
std::optional<std::int64_t> parse_digits(std::string_view text, std::int64_t low,
                                         std::int64_t high) {
    std::int64_t value = 0;
    const char* end = text.data() + text.size();
    auto [stop, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || text.front() == '-' || ec != std::errc() || stop != end ||
        value < low || value > high) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

std::optional<int> parse_page_size(std::string_view text) {
    auto n = parse_digits(text, 1, kMaxPageSize);
    if (!n) return std::nullopt;
    return static_cast<int>(*n);
}

BookingCursor booking_cursor(const Booking& booking) {
    return {booking.start, booking.service, booking.code};
}

bool operator<(const BookingCursor& a, const BookingCursor& b) {
    return std::tie(a.start, a.service, a.code) < std::tie(b.start, b.service, b.code);
}

bool listed_before(const Booking& a, const Booking& b) {
    return std::tie(a.start, a.service, a.code) < std::tie(b.start, b.service, b.code);
}

std::string format_booking_cursor(const BookingCursor& cursor) {
    return std::to_string(cursor.start) + "." + cursor.code + "." + cursor.service;
}

std::optional<BookingCursor> parse_booking_cursor(std::string_view text) {
    auto first = text.find('.');
    if (first == std::string_view::npos) return std::nullopt;
    auto second = text.find('.', first + 1);
    if (second == std::string_view::npos) return std::nullopt;
    auto start = parse_digits(text.substr(0, first), 0, INT64_MAX);
    std::string_view code = text.substr(first + 1, second - first - 1);
    std::string_view service = text.substr(second + 1);
    if (!start || !normalize_code(code) || *normalize_code(code) != code || service.empty()) {
        return std::nullopt;
    }
    return BookingCursor{*start, std::string(service), std::string(code)};
}

}  // namespace mawid
