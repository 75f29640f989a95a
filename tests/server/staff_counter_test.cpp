// The centre's day, counter actions, walk-ins and bookings made by staff, against the real
// server; and who may see and change which centre.
#include <doctest/doctest.h>

#include <mawid/booking_code.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

#include "staff_fixture.hpp"

using namespace mawid::test;

namespace {


// "K7M4QX9TZ" as someone types it from the screen: "k7m-4qx-9tz".
std::string as_typed(const std::string& code) {
    std::string typed = mawid::format_code(code);
    for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return typed;
}

int free_seats(Client& citizen, const std::string& service, const std::string& start) {
    Response r = citizen.get("/api/v1/availability?centre=test-centre&service=" + service +
                             "&from=" + start.substr(0, 10) + "&days=1");
    Json body = r.json();
    for (const auto& slot : body["slots"]) {
        if (slot["start"] == start) return slot["free"].get<int>();
    }
    return -1;
}

}  // namespace

TEST_SUITE("staff_counter") {
    TEST_CASE("the day lists bookings by time then service, with masked contact details") {
        StaffServer t;
        std::string late = t.book("race", slot_time(2, 9, 0), 1);
        std::string multi = t.book("multi", slot_time(2, 8, 0), 2);
        std::string early = t.book("race", slot_time(2, 8, 0), 3);
        t.book("race", slot_time(3, 8, 0), 4);  // another day
        StaffClient clerk = t.signed_in("clerk");
        Response r = clerk.get(kDay2);
        REQUIRE(r.status == 200);
        CHECK(r.header("cache-control") == "no-store");
        Json day = r.json();
        CHECK(day["centre"] == "test-centre");
        CHECK(day["date"] == "2026-12-02");
        CHECK(day["as_of"] == kNow);
        REQUIRE(day["bookings"].size() == 3);
        CHECK(day["bookings"][0]["code"] == multi);  // 08:00 "multi" < "race"
        CHECK(day["bookings"][1]["code"] == early);
        CHECK(day["bookings"][2]["code"] == late);
        const Json& first = day["bookings"][0];
        CHECK(first["start"] == slot_time(2, 8, 0));
        CHECK(first["service"] == "multi");
        CHECK(first["status"] == "booked");
        CHECK(first["phone_last4"] == "1234");
        CHECK(first["cpr_masked"] == "*****" + cpr_for(2).substr(5));
        CHECK(!first.contains("cpr"));
        CHECK(!first.contains("phone"));
        CHECK(r.body.find(cpr_for(2)) == std::string::npos);
        CHECK(
            day["counts"] ==
            Json{
                {"booked", 3}, {"checked_in", 0}, {"served", 0}, {"no_show", 0}, {"cancelled", 0}});
        CHECK(day["walk_ins"].empty());
        CHECK(clerk.get("/api/v1/staff/centres/test-centre/day?date=2026-02-30").status == 400);
        // Without a date: today at the centre.
        CHECK(clerk.get("/api/v1/staff/centres/test-centre/day").json()["date"] == "2026-12-01");
    }

    TEST_CASE("check-in, serve and no-show: typed codes, idempotent repeats, cancelled -> 409") {
        StaffServer t;
        std::string a = t.book("race", slot_time(2, 9, 0), 1);
        std::string b = t.book("race", slot_time(2, 9, 0), 2);
        std::string c = t.book("race", slot_time(2, 9, 15), 3);
        StaffClient clerk = t.signed_in("clerk");

        Response in = clerk.post(action(as_typed(a), "check-in"), Json::object());
        REQUIRE(in.status == 200);
        CHECK(in.json()["code"] == a);
        CHECK(in.json()["status"] == "checked_in");
        CHECK(clerk.post(action(a, "check-in"), Json::object()).json()["status"] == "checked_in");
        CHECK(clerk.post(action(a, "serve"), Json::object()).json()["status"] == "served");
        Response again = clerk.post(action(a, "serve"), Json::object());
        CHECK(again.status == 200);
        CHECK(again.json()["status"] == "served");
        Response late_no_show = clerk.post(action(a, "no-show"), Json::object());
        CHECK(late_no_show.status == 409);
        CHECK(late_no_show.error() == "not_active");
        CHECK(late_no_show.json()["status"] == "served");

        // A no-show gives the seat back; serving a checked-in person does too.
        CHECK(free_seats(t.citizen, "race", slot_time(2, 9, 0)) == 2);  // a served, b booked
        CHECK(clerk.post(action(b, "no-show"), Json::object()).json()["status"] == "no_show");
        CHECK(clerk.post(action(b, "no-show"), Json::object()).status == 200);
        CHECK(free_seats(t.citizen, "race", slot_time(2, 9, 0)) == 3);
        // A late arrival marked no-show can still be checked in (and holds a seat again).
        CHECK(clerk.post(action(b, "check-in"), Json::object()).json()["status"] == "checked_in");
        CHECK(free_seats(t.citizen, "race", slot_time(2, 9, 0)) == 2);

        // Cancelled by the citizen meanwhile: reported, never overwritten.
        Json cancel = {{"cpr", cpr_for(3)}};
        REQUIRE(t.citizen.post("/api/v1/bookings/" + c + "/cancel", cancel.dump()).status == 200);
        for (const char* what : {"check-in", "serve", "no-show"}) {
            Response r = clerk.post(action(c, what), Json::object());
            CHECK(r.status == 409);
            CHECK(r.error() == "not_active");
            CHECK(r.json()["status"] == "cancelled");
        }
        Json lookup = {{"code", c}, {"cpr", cpr_for(3)}};
        CHECK(t.citizen.post("/api/v1/bookings/lookup", lookup.dump()).json()["status"] ==
              "cancelled");

        // A typo is caught by the check character; a well-formed unknown code is not found.
        std::string typo = a;
        typo[2] = typo[2] == 'A' ? 'B' : 'A';
        CHECK(clerk.post(action(typo, "check-in"), Json::object()).status == 404);
        CHECK(clerk.post(action("2222-2222", "check-in"), Json::object()).status == 404);
        CHECK(clerk.post(action(a, "wave"), Json::object()).status == 404);

        Json counts = clerk.get(kDay2).json()["counts"];
        CHECK(
            counts ==
            Json{
                {"booked", 0}, {"checked_in", 1}, {"served", 1}, {"no_show", 0}, {"cancelled", 1}});
        // Codes never reach the log (written every 100 ms: wait for the last request's line).
        t.server.terminate();
        std::string log = t.log();
        for (const std::string& code : {a, b, c}) CHECK(log.find(code) == std::string::npos);
        CHECK(log.find("POST /api/v1/staff/bookings/***/check-in 200") != std::string::npos);
        CHECK(log.find("POST /api/v1/staff/bookings/{code}/check-in 404") != std::string::npos);
    }

    TEST_CASE("a no-show who booked the same service again cannot be checked in on the old code") {
        StaffServer t;
        std::string old_code = t.book("race", slot_time(2, 9, 30), 4);
        StaffClient clerk = t.signed_in("clerk");
        REQUIRE(clerk.post(action(old_code, "no-show"), Json::object()).status == 200);
        std::string new_code = t.book("race", slot_time(2, 10, 0), 4);  // the same CPR
        int seats = free_seats(t.citizen, "race", slot_time(2, 9, 30));

        Response late = clerk.post(action(old_code, "check-in"), Json::object());
        CHECK(late.status == 409);
        CHECK(late.error() == "booked_again");
        // Nothing changed: the old booking stays a no-show, its seat stays free, and the new
        // booking is the one to check in.
        Json lookup = {{"code", old_code}, {"cpr", cpr_for(4)}};
        CHECK(t.citizen.post("/api/v1/bookings/lookup", lookup.dump()).json()["status"] ==
              "no_show");
        CHECK(free_seats(t.citizen, "race", slot_time(2, 9, 30)) == seats);
        CHECK(clerk.post(action(new_code, "check-in"), Json::object()).json()["status"] ==
              "checked_in");
    }

    TEST_CASE("a state-changing request without X-Mawid-Staff -> 403 and nothing changes") {
        StaffServer t;
        std::string code = t.book("race", slot_time(2, 9, 0), 1);
        StaffClient clerk = t.signed_in("clerk");
        Response r = clerk.post(action(code, "check-in"), Json::object(), false);
        CHECK(r.status == 403);
        CHECK(r.error() == "forbidden");
        CHECK(clerk
                  .post("/api/v1/staff/centres/test-centre/walk-ins", Json{{"service", "race"}},
                        false)
                  .status == 403);
        CHECK(clerk.post("/api/v1/staff/sign-out", Json::object(), false).status == 403);
        Json day = clerk.get(kDay2).json();
        CHECK(day["bookings"][0]["status"] == "booked");
        CHECK(clerk.get("/api/v1/staff/me").status == 200);  // still signed in
    }

    TEST_CASE("staff of centre A can neither read nor change centre B") {
        StaffServer t;
        std::string code = t.book("race", slot_time(2, 9, 0), 1);
        StaffClient far = t.signed_in("far");  // other-centre
        CHECK(far.get(kDay2).status == 403);
        CHECK(far.get(kDay2).error() == "forbidden");
        // A code of another centre gets the very answer of a code that does not exist.
        Response theirs = far.post(action(code, "check-in"), Json::object());
        Response none = far.post(action("2222-2222", "check-in"), Json::object());
        CHECK(theirs.status == 404);
        CHECK(theirs.status == none.status);
        CHECK(theirs.body == none.body);
        CHECK(far.post("/api/v1/staff/centres/test-centre/walk-ins", Json{{"service", "race"}})
                  .status == 403);
        CHECK(far.post("/api/v1/staff/centres/test-centre/bookings",
                       booking_body("race", slot_time(2, 10, 0), 2))
                  .status == 403);
        CHECK(far.get("/api/v1/staff/centres/test-centre/schedule").status == 403);
        CHECK(far.get("/api/v1/staff/centres/test-centre/report?from=2026-12-01&to=2026-12-02")
                  .status == 403);
        CHECK(far.get("/api/v1/staff/centres/no-such-centre/day").status == 403);
        // Their own centre is fine; the booking above is unchanged.
        CHECK(far.get("/api/v1/staff/centres/other-centre/day?date=2026-12-02").status == 200);
        StaffClient clerk = t.signed_in("clerk");
        CHECK(clerk.get(kDay2).json()["bookings"][0]["status"] == "booked");
        // An admin serves every centre; an unknown centre is then simply unknown.
        CHECK(t.admin.get(kDay2).status == 200);
        CHECK(t.admin.get("/api/v1/staff/centres/no-such-centre/day").error() == "unknown_centre");
    }

    TEST_CASE("walk-in tickets: numbered per kind and day, priority called first") {
        StaffServer t;
        StaffClient clerk = t.signed_in("clerk");
        const std::string url = "/api/v1/staff/centres/test-centre/walk-ins";
        auto issue = [&](const std::string& service, bool priority) {
            Response r = clerk.post(url, Json{{"service", service}, {"priority", priority}});
            REQUIRE(r.status == 201);
            return r.json();
        };
        Json w1 = issue("race", false);
        Json p1 = issue("multi", true);
        Json w2 = issue("race", false);
        Json p2 = issue("race", true);
        CHECK(w1["ticket"] == "W-001");
        CHECK(p1["ticket"] == "P-001");
        CHECK(w2["ticket"] == "W-002");
        CHECK(p2["ticket"] == "P-002");
        CHECK(p1["priority"] == true);
        CHECK(p1["served"] == false);
        CHECK(p1["issued_at"] == kNow);
        Response plain = clerk.post(url, Json{{"service", "multi"}});  // priority defaults to false
        CHECK(plain.json()["ticket"] == "W-003");

        Json day = clerk.get("/api/v1/staff/centres/test-centre/day?date=2026-12-01").json();
        CHECK(day["walk_ins"].size() == 5);
        CHECK(day["queue"] == Json{p1["id"], p2["id"], w1["id"], w2["id"], plain.json()["id"]});

        std::string served =
            "/api/v1/staff/walk-ins/" + std::to_string(p1["id"].get<int>()) + "/served";
        CHECK(clerk.post(served, Json::object()).json()["served"] == true);
        CHECK(clerk.post(served, Json::object()).status == 200);  // again: no change
        day = clerk.get("/api/v1/staff/centres/test-centre/day?date=2026-12-01").json();
        CHECK(day["queue"][0] == p2["id"]);
        CHECK(day["walk_ins"][1]["served"] == true);
        // Another day has its own numbers.
        CHECK(clerk.get(kDay2).json()["walk_ins"].empty());

        // A retried request with the same Idempotency-Key gets the same ticket, not a new one.
        Json body = {{"service", "race"}, {"priority", true}};
        Response keyed = clerk.post(url, body, true, {{"Idempotency-Key", "tablet-7-41"}});
        Response retried = clerk.post(url, body, true, {{"Idempotency-Key", "tablet-7-41"}});
        CHECK(keyed.status == 201);
        CHECK(keyed.json()["ticket"] == "P-003");
        CHECK(retried.status == 201);
        CHECK(retried.body == keyed.body);
        CHECK(retried.header("idempotent-replayed") == "true");
        body["priority"] = false;
        CHECK(clerk.post(url, body, true, {{"Idempotency-Key", "tablet-7-41"}}).error() ==
              "idempotency_mismatch");
        CHECK(clerk.post(url, Json{{"service", "nothing"}}).error() == "unknown_service");
        Response elsewhere = clerk.post(url, Json{{"service", "elsewhere"}});
        CHECK(elsewhere.status == 422);
        CHECK(elsewhere.error() == "service_not_offered");
        CHECK(clerk.post(url, Json{{"service", "race"}, {"priority", "yes"}}).status == 400);
        CHECK(clerk.post("/api/v1/staff/walk-ins/999/served", Json::object()).status == 404);
        CHECK(t.signed_in("far").post(served, Json::object()).status ==
              404);  // as for no such ticket
    }

    TEST_CASE("staff book on a citizen's behalf through the citizen booking rules") {
        StaffServer t;
        StaffClient clerk = t.signed_in("clerk");
        const std::string url = "/api/v1/staff/centres/test-centre/bookings";
        Json body = booking_body("race", slot_time(2, 11, 0), 7);
        body.erase("centre");  // the path names the centre
        Response r = clerk.post(url, body);
        REQUIRE(r.status == 201);
        std::string code = r.json()["code"];
        CHECK(r.json()["status"] == "booked");
        CHECK(r.json()["centre"] == "test-centre");
        Json lookup = {{"code", code}, {"cpr", cpr_for(7)}};
        CHECK(t.citizen.post("/api/v1/bookings/lookup", lookup.dump()).status == 200);
        // The same rules: one active booking per CPR for this service, real slots only.
        Json twice = booking_body("race", slot_time(2, 12, 0), 7);
        CHECK(clerk.post(url, twice).error() == "already_booked");
        CHECK(clerk.post(url, booking_body("race", slot_time(2, 11, 5), 8)).error() ==
              "not_bookable");
        Json bad_cpr = booking_body("race", slot_time(2, 12, 0), 9);
        bad_cpr["cpr"] = "12";
        CHECK(clerk.post(url, bad_cpr).error() == "invalid_cpr");
        Json other = booking_body("race", slot_time(2, 12, 0), 10);
        other["centre"] = "other-centre";
        CHECK(clerk.post(url, other).status == 400);
        // Idempotency-Key works as for citizens (a retried phone booking books once).
        Json keyed = booking_body("multi", slot_time(2, 12, 0), 11);
        Response first = clerk.post(url, keyed, true, {{"Idempotency-Key", "phone-call-1"}});
        Response retry = clerk.post(url, keyed, true, {{"Idempotency-Key", "phone-call-1"}});
        CHECK(first.status == 201);
        CHECK(retry.body == first.body);
        CHECK(clerk.get(kDay2).json()["counts"]["booked"] == 2);
        // Keys are per endpoint: the citizen's own request with the same key is not a replay
        // of the clerk's ("multi" allows a second booking, so it books again).
        Json own = keyed;
        own["centre"] = "test-centre";
        Response citizen = t.citizen.post("/api/v1/bookings", own.dump(),
                                          {{"Idempotency-Key", "phone-call-1"}});
        CHECK(citizen.status == 201);
        CHECK(citizen.json()["code"] != first.json()["code"]);
    }

    TEST_CASE("staff work is not held back by the per-client limit that citizens share") {
        StaffServer t({}, true, 5);  // 5 requests a minute per client address
        StaffClient clerk = t.signed_in("clerk");
        for (int i = 0; i < 12; ++i) REQUIRE(clerk.get(kDay2).status == 200);
        Json body = booking_body("race", slot_time(2, 11, 0), 1);
        CHECK(clerk.post("/api/v1/staff/centres/test-centre/bookings", body).status == 201);
        // A citizen on the same address is limited, and so is a staff request without a session.
        int limited = 0;
        for (int i = 0; i < 8; ++i) limited += t.citizen.get("/api/v1/catalog").status == 429;
        CHECK(limited > 0);
        Client anonymous(t.server.port());
        int refused = 0;
        for (int i = 0; i < 8; ++i) refused += anonymous.get(kDay2).status == 429;
        CHECK(refused > 0);
    }
}  // TEST_SUITE
