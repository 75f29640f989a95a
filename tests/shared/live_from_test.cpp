// Go-live dates (issue 14): a centre, or one service at a centre, takes bookings from a date.
#include <doctest/doctest.h>

#include "fixtures.hpp"
#include "mawid/booking.hpp"
#include "mawid/codec.hpp"
#include "mawid/rollout.hpp"
#include "mawid/slots.hpp"

using namespace mawid;
using mawid::test::at;

namespace {

// The small catalogue with Isa Town also offering passports, going live on 2026-12-10.
Catalog phased_catalog() {
    Catalog catalog = test::small_catalog();
    Centre& isa = catalog.centres[0];
    isa.services.push_back("passport");
    isa.counters["passport"] = 2;
    isa.live_from = Date{2026, 12, 10};
    return catalog;
}

// Local times at the centre (UTC+3): the evening before, and the morning of, go-live.
const UnixSeconds kDayBefore = at(2026, 12, 9, 20, 0);
const UnixSeconds kDayOf = at(2026, 12, 10, 0, 0);
const UnixSeconds kSlot = at(2026, 12, 13, 9, 0);  // a Sunday slot after go-live

}  // namespace

TEST_CASE("go-live: the day before refuses with not_live_yet, the day of is live") {
    const Catalog catalog = phased_catalog();
    const Centre& isa = catalog.centres[0];
    CHECK_FALSE(is_live(isa, "id-card", Date{2026, 12, 9}));
    CHECK(is_live(isa, "id-card", Date{2026, 12, 10}));
    CHECK(is_live(isa, "id-card", Date{2027, 1, 1}));

    const auto before = bookable_slot(catalog, "isa", "id-card", kSlot, kDayBefore);
    REQUIRE_FALSE(before);
    CHECK(before.error().code == ErrorCode::not_live_yet);
    CHECK(before.error().message.find("2026-12-10") != std::string::npos);
    CHECK(bookable_slot(catalog, "isa", "id-card", kSlot, kDayOf));

    const auto grid = slot_grid(catalog, "isa", "id-card", Date{2026, 12, 13}, 1, kDayBefore);
    REQUIRE_FALSE(grid);
    CHECK(grid.error().code == ErrorCode::not_live_yet);
    const auto live_grid = slot_grid(catalog, "isa", "id-card", Date{2026, 12, 13}, 1, kDayOf);
    REQUIRE(live_grid);
    CHECK_FALSE(live_grid->empty());
}

TEST_CASE("go-live: the centre's today decides, not UTC's") {
    const Catalog catalog = phased_catalog();
    // 2026-12-09 21:30 UTC is already 2026-12-10 00:30 in Bahrain.
    const UnixSeconds utc_evening = to_unix(Date{2026, 12, 9}, 21 * 60 + 30, 0);
    CHECK(bookable_slot(catalog, "isa", "id-card", kSlot, utc_evening));
    CHECK(bookable_slot(catalog, "isa", "id-card", kSlot, at(2026, 12, 9, 23, 59)).error().code ==
          ErrorCode::not_live_yet);
}

TEST_CASE("go-live: a service's own date overrides the centre's, earlier or later") {
    Catalog catalog = phased_catalog();
    Centre& isa = catalog.centres[0];
    isa.service_live_from["passport"] = Date{2026, 12, 20};  // later than the centre
    isa.service_live_from["id-card"] = Date{2026, 12, 1};    // earlier than the centre
    CHECK(live_from(isa, "passport") == Date{2026, 12, 20});
    CHECK(live_from(isa, "id-card") == Date{2026, 12, 1});
    CHECK(is_live(isa, "id-card", Date{2026, 12, 5}));
    CHECK_FALSE(is_live(isa, "passport", Date{2026, 12, 19}));
    CHECK(is_live(isa, "passport", Date{2026, 12, 20}));
    CHECK(bookable_slot(catalog, "isa", "id-card", kSlot, kDayBefore));
    const UnixSeconds passport_slot = at(2026, 12, 22, 9, 0);
    CHECK(bookable_slot(catalog, "isa", "passport", passport_slot, kDayOf).error().code ==
          ErrorCode::not_live_yet);
    CHECK(bookable_slot(catalog, "isa", "passport", passport_slot, at(2026, 12, 20, 6, 0)));
    // The centre opens with its earliest service; the service starts at its earliest centre.
    CHECK(centre_opens_on(isa) == Date{2026, 12, 1});
    CHECK(centre_is_live(isa, Date{2026, 12, 5}));
    CHECK(service_starts_on(catalog, "passport") == Date{2026, 12, 20});
}

TEST_CASE("go-live: no date means live; a service offered nowhere has no start") {
    Catalog catalog = test::small_catalog();
    const Centre& isa = catalog.centres[0];
    CHECK(live_from(isa, "id-card") == std::nullopt);
    CHECK(is_live(isa, "id-card", Date{2000, 1, 1}));
    CHECK(centre_opens_on(isa) == std::nullopt);
    CHECK(service_starts_on(catalog, "id-card") == std::nullopt);
    CHECK(service_starts_on(catalog, "passport") == std::nullopt);  // offered nowhere
    catalog.centres[0].live_from = Date{2027, 2, 1};
    CHECK(service_starts_on(catalog, "id-card") == Date{2027, 2, 1});
    CHECK_FALSE(centre_is_live(catalog.centres[0], Date{2027, 1, 31}));
}

TEST_CASE("go-live: a reschedule before the date is refused too") {
    const Catalog catalog = phased_catalog();
    Booking booking;
    booking.centre = "isa";
    booking.service = "id-card";
    booking.start = at(2026, 12, 14, 9, 0);
    CHECK(check_reschedule(catalog, booking, kSlot, kDayBefore).error().code ==
          ErrorCode::not_live_yet);
}

TEST_CASE("go-live dates round-trip through the catalogue JSON and are checked") {
    Catalog catalog = phased_catalog();
    catalog.centres[0].service_live_from["passport"] = Date{2026, 12, 20};
    const Json json = catalog_to_json(catalog);
    CHECK(json["centres"][0]["live_from"] == "2026-12-10");
    CHECK(json["centres"][0]["service_live_from"]["passport"] == "2026-12-20");
    auto back = catalog_from_json(json);
    REQUIRE(back);
    CHECK(*back == catalog);
    // No date: no member at all, as before go-live dates existed.
    CHECK_FALSE(catalog_to_json(test::small_catalog())["centres"][0].contains("live_from"));

    Json bad_date = json;
    bad_date["centres"][0]["live_from"] = "2026-02-30";
    CHECK(catalog_from_json(bad_date).error().field == "live_from");
    Json unoffered = catalog_to_json(test::small_catalog());
    unoffered["centres"][0]["service_live_from"] = {{"passport", "2026-12-20"}};
    CHECK_FALSE(catalog_from_json(unoffered));
}

TEST_CASE("roll-out phases: centres with the same go-live date, earliest first, live or planned") {
    Catalog catalog = test::small_catalog();
    Centre second = catalog.centres[0];
    second.id = "riffa";
    Centre third = catalog.centres[0];
    third.id = "sitra";
    Centre always = catalog.centres[0];
    always.id = "manama";  // no date: live from the start, in no phase
    catalog.centres[0].live_from = Date{2027, 1, 1};
    second.live_from = Date{2026, 12, 1};
    third.live_from = Date{2027, 1, 1};
    catalog.centres.insert(catalog.centres.end(), {second, third, always});
    const auto phases = rollout_phases(catalog, Date{2026, 12, 31});
    REQUIRE(phases.size() == 2);
    CHECK(phases[0] == RolloutPhase{Date{2026, 12, 1}, {"riffa"}, true});
    CHECK(phases[1] == RolloutPhase{Date{2027, 1, 1}, {"isa", "sitra"}, false});
    CHECK(rollout_phases(catalog, Date{2027, 1, 1})[1].live);  // the day of is live
}
