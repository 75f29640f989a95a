#include <doctest/doctest.h>

#include "fixtures.hpp"
#include "mawid/catalog_edit.hpp"

using namespace mawid;

namespace {

const Json kName = {{"ar", "صيانة"}, {"en", "Maintenance"}};

}  // namespace

TEST_CASE("catalogue edit: the next version counts revisions") {
    CHECK(next_catalog_version("demo-2026-1") == "demo-2026-1-r1");
    CHECK(next_catalog_version("demo-2026-1-r1") == "demo-2026-1-r2");
    CHECK(next_catalog_version("demo-2026-1-r9") == "demo-2026-1-r10");
    CHECK(next_catalog_version("v-r") == "v-r-r1");
    CHECK(next_catalog_version("v-rx") == "v-rx-r1");
}

TEST_CASE("catalogue edit: a schedule change is added, merged and taken out again") {
    const Catalog catalog = test::small_catalog();
    const Date from{2027, 1, 3};
    auto changed = with_schedule_change(catalog, "isa", from, Json(), Json{{"id-card", 5}});
    REQUIRE(changed);
    REQUIRE(changed->centres[0].changes.size() == 1);
    CHECK(changed->centres[0].changes[0].from == from);
    CHECK_FALSE(changed->centres[0].changes[0].has_hours);
    CHECK(changed->centres[0].changes[0].counters.at("id-card") == 5);

    const Json hours = {{"sun", Json::array({Json::array({"08:00", "12:00"})})}};
    auto merged = with_schedule_change(*changed, "isa", from, hours, Json());
    REQUIRE(merged);
    REQUIRE(merged->centres[0].changes.size() == 1);
    CHECK(merged->centres[0].changes[0].has_hours);
    CHECK(merged->centres[0].changes[0].counters.at("id-card") == 5);

    auto earlier = with_schedule_change(*merged, "isa", Date{2026, 12, 20}, hours, Json());
    REQUIRE(earlier);
    REQUIRE(earlier->centres[0].changes.size() == 2);
    CHECK(earlier->centres[0].changes[0].from == Date{2026, 12, 20});

    auto undone = without(*earlier, Removal::schedule_change, "isa", Date{2026, 12, 20}, Date{});
    REQUIRE(undone);
    CHECK(*undone == *merged);
    CHECK(catalog == test::small_catalog());  // the input is a value, left as it was
}

TEST_CASE("catalogue edit: a schedule change's errors name the field") {
    const Catalog catalog = test::small_catalog();
    const Date from{2027, 1, 3};
    auto neither = with_schedule_change(catalog, "isa", from, Json(), Json());
    REQUIRE_FALSE(neither);
    CHECK(neither.error().field == "hours");
    auto not_offered = with_schedule_change(catalog, "isa", from, Json(), Json{{"passport", 1}});
    REQUIRE_FALSE(not_offered);
    CHECK(not_offered.error().field == "counters");
    auto bad_hours = with_schedule_change(catalog, "isa", from, Json::array(), Json());
    REQUIRE_FALSE(bad_hours);
    CHECK(bad_hours.error().field == "hours");
    auto bad_day =
        with_schedule_change(catalog, "isa", from, Json{{"someday", Json::array()}}, Json());
    REQUIRE_FALSE(bad_day);
    CHECK(bad_day.error().field == "hours");
    auto nowhere = with_schedule_change(catalog, "nowhere", from, Json(), Json{{"id-card", 1}});
    REQUIRE_FALSE(nowhere);
    CHECK(nowhere.error().code == ErrorCode::unknown_centre);
}

TEST_CASE("catalogue edit: closures and holidays are added and taken out again") {
    const Catalog catalog = test::small_catalog();
    const Date from{2027, 2, 1};
    const Date to{2027, 2, 3};
    auto closed = with_closure(catalog, "isa", from, to, kName);
    REQUIRE(closed);
    REQUIRE(closed->centres[0].closures.size() == 2);
    CHECK(closed->centres[0].closures[1].from == from);
    CHECK(closed->centres[0].closures[1].to == to);
    CHECK(closed->centres[0].closures[1].name.at("en") == "Maintenance");
    auto reopened = without(*closed, Removal::closure, "isa", from, to);
    REQUIRE(reopened);
    CHECK(*reopened == catalog);

    auto holiday = with_holiday(catalog, from, to, Json());
    REQUIRE(holiday);
    REQUIRE(holiday->holidays.size() == 2);
    auto no_holiday = without(*holiday, Removal::holiday, "", from, to);
    REQUIRE(no_holiday);
    CHECK(*no_holiday == catalog);
}

TEST_CASE("catalogue edit: closure errors") {
    const Catalog catalog = test::small_catalog();
    const Date from{2027, 2, 1};
    auto backwards = with_closure(catalog, "isa", from, Date{2027, 1, 31}, kName);
    REQUIRE_FALSE(backwards);
    CHECK(backwards.error().field == "to");
    auto bad_name = with_holiday(catalog, from, from, Json("Maintenance"));
    REQUIRE_FALSE(bad_name);
    CHECK(bad_name.error().field == "name");
    auto nowhere = with_closure(catalog, "nowhere", from, from, kName);
    REQUIRE_FALSE(nowhere);
    CHECK(nowhere.error().code == ErrorCode::unknown_centre);
    auto missing = without(catalog, Removal::closure, "isa", from, from);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::not_found);
    CHECK(missing.error().field == "from");
    auto no_change = without(catalog, Removal::schedule_change, "isa", from, from);
    REQUIRE_FALSE(no_change);
    CHECK(no_change.error().code == ErrorCode::not_found);
}
