// Pages of the staff lists that can grow long (the day view, the stranded list, the account
// list): each answer holds at most a page, and the cursor of the last row asks for the next.
// Cursors are keyset positions, not offsets, so a row added or changed while staff read
// page by page neither repeats nor hides the rows after it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <mawid/booking.hpp>

namespace mawid {

// Rows in a page when the request does not say, and the most it may ask for.
inline constexpr int kDefaultPageSize = 100;
inline constexpr int kMaxPageSize = 1000;

// A `limit` query value: a whole number from 1 to kMaxPageSize; nullopt for anything else.
std::optional<int> parse_page_size(std::string_view text);

// Where a list of bookings stands, in its order: by start, then service, then code.
struct BookingCursor {
    UnixSeconds start = 0;
    std::string service;
    std::string code;
    bool operator==(const BookingCursor&) const = default;
};

// True when `a` comes before `b` in the list's order.
bool operator<(const BookingCursor& a, const BookingCursor& b);

// The cursor just past `booking`.
BookingCursor booking_cursor(const Booking& booking);

// True when `a` is listed before `b`.
bool listed_before(const Booking& a, const Booking& b);

// "1767250800.K7M4QX9TZ.passport": start, code, then the service (which may hold dots).
std::string format_booking_cursor(const BookingCursor& cursor);

// Reads format_booking_cursor's text; nullopt for anything else.
std::optional<BookingCursor> parse_booking_cursor(std::string_view text);

// Cuts `rows`, read with one row more than `limit`, to the page; true when a page follows.
template <typename Row>
bool cut_to_page(std::vector<Row>& rows, int limit) {
    if (static_cast<int>(rows.size()) <= limit) return false;
    rows.resize(static_cast<std::size_t>(limit));
    return true;
}

}  // namespace mawid
