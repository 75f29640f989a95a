// The centre report: every figure checked against bookings and walk-ins made in the test,
// in JSON and in CSV.
#include <doctest/doctest.h>

#include "staff_fixture.hpp"

using namespace mawid::test;

namespace {

const std::string kReport =
    "/api/v1/staff/centres/test-centre/report?from=2026-12-01&to=2026-12-03";

}  // namespace

TEST_SUITE("staff_report") {
    TEST_CASE("every report figure matches the bookings and walk-ins made") {
        StaffServer t;
        StaffClient clerk = t.signed_in("clerk");
        auto act = [&](const std::string& code, const std::string& what) {
            Response r = clerk.post("/api/v1/staff/bookings/" + code + "/" + what, Json::object());
            REQUIRE_MESSAGE(r.status == 200, r.body);
        };
        // race: 6 bookings in the range, one after it.
        std::string r1 = t.book("race", slot_time(2, 8, 0), 1);
        std::string r2 = t.book("race", slot_time(2, 8, 0), 2);
        std::string r3 = t.book("race", slot_time(2, 8, 15), 3);
        std::string r4 = t.book("race", slot_time(3, 9, 0), 4);
        t.book("race", slot_time(3, 9, 0), 5);  // stays booked
        std::string r6 = t.book("race", slot_time(3, 9, 15), 6);
        t.book("race", slot_time(4, 9, 0), 7);  // after the range
        act(r1, "check-in");
        act(r1, "serve");
        act(r2, "check-in");
        act(r3, "no-show");
        act(r6, "no-show");
        Json cancel = {{"cpr", cpr_for(4)}};
        REQUIRE(t.citizen.post("/api/v1/bookings/" + r4 + "/cancel", cancel.dump()).status == 200);
        // multi: 3 bookings, one served straight away.
        std::string m1 = t.book("multi", slot_time(2, 10, 0), 11);
        t.book("multi", slot_time(3, 10, 0), 12);
        t.book("multi", slot_time(1, 12, 0), 13);
        act(m1, "serve");
        // Another centre's booking is not this centre's business.
        Json elsewhere = booking_body("elsewhere", slot_time(2, 9, 0), 21);
        elsewhere["centre"] = "other-centre";
        REQUIRE(t.citizen.post("/api/v1/bookings", elsewhere.dump()).status == 201);
        // Walk-ins today (1 December): two for race, one for multi.
        const std::string walk_ins = "/api/v1/staff/centres/test-centre/walk-ins";
        REQUIRE(clerk.post(walk_ins, Json{{"service", "race"}, {"priority", true}}).status == 201);
        REQUIRE(clerk.post(walk_ins, Json{{"service", "race"}}).status == 201);
        REQUIRE(clerk.post(walk_ins, Json{{"service", "multi"}}).status == 201);

        StaffClient sup = t.signed_in("sup");
        Response r = sup.get(kReport);
        REQUIRE(r.status == 200);
        Json report = r.json();
        CHECK(report["centre"] == "test-centre");
        CHECK(report["from"] == "2026-12-01");
        CHECK(report["to"] == "2026-12-03");
        REQUIRE(report["rows"].size() == 2);
        Json race = report["rows"][0];
        CHECK(race["service"] == "race");
        CHECK(race["bookings"] == 6);
        CHECK(race["checked_in"] == 2);  // checked in or served
        CHECK(race["served"] == 1);
        CHECK(race["no_show"] == 2);
        CHECK(race["cancelled"] == 1);
        CHECK(race["walk_ins"] == 2);
        CHECK(race["seats_offered"] == 3 * 28 * 3);  // 3 days, 28 slots, 3 counters
        CHECK(race["seats_used"] == 3);              // served, checked in, booked
        CHECK(race["no_show_rate"] == doctest::Approx(0.5));
        CHECK(race["utilisation"] == doctest::Approx(0.012));
        Json multi = report["rows"][1];
        CHECK(multi["service"] == "multi");
        CHECK(multi["bookings"] == 3);
        CHECK(multi["checked_in"] == 1);
        CHECK(multi["served"] == 1);
        CHECK(multi["no_show"] == 0);
        CHECK(multi["cancelled"] == 0);
        CHECK(multi["walk_ins"] == 1);
        CHECK(multi["seats_offered"] == 3 * 14 * 2);
        CHECK(multi["seats_used"] == 3);
        CHECK(multi["no_show_rate"] == 0.0);
        CHECK(multi["utilisation"] == doctest::Approx(0.036));

        Response csv = sup.get(kReport + "&format=csv");
        REQUIRE(csv.status == 200);
        CHECK(csv.header("content-type") == "text/csv; charset=utf-8");
        CHECK(csv.header("content-disposition") ==
              "attachment; filename=\"mawid-test-centre-2026-12-01-2026-12-03.csv\"");
        CHECK(csv.header("cache-control") == "no-store");
        CHECK(csv.body ==
              "service,bookings,checked_in,served,no_show,cancelled,walk_ins,seats_offered,"
              "seats_used,no_show_rate,utilisation\r\n"
              "race,6,2,1,2,1,2,252,3,0.500,0.012\r\n"
              "multi,3,1,1,0,0,1,84,3,0.000,0.036\r\n");

        // A closed day offers no seats; a day with nothing booked counts nothing.
        Json closed =
            sup.get("/api/v1/staff/centres/test-centre/report?from=2026-12-10&to=2026-12-10")
                .json();
        CHECK(closed["rows"][0]["seats_offered"] == 0);
        CHECK(closed["rows"][0]["bookings"] == 0);
    }

    TEST_CASE("reports: supervisors and admins, sane ranges, json or csv") {
        StaffServer t;
        StaffClient sup = t.signed_in("sup");
        CHECK(t.signed_in("clerk").get(kReport).status == 403);
        CHECK(t.admin.get(kReport).status == 200);
        const std::string base = "/api/v1/staff/centres/test-centre/report";
        CHECK(sup.get(base + "?from=2026-12-01&to=2027-12-02").json()["field"] == "to");  // 367
        CHECK(sup.get(base + "?from=2026-12-01&to=2027-12-01").status == 200);  // 366 days
        CHECK(sup.get(base + "?from=2026-12-03&to=2026-12-01").status == 400);
        CHECK(sup.get(base + "?to=2026-12-01").json()["field"] == "from");
        CHECK(sup.get(kReport + "&format=xml").json()["field"] == "format");
    }
}  // TEST_SUITE
