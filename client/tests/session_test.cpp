// Verified citizens: what the app decides from GET /api/v1/config and GET /api/v1/me, and
// the bodies it sends when the session says whose the booking is.
#include <doctest/doctest.h>

#include <mawid/codec.hpp>

#include "api.hpp"
#include "citizen_api.hpp"
#include "session.hpp"

using namespace mawid::client;

TEST_CASE("without an answer from config nothing is asked of the citizen") {
    CitizenSession s;
    read_config(s, 0, "");  // offline at start
    CHECK_FALSE(s.verification.has_value());
    CHECK_FALSE(must_verify(s, "+97336001234"));
    CHECK_FALSE(needs_session(s));
    CHECK(asks_cpr(s));
    read_config(s, 200, R"({"verification": false})");
    CHECK(s.verification == false);
    CHECK_FALSE(must_verify(s, "+97336001234"));
}

TEST_CASE("verification on: a code unless the session is for the phone typed") {
    CitizenSession s;
    read_config(s, 200, R"({"verification": true})");
    CHECK(must_verify(s, "+97336001234"));
    CHECK(needs_session(s));
    read_me(s, 200, R"({"phone": "+97336001234", "identity": false})");
    CHECK_FALSE(must_verify(s, "+97336001234"));
    CHECK(must_verify(s, "+97339998888"));  // another phone: verify that one
    CHECK_FALSE(needs_session(s));
    read_me(s, 500, "");  // a failure is not the end of the session
    CHECK(s.phone == "+97336001234");
    read_me(s, 401, R"({"error": "verification_required"})");
    CHECK(s.phone.empty());
    CHECK(must_verify(s, "+97336001234"));
}

TEST_CASE("the national identity: offered by config, and its session needs no CPR") {
    CitizenSession s;
    read_config(s, 200, R"({"verification": true})");
    CHECK_FALSE(offers_identity(s));
    read_config(s, 200, R"({"verification": true, "identity": true})");
    CHECK(offers_identity(s));
    CHECK(asks_cpr(s));
    // The identity's session carries the CPR and no phone: any phone given books.
    read_me(s, 200, R"({"phone": "", "identity": true})");
    CHECK(signed_in(s));
    CHECK_FALSE(asks_cpr(s));
    CHECK_FALSE(needs_session(s));
    CHECK_FALSE(must_verify(s, "+97336001234"));
    forget_session(s);
    CHECK_FALSE(signed_in(s));
    CHECK(asks_cpr(s));
    CHECK(must_verify(s, "+97336001234"));
    read_config(s, 200, R"({"verification": false, "identity": true})");
    CHECK_FALSE(offers_identity(s));
}

TEST_CASE("bodies leave the CPR out when the session says whose the booking is") {
    auto book = mawid::Json::parse(booking_body("c", "s", "2026-01-01T09:00:00+03:00", "",
                                                "+97336001234", "ar"));
    CHECK_FALSE(book.contains("cpr"));
    CHECK(book["phone"] == "+97336001234");
    auto with = mawid::Json::parse(
        booking_body("c", "s", "2026-01-01T09:00:00+03:00", "123456789", "+97336001234", "ar"));
    CHECK(with["cpr"] == "123456789");
    CHECK(cpr_body("") == "{}");
    CHECK(mawid::Json::parse(cpr_body("123456789"))["cpr"] == "123456789");
    auto move = mawid::Json::parse(reschedule_body("", "2026-01-01T09:00:00+03:00"));
    CHECK_FALSE(move.contains("cpr"));
    CHECK(move["start"] == "2026-01-01T09:00:00+03:00");
    auto look = mawid::Json::parse(lookup_body("ABCD2345", ""));
    CHECK(look["code"] == "ABCD2345");
    CHECK_FALSE(look.contains("cpr"));
}
