// Translation tables: loading, direction, placeholders, missing keys.
#include <doctest/doctest.h>

#include "format.hpp"
#include "i18n.hpp"
#include "platform.hpp"

using mawid::client::Strings;
using mawid::client::month_title;
using mawid::client::use_calendar_names;

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

// Issue 13: a count picks its CLDR form with Intl.PluralRules, through the same bridge the
// app uses (platform/intl_web.cpp; Node.js has the same Intl as the browser).
TEST_CASE("a count takes the form the language's plural rules give it") {
    mawid::set_plural_rule(&mawid::client::platform::plural_category);
    Strings tr;
    REQUIRE(tr.load("ar", R"({"_meta": {"dir": "rtl"}, "free": {"zero": "لا أماكن",
        "one": "مكان واحد", "two": "مكانان", "few": "{count} أماكن", "many": "{count} مكانًا",
        "other": "{count} مكان"}, "plain": "{count} متاح"})"));
    CHECK(tr.plural("free"));
    CHECK_FALSE(tr.plural("plain"));
    CHECK(tr.count("free", 0) == "لا أماكن");
    CHECK(tr.count("free", 1) == "مكان واحد");
    CHECK(tr.count("free", 2) == "مكانان");
    CHECK(tr.count("free", 3) == "3 أماكن");
    CHECK(tr.count("free", 10) == "10 أماكن");
    CHECK(tr.count("free", 11) == "11 مكانًا");
    CHECK(tr.count("free", 99) == "99 مكانًا");
    CHECK(tr.count("free", 100) == "100 مكان");
    CHECK(tr.count("free", 101) == "101 مكان");
    CHECK(tr.count("free", 103) == "103 أماكن");
    CHECK(tr("free") == "{count} مكان");  // read without a count: the general form
    CHECK(tr.count("plain", 3) == "3 متاح");

    // Hindi and Persian put 0 with 1 ("one"); Urdu and English only 1. Digits are the table's.
    const char* forms = R"("n": {"one": "one {count}", "other": "other {count}"})";
    REQUIRE(tr.load("hi", std::string(R"({"_meta": {"dir": "ltr"}, )") + forms + "}"));
    CHECK(tr.count("n", 0) == "one 0");
    CHECK(tr.count("n", 1) == "one 1");
    CHECK(tr.count("n", 2) == "other 2");
    REQUIRE(tr.load("fa", std::string(R"({"_meta": {"dir": "rtl", "digits": "arabext"}, )") +
                              forms + "}"));
    CHECK(tr.count("n", 0) == "one ۰");
    CHECK(tr.count("n", 5) == "other ۵");
    REQUIRE(tr.load("ur", std::string(R"({"_meta": {"dir": "rtl"}, )") + forms + "}"));
    CHECK(tr.count("n", 0) == "other 0");
    CHECK(tr.count("n", 1) == "one 1");
    // A language the browser has no rules for takes the general form.
    REQUIRE(tr.load("qq", std::string(R"({"_meta": {"dir": "ltr"}, )") + forms + "}"));
    CHECK(tr.count("n", 1) == "other 1");
}

TEST_CASE("months and weekdays are named by the browser, else by the table") {
    Strings tr;
    REQUIRE(tr.load("fa", R"({"_meta": {"dir": "rtl", "digits": "arabext"},
        "month.12": "table December", "weekday.sun": "table Sunday",
        "fmt.month_year": "{month} {year}"})"));
    use_calendar_names(tr, "not json");
    CHECK(tr("month.12") == "table December");
    use_calendar_names(tr, R"({"month": ["x"]})");
    CHECK(tr("month.12") == "table December");
    use_calendar_names(tr, mawid::client::platform::calendar_names("fa"));
    CHECK(tr("month.12") == "دسامبر");  // Gregorian, not the Persian calendar's
    CHECK(tr("weekday.sun") == "یکشنبه");
    CHECK(month_title(tr, 2026, 12) == "دسامبر ۲۰۲۶");
    CHECK(mawid::client::platform::calendar_names("qq").empty());
}
