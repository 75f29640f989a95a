#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "fixtures.hpp"
#include "mawid/codec.hpp"

using namespace mawid;

namespace {

Catalog demo_catalog() {
    std::ifstream file(std::string(MAWID_ASSETS) + "/catalog.json");
    std::stringstream text;
    text << file.rdbuf();
    auto json = parse_json(text.str());
    REQUIRE(json);
    auto catalog = catalog_from_json(*json);
    if (!catalog) FAIL(catalog.error().field << ": " << catalog.error().message);
    return *catalog;
}

}  // namespace

TEST_CASE("lookups by id") {
    const Catalog catalog = test::small_catalog();
    CHECK(find_centre(catalog, "isa")->governorate == "southern");
    CHECK(find_centre(catalog, "nowhere") == nullptr);
    CHECK(find_service(catalog, "passport")->slot_minutes == 20);
    CHECK(offers(*find_centre(catalog, "isa"), "id-card"));
    CHECK_FALSE(offers(*find_centre(catalog, "isa"), "passport"));
    CHECK(counters_for(*find_centre(catalog, "isa"), "passport") == 0);
}

TEST_CASE("localized text falls back to English, then to any language") {
    CHECK(localized({{"ar", "جواز"}, {"en", "Passport"}}, "ar") == "جواز");
    CHECK(localized({{"ar", "جواز"}, {"en", "Passport"}}, "ur") == "Passport");
    CHECK(localized({{"ar", "جواز"}}, "en") == "جواز");
    CHECK(localized({}, "en").empty());
}

TEST_CASE("closures: both ends of a range are closed days") {
    Catalog catalog = test::small_catalog();
    const Centre& isa = *find_centre(catalog, "isa");
    CHECK(is_closed_on(catalog, isa, Date{2026, 12, 16}));
    CHECK(is_closed_on(catalog, isa, Date{2026, 12, 17}));
    CHECK_FALSE(is_closed_on(catalog, isa, Date{2026, 12, 18}));
    CHECK(is_closed_on(catalog, isa, Date{2026, 12, 24}));
}

TEST_CASE("catalog_problem finds inconsistencies") {
    CHECK(catalog_problem(test::small_catalog()).empty());
    Catalog dup = test::small_catalog();
    dup.centres.push_back(dup.centres[0]);
    CHECK(catalog_problem(dup) == "duplicate centre id");
    Catalog unknown = test::small_catalog();
    unknown.centres[0].services.push_back("ghost");
    CHECK(catalog_problem(unknown).find("unknown service ghost") != std::string::npos);
    Catalog overlap = test::small_catalog();
    overlap.centres[0].hours[0] = {{420, 600}, {590, 700}};
    CHECK_FALSE(catalog_problem(overlap).empty());
    Catalog backwards = test::small_catalog();
    backwards.holidays[0].to = Date{2026, 12, 1};
    CHECK_FALSE(catalog_problem(backwards).empty());
}

TEST_CASE("the demo catalogue: 100 centres in Bahrain's four governorates, all consistent") {
    const Catalog catalog = demo_catalog();
    CHECK(catalog.centres.size() == 100);
    CHECK(catalog.services.size() >= 15);
    std::set<std::string> governorates;
    for (const Centre& centre : catalog.centres) {
        CAPTURE(centre.id);
        governorates.insert(centre.governorate);
        CHECK(centre.lat > 25.5);
        CHECK(centre.lat < 26.5);
        CHECK(centre.lon > 50.3);
        CHECK(centre.lon < 50.9);
        CHECK(!localized(centre.name, "ar").empty());
        CHECK(!localized(centre.name, "en").empty());
        CHECK(centre.hours[static_cast<int>(Weekday::fri)].empty());
        for (const auto& id : centre.services) CHECK(offers(centre, id));
    }
    CHECK(governorates == std::set<std::string>{"capital", "muharraq", "northern", "southern"});
    for (const Service& service : catalog.services) {
        CHECK(service.name.count("ar") == 1);
        CHECK(service.name.count("en") == 1);
    }
}
