#include <doctest/doctest.h>

#include "fixtures.hpp"
#include "mawid/codec.hpp"

using namespace mawid;
using mawid::test::at;

namespace {

Json good_body() {
    return {
        {"centre", "isa"},    {"service", "id-card"},      {"start", "2026-12-13T07:00:00+03:00"},
        {"cpr", "880112345"}, {"phone", "+973 3600 1234"}, {"lang", "en"}};
}

Error request_error(const Json& body) {
    return booking_request_from_json(body).error();
}

}  // namespace

TEST_CASE("catalogue round trip: to JSON and back gives the same catalogue") {
    const Catalog catalog = test::small_catalog();
    const auto back = catalog_from_json(catalog_to_json(catalog));
    REQUIRE(back);
    CHECK(*back == catalog);
    const auto reparsed = parse_json(catalog_to_json(catalog).dump());
    REQUIRE(reparsed);
    CHECK(*catalog_from_json(*reparsed) == catalog);
}

TEST_CASE("catalogue decoding names the bad field") {
    Json json = catalog_to_json(test::small_catalog());
    json["services"][0]["slot_minutes"] = "fifteen";
    CHECK(catalog_from_json(json).error().field == "slot_minutes");
    json = catalog_to_json(test::small_catalog());
    json["centres"][0]["hours"]["sun"][0][1] = "25:00";
    CHECK(catalog_from_json(json).error().field == "hours");
    json = catalog_to_json(test::small_catalog());
    json["centres"][0]["hours"]["funday"] = Json::array();
    CHECK(catalog_from_json(json).error().field == "hours");
    json = catalog_to_json(test::small_catalog());
    json["holidays"][0]["from"] = "2026-02-30";
    CHECK(catalog_from_json(json).error().field == "from");
    CHECK(catalog_from_json(Json::array()).error().code == ErrorCode::bad_request);
}

TEST_CASE("booking request: a good body decodes with the phone normalised") {
    const auto request = booking_request_from_json(good_body());
    REQUIRE(request);
    CHECK(request->start == at(2026, 12, 13, 7, 0));
    CHECK(request->phone == "+97336001234");
    CHECK(request->lang == "en");
    Json without_lang = good_body();
    without_lang.erase("lang");
    CHECK(booking_request_from_json(without_lang)->lang == "ar");
}

TEST_CASE("booking request: missing fields, wrong types and unknown fields are bad_request") {
    for (const char* field : {"centre", "service", "start", "cpr", "phone"}) {
        CAPTURE(field);
        Json missing = good_body();
        missing.erase(field);
        CHECK(request_error(missing).code == ErrorCode::bad_request);
        CHECK(request_error(missing).field == field);
        Json wrong = good_body();
        wrong[field] = 880112345;
        CHECK(request_error(wrong).field == field);
    }
    Json unknown = good_body();
    unknown["admin"] = true;
    CHECK(request_error(unknown).field == "admin");
    CHECK(request_error(Json::array()).code == ErrorCode::bad_request);
    CHECK(request_error(Json("text")).code == ErrorCode::bad_request);
    Json huge = good_body();
    huge["cpr"] = 1e308;
    CHECK(request_error(huge).field == "cpr");
    Json bad_lang = good_body();
    bad_lang["lang"] = "<script>";
    CHECK(request_error(bad_lang).field == "lang");
}

TEST_CASE("booking request: bad dates are bad_request on start") {
    for (const char* start :
         {"2026-02-30T09:00:00+03:00", "99999-12-13T07:00:00+03:00", "2026-12-13", "tomorrow"}) {
        Json body = good_body();
        body["start"] = start;
        CHECK(request_error(body).code == ErrorCode::bad_request);
        CHECK(request_error(body).field == "start");
    }
}

TEST_CASE("booking request: CPR and phone faults have their own codes") {
    Json cpr = good_body();
    cpr["cpr"] = "12345678";
    CHECK(request_error(cpr).code == ErrorCode::invalid_cpr);
    Json phone = good_body();
    phone["phone"] = "+97317001234";
    CHECK(request_error(phone).code == ErrorCode::invalid_phone);
}

TEST_CASE("booking request: an optional e-mail, checked; \"\" is none") {
    CHECK(booking_request_from_json(good_body())->email.empty());
    Json with = good_body();
    with["email"] = "name@example.com";
    CHECK(booking_request_from_json(with)->email == "name@example.com");
    with["email"] = "";
    CHECK(booking_request_from_json(with)->email.empty());
    with["email"] = "name@example";
    CHECK(request_error(with).code == ErrorCode::invalid_email);
    CHECK(request_error(with).field == "email");
    with["email"] = 7;
    CHECK(request_error(with).code == ErrorCode::bad_request);
}

TEST_CASE("booking JSON carries no personal data and round trips") {
    const Booking booking{
        "K7M4QX9TZ", "isa",          "id-card", at(2026, 12, 13, 7, 0),   test::kBahrain,
        "880112345", "+97336001234", "ar",      BookingStatus::checked_in};
    const Json json = booking_to_json(booking);
    CHECK(json["start"] == "2026-12-13T07:00:00+03:00");
    CHECK(json["status"] == "checked_in");
    CHECK_FALSE(json.contains("cpr"));
    CHECK_FALSE(json.contains("phone"));
    const auto back = booking_from_json(json);
    REQUIRE(back);
    CHECK(back->code == booking.code);
    CHECK(back->start == booking.start);
    CHECK(back->status == booking.status);
}

TEST_CASE("booking request round trip through JSON") {
    const auto request = booking_request_from_json(good_body());
    const auto again = booking_request_from_json(booking_request_to_json(*request, test::kBahrain));
    REQUIRE(again);
    CHECK(again->start == request->start);
    CHECK(again->phone == request->phone);
    CHECK_FALSE(booking_request_to_json(*request, test::kBahrain).contains("email"));
    auto with_email = *request;
    with_email.email = "name@example.com";
    CHECK(booking_request_from_json(booking_request_to_json(with_email, test::kBahrain))->email ==
          "name@example.com");
}

TEST_CASE("availability JSON lists start, capacity and free seats") {
    const Slot slot{at(2026, 12, 13, 7, 0), Date{2026, 12, 13}, 420, 3};
    const Json json =
        availability_to_json("isa", "id-card", {slot}, {{slot.start, 1}}, test::kBahrain);
    CHECK(json["centre"] == "isa");
    CHECK(json["slots"][0]["start"] == "2026-12-13T07:00:00+03:00");
    CHECK(json["slots"][0]["capacity"] == 3);
    CHECK(json["slots"][0]["free"] == 2);
}

TEST_CASE("errors: code, message and the field at fault; invalid JSON is bad_request") {
    const Json json = error_to_json(make_error(ErrorCode::slot_full));
    CHECK(json["error"] == "slot_full");
    CHECK_FALSE(json["message"].get<std::string>().empty());
    CHECK_FALSE(json.contains("field"));
    CHECK(error_to_json(make_error(ErrorCode::invalid_cpr, "cpr"))["field"] == "cpr");
    CHECK(http_status(ErrorCode::slot_full) == 409);
    CHECK(http_status(ErrorCode::invalid_phone) == 422);
    CHECK(http_status(ErrorCode::rate_limited) == 429);
    CHECK_FALSE(parse_json("{\"centre\": "));
    CHECK_FALSE(parse_json("\xff\xfe"));
    CHECK(parse_json("{}"));
}

TEST_CASE("JSON from others names each key once, in every object") {
    auto twice = parse_json_once_each(R"({"cpr": "660440000", "cpr": "660550000"})");
    REQUIRE_FALSE(twice);
    CHECK(twice.error().code == ErrorCode::bad_request);
    CHECK(twice.error().field == "cpr");
    auto nested = parse_json_once_each(R"({"a": [{"x": 1}, {"x": 2, "y": {"z": 1, "z": 2}}]})");
    REQUIRE_FALSE(nested);
    CHECK(nested.error().field == "z");
    auto empty_twice = parse_json_once_each(R"({"": 1, "": 2})");
    REQUIRE_FALSE(empty_twice);
    CHECK(empty_twice.error().message == "This field is given more than once.");
    // The same key in sibling or nested objects is no repeat.
    auto fine = parse_json_once_each(R"({"x": {"x": 1}, "list": [{"x": 1}, {"x": 2}], "y": 0})");
    REQUIRE(fine);
    CHECK((*fine)["list"][1]["x"] == 2);
    CHECK_FALSE(parse_json_once_each("{\"centre\": "));
    CHECK_FALSE(parse_json_once_each("{} {}"));
    // Every kind of value is read as the lenient reader reads it.
    const char* varied = R"({"n": null, "t": true, "i": -3, "u": 18446744073709551615,
        "f": 1.5, "s": "\u0645", "a": [[], [1, [2]], {}], "o": {"e": {}}})";
    auto built = parse_json_once_each(varied);
    REQUIRE(built);
    CHECK(*built == Json::parse(varied));
    CHECK(*parse_json_once_each("7") == 7);
    CHECK(parse_json("{\"a\": 1, \"a\": 2}"));  // the lenient reader, for Mawid's own JSON
}
