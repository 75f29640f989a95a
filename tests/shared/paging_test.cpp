#include <doctest/doctest.h>

#include <algorithm>

#include "mawid/booking_code.hpp"
#include "mawid/paging.hpp"

using namespace mawid;

namespace {

// A well-formed code: eight alphabet characters and their check character.
std::string code(std::string body) {
    return body + code_check_char(body);
}

Booking booking(UnixSeconds start, std::string service, std::string code_text) {
    Booking b;
    b.start = start;
    b.service = std::move(service);
    b.code = std::move(code_text);
    return b;
}

}  // namespace

TEST_CASE("paging: a page size is a whole number from 1 to the most a page may hold") {
    CHECK(parse_page_size("1") == 1);
    CHECK(parse_page_size("250") == 250);
    CHECK(parse_page_size("1000") == kMaxPageSize);
    for (const char* bad : {"", "0", "-1", "+5", " 5", "5 ", "1001", "2.5", "ten",
                            "99999999999999999999"}) {
        INFO(bad);
        CHECK_FALSE(parse_page_size(bad));
    }
}

TEST_CASE("paging: a booking cursor reads back as written, dots in the service included") {
    const BookingCursor cursor{1767250800, "licence.renewal", code("K7M4QX9T")};
    const std::string text = format_booking_cursor(cursor);
    CHECK(text == "1767250800." + cursor.code + ".licence.renewal");
    CHECK(parse_booking_cursor(text) == cursor);
}

TEST_CASE("paging: anything but a cursor is refused") {
    const std::string good = code("K7M4QX9T");
    const std::vector<std::string> bads = {
         std::string(), std::string("1767250800"), "1767250800." + good,
          "1767250800." + good + ".", "-5." + good + ".passport",
          "17672508x0." + good + ".passport", "1767250800.k7m4qx9tz.passport",
          "1767250800.K7M-4QX-9TZ.passport", "1767250800.SHORT.passport"};
    for (const std::string& bad : bads) {
        INFO(bad);
        CHECK_FALSE(parse_booking_cursor(bad));
    }
}

TEST_CASE("paging: bookings are listed by start, then service, then code") {
    const Booking early = booking(100, "passport", code("ZZZZZZZZ"));
    const Booking id_card = booking(200, "id-card", code("ZZZZZZZZ"));
    const Booking passport_a = booking(200, "passport", code("AAAAAAAA"));
    const Booking passport_b = booking(200, "passport", code("BBBBBBBB"));
    std::vector<Booking> list = {passport_b, id_card, early, passport_a};
    std::sort(list.begin(), list.end(), listed_before);
    std::vector<std::string> order;
    for (const Booking& b : list) order.push_back(b.service + "/" + b.code);
    CHECK(order == std::vector<std::string>{"passport/" + early.code, "id-card/" + id_card.code,
                                            "passport/" + passport_a.code,
                                            "passport/" + passport_b.code});
    CHECK(booking_cursor(passport_a) < booking_cursor(passport_b));
    CHECK(booking_cursor(id_card) < booking_cursor(passport_a));
}

TEST_CASE("paging: rows read one past the page are cut to it, and say a page follows") {
    std::vector<int> rows = {1, 2, 3, 4};
    CHECK(cut_to_page(rows, 3));
    CHECK(rows == std::vector<int>{1, 2, 3});
    CHECK_FALSE(cut_to_page(rows, 3));
    CHECK(rows.size() == 3);
    std::vector<int> short_list = {1};
    CHECK_FALSE(cut_to_page(short_list, 3));
}
