// Search folding, isolates and distances.
#include <doctest/doctest.h>

#include <mawid/codec.hpp>

#include "format.hpp"
#include "widget_registry.hpp"

using mawid::client::distance_km;
using mawid::client::ltr;
using mawid::client::matches_search;

TEST_CASE("search ignores case and the spaces around the query") {
    std::map<std::string, std::string> name{{"en", "Passport renewal"}, {"ar", "تجديد جواز السفر"}};
    CHECK(matches_search(name, ""));
    CHECK(matches_search(name, "  PASSPORT "));
    CHECK(matches_search(name, "جواز"));
    CHECK_FALSE(matches_search(name, "licence"));
}

TEST_CASE("Arabic alef forms, alef maqsura and ta marbuta match their plain forms") {
    std::map<std::string, std::string> name{{"ar", "إصدار البطاقة الذكية"}};
    CHECK(matches_search(name, "اصدار"));    // typed without hamza
    CHECK(matches_search(name, "البطاقه"));  // ha for ta marbuta
    std::map<std::string, std::string> other{{"ar", "مستشفى"}};
    CHECK(matches_search(other, "مستشفي"));
}

TEST_CASE("a left-to-right run is wrapped in an isolate") {
    CHECK(ltr("+97336001234") == "\u2066+97336001234\u2069");
}

TEST_CASE("the accessibility mirror reads codes and numbers without the isolates that draw them") {
    mawid::client::WidgetRegistry registry;
    mawid::client::WidgetInfo code;
    code.id = "done/code";
    code.label = ltr("375-AXB-JNQ");
    registry.add(code);
    registry.set_detail("الرمز " + ltr("375-AXB-JNQ") + " · " + ltr("+97336001234"));
    mawid::Json list = mawid::Json::parse(registry.take_changes());
    CHECK(list[0]["label"] == "375-AXB-JNQ");
    CHECK(list[0]["detail"] == "الرمز 375-AXB-JNQ · +97336001234");
    // Other three-byte characters that start alike are kept.
    registry.begin_frame();
    mawid::client::WidgetInfo other;
    other.label = "\u2060\u206A·";
    registry.add(other);
    CHECK(mawid::Json::parse(registry.take_changes())[0]["label"] == "\u2060\u206A·");
}

TEST_CASE("distances between two Bahraini centres are a few km") {
    double km = distance_km(26.2255, 50.582, 26.1736, 50.5478);  // Manama -> Isa Town
    CHECK(km > 5);
    CHECK(km < 8);
    CHECK(distance_km(26.2, 50.5, 26.2, 50.5) == doctest::Approx(0));
}
