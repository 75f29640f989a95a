#include <doctest/doctest.h>

#include "mawid/civil_time.hpp"

using namespace mawid;

TEST_CASE("days_from_civil and civil_from_days agree on every day from 1600 to 2400") {
    std::int64_t expected = days_from_civil(Date{1600, 1, 1});
    for (int year = 1600; year <= 2400; ++year) {
        for (int month = 1; month <= 12; ++month) {
            for (int day = 1; day <= days_in_month(year, month); ++day) {
                const Date date{year, month, day};
                REQUIRE(days_from_civil(date) == expected);
                REQUIRE(civil_from_days(expected) == date);
                ++expected;
            }
        }
    }
}

TEST_CASE("epoch and known weekdays") {
    CHECK(days_from_civil(Date{1970, 1, 1}) == 0);
    CHECK(weekday_of(Date{1970, 1, 1}) == Weekday::thu);
    CHECK(weekday_of(Date{2026, 12, 6}) == Weekday::sun);
    CHECK(weekday_of(Date{2026, 12, 11}) == Weekday::fri);
    CHECK(weekday_of(Date{1969, 12, 31}) == Weekday::wed);
    CHECK(weekday_of(Date{2028, 2, 29}) == Weekday::tue);
}

TEST_CASE("leap years: century rule and 400-year rule") {
    CHECK(is_leap_year(2024));
    CHECK(is_leap_year(2000));
    CHECK_FALSE(is_leap_year(1900));
    CHECK_FALSE(is_leap_year(2026));
    CHECK(days_in_month(2028, 2) == 29);
    CHECK(days_in_month(2027, 2) == 28);
    CHECK(days_in_month(2027, 13) == 0);
}

TEST_CASE("parse_date accepts real dates and rejects impossible or sloppy ones") {
    CHECK(parse_date("2026-12-06") == Date{2026, 12, 6});
    CHECK(parse_date("2028-02-29") == Date{2028, 2, 29});
    CHECK_FALSE(parse_date("2027-02-29"));
    CHECK_FALSE(parse_date("2026-02-30"));
    CHECK_FALSE(parse_date("2026-13-01"));
    CHECK_FALSE(parse_date("0000-01-01"));
    CHECK_FALSE(parse_date("99999-01-01"));
    CHECK_FALSE(parse_date("2026-2-3"));
    CHECK_FALSE(parse_date("2026-12-06 "));
    CHECK_FALSE(parse_date(""));
    CHECK(format_date(Date{987, 3, 4}) == "0987-03-04");
}

TEST_CASE("year end: the day after 31 December is 1 January of the next year") {
    CHECK(add_days(Date{2026, 12, 31}, 1) == Date{2027, 1, 1});
    CHECK(add_days(Date{2027, 1, 1}, -1) == Date{2026, 12, 31});
    CHECK(days_between(Date{2026, 12, 6}, Date{2027, 1, 5}) == 30);
}

TEST_CASE("hh:mm parsing allows 24:00 as a closing time and nothing past it") {
    CHECK(parse_hhmm("07:00") == 420);
    CHECK(parse_hhmm("24:00") == 1440);
    CHECK_FALSE(parse_hhmm("24:01"));
    CHECK_FALSE(parse_hhmm("7:00"));
    CHECK_FALSE(parse_hhmm("07:60"));
    CHECK(format_hhmm(13 * 60 + 5) == "13:05");
}

TEST_CASE("RFC 3339 round trip at the centre's offset") {
    const auto parsed = parse_rfc3339("2026-12-06T09:30:00+03:00");
    REQUIRE(parsed);
    CHECK(parsed->offset_minutes == kDefaultUtcOffsetMinutes);
    CHECK(parsed->instant == to_unix(Date{2026, 12, 6}, 9 * 60 + 30, kDefaultUtcOffsetMinutes));
    CHECK(format_rfc3339(parsed->instant, kDefaultUtcOffsetMinutes) == "2026-12-06T09:30:00+03:00");
    CHECK(format_rfc3339(parsed->instant, 0) == "2026-12-06T06:30:00+00:00");
    CHECK(format_rfc3339(parsed->instant, -150) == "2026-12-06T04:00:00-02:30");
}

TEST_CASE("RFC 3339: Z, zero fractions and the same instant written at other offsets") {
    const auto z = parse_rfc3339("2026-12-06T06:30:00Z");
    const auto frac = parse_rfc3339("2026-12-06T06:30:00.000Z");
    const auto bahrain = parse_rfc3339("2026-12-06T09:30:00+03:00");
    REQUIRE(z);
    REQUIRE(frac);
    CHECK(z->instant == bahrain->instant);
    CHECK(frac->instant == z->instant);
}

TEST_CASE("RFC 3339 rejects impossible dates, times and zones") {
    for (const char* text :
         {"2026-02-30T09:00:00+03:00", "99999-01-01T00:00:00Z", "2026-12-06T24:00:00Z",
          "2026-12-06T09:60:00Z", "2026-12-06T09:30:00", "2026-12-06T09:30:00+3:00",
          "2026-12-06 09:30:00Z", "2026-12-06T09:30:00.Z", "2026-12-06T09:30:00.250Z",
          "2026-12-06T09:30:00.999999999+03:00", "2026-12-06T09:30:00.0000000000Z", "",
          "not a time"}) {
        CAPTURE(text);
        CHECK_FALSE(parse_rfc3339(text));
    }
}

TEST_CASE("to_local splits an instant into local date and minute") {
    const LocalTime local =
        to_local(to_unix(Date{2026, 12, 31}, 23 * 60 + 59, kDefaultUtcOffsetMinutes),
                 kDefaultUtcOffsetMinutes);
    CHECK(local.date == Date{2026, 12, 31});
    CHECK(local.minute_of_day == 23 * 60 + 59);
    CHECK(to_local(to_unix(Date{2027, 1, 1}, 1, kDefaultUtcOffsetMinutes), 0).date ==
          Date{2026, 12, 31});
}
