#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "fixtures.hpp"
#include "mawid/codec.hpp"
#include "mawid/strings.hpp"

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

TEST_CASE("localized text falls back to English, then Arabic, then any language") {
    CHECK(localized({{"ar", "جواز"}, {"en", "Passport"}}, "ar") == "جواز");
    CHECK(localized({{"ar", "جواز"}, {"en", "Passport"}}, "ur") == "Passport");
    CHECK(localized({{"ar", "جواز"}}, "en") == "جواز");
    CHECK(localized({{"ar", "جواز"}, {"de", "Pass"}}, "ur") == "جواز");  // Arabic before any
    CHECK(localized({{"de", "Pass"}}, "ur") == "Pass");
    CHECK(localized({{"ur", ""}, {"en", "Passport"}}, "ur") == "Passport");  // empty = missing
    CHECK(localized({}, "en").empty());
}

// docs/translations.md: a missing name is read in the table's own fallback list, then
// English, then Arabic; the server's messages and the apps use the same chain.
TEST_CASE("a table's chain: its language, its own fallback list, then English, then Arabic") {
    Strings ur;
    REQUIRE(ur.load("ur", R"({"_meta": {"dir": "rtl", "fallback": ["ar"]}})"));
    CHECK(ur.chain() == std::vector<std::string>{"ur", "ar", "en"});
    Strings hi;
    REQUIRE(hi.load("hi", R"({"_meta": {"dir": "ltr"}})"));
    CHECK(hi.chain() == std::vector<std::string>{"hi", "en", "ar"});
    Strings en;
    REQUIRE(en.load("en", R"({"_meta": {"dir": "ltr", "fallback": ["en", 7]}})"));
    CHECK(en.chain() == std::vector<std::string>{"en", "ar"});

    const LocalizedText name{{"ar", "مركز خدمات سترة"}, {"en", "Sitra Service Centre"},
                             {"ur", "سترہ سروس سینٹر"}};
    CHECK(localized(name, ur.chain()) == "سترہ سروس سینٹر");
    CHECK(localized(name, hi.chain()) == "Sitra Service Centre");
    const LocalizedText no_urdu{{"ar", "مركز خدمات سترة"}, {"en", "Sitra Service Centre"}};
    CHECK(localized(no_urdu, ur.chain()) == "مركز خدمات سترة");  // Urdu's list says Arabic
    CHECK(localized(no_urdu, hi.chain()) == "Sitra Service Centre");

    const LocalizedLists bring{{"ar", {"جواز السفر"}}, {"en", {"Passport"}}, {"hi", {}}};
    CHECK(localized(bring, hi.chain()) == std::vector<std::string>{"Passport"});
    CHECK(localized(bring, ur.chain()) == std::vector<std::string>{"جواز السفر"});
    CHECK(localized(LocalizedLists{}, ur.chain()).empty());
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

// Issue 13: every name a citizen reads in the catalogue is there in all six languages, and
// every "what to bring" list has as many lines in each as in English.
TEST_CASE("the demo catalogue names everything in the six languages") {
    const Catalog catalog = demo_catalog();
    const std::vector<std::string> six{"ar", "en", "ur", "hi", "bn", "fa"};
    auto complete = [&six](const LocalizedText& text) {
        for (const auto& lang : six) {
            auto it = text.find(lang);
            if (it == text.end() || it->second.empty()) return false;
        }
        return true;
    };
    for (const Service& service : catalog.services) {
        CAPTURE(service.id);
        CHECK(complete(service.name));
        CHECK(complete(service.authority));
        for (const auto& lang : six) {
            CAPTURE(lang);
            REQUIRE(service.bring.count(lang) == 1);
            CHECK(service.bring.at(lang).size() == service.bring.at("en").size());
        }
    }
    for (const Centre& centre : catalog.centres) {
        CAPTURE(centre.id);
        CHECK(complete(centre.name));
        for (const Closure& closure : centre.closures) CHECK(complete(closure.name));
    }
    for (const Closure& holiday : catalog.holidays) CHECK(complete(holiday.name));
}
