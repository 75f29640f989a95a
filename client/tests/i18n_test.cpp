// Translation tables: loading, direction, placeholders, missing keys.
#include <doctest/doctest.h>

#include "i18n.hpp"

using mawid::client::Strings;

TEST_CASE("a table gives texts, direction and placeholders") {
    Strings tr;
    REQUIRE(tr.load("ar", R"({"_meta": {"name": "العربية", "dir": "rtl"},
                              "times.free": "{count} متاح", "a": "{x} and {x}"})"));
    CHECK(tr.loaded());
    CHECK(tr.rtl());
    CHECK(tr.lang() == "ar");
    CHECK(tr.format("times.free", {{"count", "3"}}) == "3 متاح");
    CHECK(tr.format("a", {{"x", "{x}"}}) == "{x} and {x}");  // no endless replacing
    CHECK(tr("no.such.key") == "no.such.key");
}

TEST_CASE("a broken table is refused and the old one kept") {
    Strings tr;
    REQUIRE(tr.load("en", R"({"_meta": {"dir": "ltr"}, "k": "v"})"));
    CHECK_FALSE(tr.load("xx", "{not json"));
    CHECK_FALSE(tr.load("xx", "[1, 2]"));
    CHECK(tr.lang() == "en");
    CHECK(tr("k") == "v");
    CHECK_FALSE(tr.rtl());
}

TEST_CASE("a table may write numbers with its own digits") {
    Strings tr;
    REQUIRE(tr.load("fa", R"({"_meta": {"dir": "rtl", "digits": "arabext"}})"));
    CHECK(tr.digits("09:30") == "۰۹:۳۰");
    CHECK(tr.number(2026) == "۲۰۲۶");
    REQUIRE(tr.load("bn", R"({"_meta": {"dir": "ltr", "digits": "beng"}})"));
    CHECK(tr.number(7) == "৭");
    REQUIRE(tr.load("ar", R"({"_meta": {"dir": "rtl"}})"));
    CHECK(tr.digits("09:30") == "09:30");  // the default: the digits Bahrain reads
}
