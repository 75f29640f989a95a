#include <doctest/doctest.h>

#include <algorithm>

#include "fixtures.hpp"
#include "mawid/codec.hpp"
#include "mawid/slots.hpp"

using namespace mawid;
using mawid::test::at;
using mawid::test::kCatalog;
using mawid::test::kNow;

namespace {

bool bookable(UnixSeconds start, UnixSeconds now = kNow) {
    return bookable_slot(kCatalog, "isa", "id-card", start, now).ok();
}

ErrorCode reason(std::string_view centre, std::string_view service, UnixSeconds start) {
    return bookable_slot(kCatalog, centre, service, start, kNow).error().code;
}

}  // namespace

TEST_CASE("slot at opening is bookable with the service's counters as capacity") {
    const auto slot = bookable_slot(kCatalog, "isa", "id-card", at(2026, 12, 13, 7, 0), kNow);
    REQUIRE(slot);
    CHECK(slot->capacity == 3);
    CHECK(slot->date == Date{2026, 12, 13});
    CHECK(slot->minute_of_day == 7 * 60);
}

TEST_CASE("slot at closing: the last slot ends at closing, none starts there") {
    CHECK(bookable(at(2026, 12, 13, 13, 45)));
    CHECK_FALSE(bookable(at(2026, 12, 13, 14, 0)));
}

TEST_CASE("slot straddling a break is not offered; slots either side are") {
    CHECK(bookable(at(2026, 12, 13, 11, 30)));
    CHECK_FALSE(bookable(at(2026, 12, 13, 11, 45)));
    CHECK_FALSE(bookable(at(2026, 12, 13, 12, 0)));
    CHECK(bookable(at(2026, 12, 13, 12, 30)));
}

TEST_CASE("slot off the grid or with seconds is not bookable") {
    CHECK_FALSE(bookable(at(2026, 12, 13, 7, 5)));
    CHECK_FALSE(bookable(at(2026, 12, 13, 7, 0) + 1));
}

TEST_CASE("second shift: Thursday evening slots exist, other evenings do not") {
    CHECK(bookable(at(2026, 12, 10, 16, 0)));
    CHECK(bookable(at(2026, 12, 10, 17, 45)));
    CHECK_FALSE(bookable(at(2026, 12, 9, 16, 0)));
}

TEST_CASE("slot on a closure: the centre's own closure and a public holiday") {
    CHECK_FALSE(bookable(at(2026, 12, 24, 7, 0)));
    CHECK_FALSE(bookable(at(2026, 12, 16, 7, 0)));
    CHECK_FALSE(bookable(at(2026, 12, 17, 9, 0)));
    CHECK(bookable(at(2026, 12, 15, 9, 0)));
    const auto grid = slot_grid(kCatalog, "isa", "id-card", Date{2026, 12, 24}, 1, kNow);
    REQUIRE(grid);
    CHECK(grid->empty());
}

TEST_CASE("slot on the weekend: Friday and Saturday have none") {
    const auto grid = slot_grid(kCatalog, "isa", "id-card", Date{2026, 12, 11}, 2, kNow);
    REQUIRE(grid);
    CHECK(grid->empty());
    CHECK_FALSE(bookable(at(2026, 12, 11, 9, 0)));
}

TEST_CASE("slot at the window's last day: today + 30 days is in, the day after is out") {
    CHECK(bookable(at(2027, 1, 5, 7, 0)));        // Tuesday, 30 days after Sunday 6 December
    CHECK_FALSE(bookable(at(2027, 1, 6, 7, 0)));  // Wednesday, 31 days after
    const auto window =
        booking_window(*find_centre(kCatalog, "isa"), *find_service(kCatalog, "id-card"), kNow);
    CHECK(window.first == Date{2026, 12, 6});
    CHECK(window.last == Date{2027, 1, 5});
}

TEST_CASE("slot inside the minimum notice is refused; exactly at the notice is allowed") {
    const UnixSeconds now = at(2026, 12, 6, 6, 0);
    CHECK(bookable(at(2026, 12, 6, 7, 0), now));  // exactly 60 minutes ahead
    CHECK_FALSE(bookable(at(2026, 12, 6, 7, 0), now + 1));
    CHECK_FALSE(bookable(at(2026, 12, 6, 7, 15), at(2026, 12, 6, 6, 30)));
    CHECK(bookable(at(2026, 12, 6, 7, 30), at(2026, 12, 6, 6, 30)));
}

TEST_CASE("slot in the past is not bookable") {
    CHECK_FALSE(bookable(at(2026, 12, 3, 9, 0)));
    CHECK_FALSE(bookable(at(2026, 12, 6, 9, 0), at(2026, 12, 6, 12, 0)));
}

TEST_CASE("leap day: 29 February 2028 has slots like any Tuesday") {
    const UnixSeconds now = at(2028, 2, 20, 8, 0);
    const auto grid = slot_grid(kCatalog, "isa", "id-card", Date{2028, 2, 28}, 3, now);
    REQUIRE(grid);
    const auto on_leap_day = std::count_if(grid->begin(), grid->end(), [](const Slot& s) {
        return s.date == Date{2028, 2, 29};
    });
    CHECK(on_leap_day == 25);  // 07:00-11:30 is 19 slots, 12:30-13:45 is 6
    CHECK(grid->back().date == Date{2028, 3, 1});
}

TEST_CASE("year end: a grid across 31 December continues into January") {
    const UnixSeconds now = at(2026, 12, 27, 8, 0);
    const auto grid = slot_grid(kCatalog, "isa", "id-card", Date{2026, 12, 30}, 5, now);
    REQUIRE(grid);
    CHECK(grid->front().date == Date{2026, 12, 30});
    CHECK(grid->back().date == Date{2027, 1, 3});  // Thu 31, Fri 1 and Sat 2 in between
    CHECK(std::any_of(grid->begin(), grid->end(), [](const Slot& s) {
        return s.date == Date{2026, 12, 31};
    }));
}

TEST_CASE("capacity reached: no free seat and no seat to take") {
    const auto slot = bookable_slot(kCatalog, "isa", "id-card", at(2026, 12, 13, 7, 0), kNow);
    REQUIRE(slot);
    CHECK(free_seats(*slot, {{slot->start, 2}}) == 1);
    CHECK(free_seats(*slot, {{slot->start, 3}}) == 0);
    CHECK(free_seats(*slot, {{slot->start, 5}}) == 0);
    CHECK(free_seats(*slot, {}) == 3);
    CHECK(can_take_seat(3, 2));
    CHECK_FALSE(can_take_seat(3, 3));
}

TEST_CASE("unknown centre, unknown service and a service the centre does not offer") {
    const UnixSeconds start = at(2026, 12, 13, 7, 0);
    CHECK(reason("nowhere", "id-card", start) == ErrorCode::unknown_centre);
    CHECK(reason("isa", "nothing", start) == ErrorCode::unknown_service);
    CHECK(reason("isa", "passport", start) == ErrorCode::service_not_offered);
    CHECK(reason("isa", "id-card", at(2026, 12, 11, 7, 0)) == ErrorCode::not_bookable);
}

TEST_CASE("days must be 1..60") {
    CHECK(slot_grid(kCatalog, "isa", "id-card", Date{2026, 12, 6}, 0, kNow).error().field ==
          "days");
    CHECK_FALSE(slot_grid(kCatalog, "isa", "id-card", Date{2026, 12, 6}, 61, kNow));
    CHECK(slot_grid(kCatalog, "isa", "id-card", Date{2026, 12, 6}, 60, kNow));
}

TEST_CASE("a whole year of days: every slot of the grid is one the rules allow") {
    Date date{2027, 1, 1};
    for (int i = 0; i < 365; ++i, date = add_days(date, 1)) {
        CAPTURE(format_date(date));
        const UnixSeconds now = to_unix(add_days(date, -1), 12 * 60, test::kBahrain);
        const auto grid = slot_grid(kCatalog, "isa", "id-card", date, 1, now);
        REQUIRE(grid);
        const Weekday day = weekday_of(date);
        const bool closed = day == Weekday::fri || day == Weekday::sat;
        CHECK(grid->empty() == closed);
        const auto& hours = find_centre(kCatalog, "isa")->hours[static_cast<int>(day)];
        for (std::size_t k = 0; k < grid->size(); ++k) {
            const Slot& slot = (*grid)[k];
            REQUIRE(slot.date == date);
            REQUIRE(slot.capacity == 3);
            REQUIRE(to_local(slot.start, test::kBahrain).minute_of_day == slot.minute_of_day);
            REQUIRE(std::any_of(hours.begin(), hours.end(), [&](const Interval& h) {
                return h.open <= slot.minute_of_day && slot.minute_of_day + 15 <= h.close;
            }));
            if (k > 0) REQUIRE((*grid)[k - 1].start < slot.start);
            REQUIRE(bookable_slot(kCatalog, "isa", "id-card", slot.start, now));
        }
    }
}

TEST_CASE("schedule change: new hours and counters apply from their date, not before") {
    Catalog catalog = test::small_catalog();
    ScheduleChange change;
    change.from = Date{2026, 12, 20};
    change.has_hours = true;
    change.hours[static_cast<int>(Weekday::sun)] = {{8 * 60, 9 * 60}};
    change.counters = {{"id-card", 5}};
    catalog.centres[0].changes.push_back(change);
    const auto before = slot_grid(catalog, "isa", "id-card", Date{2026, 12, 13}, 1, kNow);
    const auto after = slot_grid(catalog, "isa", "id-card", Date{2026, 12, 20}, 1, kNow);
    REQUIRE(before);
    REQUIRE(after);
    CHECK(before->size() == 25);
    CHECK(before->front().capacity == 3);
    REQUIRE(after->size() == 4);
    CHECK(after->front().minute_of_day == 8 * 60);
    CHECK(after->front().capacity == 5);
    CHECK(catalog_from_json(catalog_to_json(catalog)).value() == catalog);
}

TEST_CASE("a booking's slot is found by arithmetic: the same as the grid's, minute by minute") {
    Catalog catalog = test::small_catalog();
    ScheduleChange none;  // no counters for a week, then new hours and counters
    none.from = Date{2026, 12, 13};
    none.counters = {{"id-card", 0}};
    ScheduleChange change;
    change.from = Date{2026, 12, 20};
    change.has_hours = true;
    change.hours[static_cast<int>(Weekday::sun)] = {{8 * 60, 9 * 60}};
    change.counters = {{"id-card", 5}};
    catalog.centres[0].changes = {none, change};
    // Seen days ahead, and from inside the fortnight (the notice and today's past times).
    for (const UnixSeconds now : {kNow, at(2026, 12, 10, 10, 0)}) {
        int bookable = 0;
        Date date{2026, 12, 9};  // a break, a second shift, closures and both changes
        for (int i = 0; i < 14; ++i, date = add_days(date, 1)) {
            CAPTURE(format_date(date));
            const auto grid = slot_grid(catalog, "isa", "id-card", date, 1, now);
            REQUIRE(grid);
            for (int minute = 0; minute < 24 * 60; ++minute) {
                const UnixSeconds start = to_unix(date, minute, test::kBahrain);
                const auto in_grid = std::find_if(grid->begin(), grid->end(),
                                                  [&](const Slot& s) { return s.start == start; });
                const auto found = bookable_slot(catalog, "isa", "id-card", start, now);
                REQUIRE(found.ok() == (in_grid != grid->end()));
                if (found) REQUIRE(*found == *in_grid);
                REQUIRE_FALSE(bookable_slot(catalog, "isa", "id-card", start + 30, now));
                bookable += found ? 1 : 0;
            }
        }
        CHECK(bookable > 0);  // not a comparison of two empty grids
    }
}
