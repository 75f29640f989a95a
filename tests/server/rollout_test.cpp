// Editing the roll-out plan and its figures by phase (issue 14) against the real server:
// a preview changes nothing; applying moves the dates in a new catalogue version, is on the
// audit trail and tells the citizens it strands; the report by phase counts the bookings made.
#include <doctest/doctest.h>

#include <fstream>

#include "staff_fixture.hpp"

using namespace mawid::test;

namespace {

const std::string kRollout = "/api/v1/staff/rollout";
const std::string kRolloutReport = "/api/v1/staff/rollout/report";

// The test catalogue with test-centre going live on `test_from` and other-centre on
// `other_from` (kNow is 2026-12-01).
std::vector<std::string> phased(const TempDir& dir, const std::string& test_from,
                                const std::string& other_from) {
    Json catalog = Json::parse(test_catalog_json());
    catalog["centres"][0]["live_from"] = test_from;
    catalog["centres"][1]["live_from"] = other_from;
    std::ofstream(dir.file("phased.json")) << catalog.dump();
    return {"--catalog", dir.file("phased.json")};
}

Json move(const std::vector<std::string>& centres, const std::string& date, bool dry_run) {
    return {{"centres", centres}, {"live_from", date}, {"dry_run", dry_run}};
}

std::string live_from(StaffServer& t, int index) {
    return t.citizen.get("/api/v1/catalog").json()["centres"][index]["live_from"];
}

}  // namespace

TEST_SUITE("rollout") {
    TEST_CASE("a phase's new date: the preview changes nothing, applying does and is on record") {
        TempDir files;
        StaffServer t(phased(files, "2026-12-01", "2026-12-05"));
        Response preview = t.admin.post(kRollout, move({"other-centre"}, "2026-12-20", true));
        REQUIRE_MESSAGE(preview.status == 200, preview.body);
        CHECK(preview.json()["dry_run"] == true);
        CHECK(preview.json()["version"] == "test-1");
        CHECK(preview.json()["live_from"] == "2026-12-20");
        CHECK(preview.json()["changes"] ==
              Json::parse(R"([{"centre":"other-centre","from":"2026-12-05","to":"2026-12-20"}])"));
        CHECK(preview.json()["stranded"].empty());
        CHECK(live_from(t, 1) == "2026-12-05");
        CHECK(t.admin.get("/api/v1/staff/audit?action=rollout_changed").json()["entries"].empty());

        Json apply = move({"other-centre"}, "2026-12-20", false);
        apply["version"] = "test-1";
        Response done = t.admin.post(kRollout, apply);
        REQUIRE_MESSAGE(done.status == 200, done.body);
        CHECK(done.json()["dry_run"] == false);
        CHECK(done.json()["version"] == "test-1-r1");
        CHECK(t.citizen.get("/api/v1/catalog").json()["version"] == "test-1-r1");
        CHECK(live_from(t, 1) == "2026-12-20");
        CHECK(live_from(t, 0) == "2026-12-01");
        Json trail = t.admin.get("/api/v1/staff/audit?action=rollout_changed").json()["entries"];
        REQUIRE(trail.size() == 1);
        CHECK(trail[0]["username"] == "root");
        CHECK(trail[0]["detail"] == "phase 2026-12-05 -> 2026-12-20");
        // The preview was made against test-1: applying it again is refused.
        Response stale = t.admin.post(kRollout, apply);
        CHECK(stale.status == 409);
        CHECK(stale.error() == "catalog_changed");
    }

    TEST_CASE("a centre moved later strands the bookings before its date; their citizens are told") {
        TempDir files;
        StaffServer t(phased(files, "2026-12-01", "2026-12-01"));
        const std::string early = t.book("race", slot_time(2, 9, 0), 1);
        const std::string also_early = t.book("multi", slot_time(3, 10, 0), 2);
        const std::string after = t.book("race", slot_time(8, 9, 0), 3);
        Response preview = t.admin.post(kRollout, move({"test-centre"}, "2026-12-04", true));
        REQUIRE_MESSAGE(preview.status == 200, preview.body);
        Json stranded = preview.json()["stranded"];
        REQUIRE(stranded.size() == 2);
        CHECK(stranded[0]["code"] == early);
        CHECK(stranded[1]["code"] == also_early);
        CHECK_FALSE(stranded[0].contains("cpr"));
        const std::string told =
            "SELECT count(*) FROM outbox WHERE kind = 'closure' AND booking IN ('" + early +
            "', '" + also_early + "', '" + after + "')";
        CHECK(query_one(t.dir.database(), told) == "0");

        Response done = t.admin.post(kRollout, move({"test-centre"}, "2026-12-04", false));
        REQUIRE_MESSAGE(done.status == 200, done.body);
        CHECK(done.json()["stranded"].size() == 2);
        CHECK(query_one(t.dir.database(), told) == "2");
        CHECK(live_from(t, 0) == "2026-12-04");
        CHECK(live_from(t, 1) == "2026-12-01");
        Json trail = t.admin.get("/api/v1/staff/audit?action=rollout_changed").json()["entries"];
        REQUIRE(trail.size() == 1);
        CHECK(trail[0]["centre"] == "test-centre");
        CHECK(trail[0]["detail"] == "centre test-centre -> 2026-12-04");
        // They stay on the centre's to-do list, for staff to move or cancel.
        Json list = t.signed_in("sup").get("/api/v1/staff/centres/test-centre/stranded").json();
        REQUIRE(list["stranded"].size() == 2);
        CHECK(list["stranded"][0]["code"] == early);
    }

    TEST_CASE("refused: a past date, a non-admin, an unknown centre, no centres") {
        TempDir files;
        StaffServer t(phased(files, "2026-12-01", "2026-12-05"));
        Response past = t.admin.post(kRollout, move({"other-centre"}, "2026-11-30", true));
        CHECK(past.status == 422);
        CHECK(past.error() == "date_in_past");
        CHECK(past.json()["field"] == "live_from");
        CHECK(t.admin.post(kRollout, move({"other-centre"}, "2026-12-01", true)).status == 200);
        Response sup = t.signed_in("sup").post(kRollout, move({"test-centre"}, "2026-12-20", true));
        CHECK(sup.status == 403);
        CHECK(t.signed_in("sup").get(kRolloutReport).status == 403);
        Response unknown = t.admin.post(kRollout, move({"nowhere"}, "2026-12-20", true));
        CHECK(unknown.status == 404);
        CHECK(unknown.error() == "unknown_centre");
        Response none = t.admin.post(kRollout, move({}, "2026-12-20", true));
        CHECK(none.status == 400);
        CHECK(none.json()["field"] == "centres");
        Response twice =
            t.admin.post(kRollout, move({"test-centre", "test-centre"}, "2026-12-20", true));
        CHECK(twice.json()["field"] == "centres");
        CHECK(t.admin.post(kRollout, Json{{"live_from", "2026-12-20"}}).status == 400);
        CHECK(t.admin.get(kRollout).status == 405);
        CHECK(live_from(t, 1) == "2026-12-05");
    }

    TEST_CASE("the report by phase counts each centre's bookings since its go-live") {
        TempDir files;
        StaffServer t(phased(files, "2026-12-01", "2026-12-05"));
        StaffClient clerk = t.signed_in("clerk");
        auto act = [&](const std::string& code, const std::string& what) {
            Response r = clerk.post("/api/v1/staff/bookings/" + code + "/" + what, Json::object());
            REQUIRE_MESSAGE(r.status == 200, r.body);
        };
        // test-centre is live from today, the 1st: three bookings by the 3rd, one after.
        const std::string served = t.book("race", slot_time(2, 9, 0), 1);
        const std::string missed = t.book("race", slot_time(3, 9, 0), 2);
        t.book("multi", slot_time(3, 10, 0), 3);
        t.book("race", slot_time(4, 9, 0), 4);  // after `to`
        act(served, "serve");
        act(missed, "no-show");

        Response r = t.admin.get(kRolloutReport + "?to=2026-12-03");
        REQUIRE_MESSAGE(r.status == 200, r.body);
        Json report = r.json();
        CHECK(report["to"] == "2026-12-03");
        REQUIRE(report["phases"].size() == 2);
        Json first = report["phases"][0];
        CHECK(first["date"] == "2026-12-01");
        CHECK(first["live"] == true);
        CHECK(first["bookings"] == 3);
        CHECK(first["served"] == 1);
        CHECK(first["no_show"] == 1);
        CHECK(first["seats_offered"] == 3 * 28 * 3 + 3 * 14 * 2);  // 3 days of race and multi
        CHECK(first["seats_used"] == 2);
        CHECK(first["no_show_rate"] == doctest::Approx(0.5));
        CHECK(first["utilisation"] == doctest::Approx(2.0 / 336));
        REQUIRE(first["centres"].size() == 1);
        CHECK(first["centres"][0]["centre"] == "test-centre");
        CHECK(first["centres"][0]["from"] == "2026-12-01");
        CHECK(first["centres"][0]["bookings"] == 3);
        Json second = report["phases"][1];
        CHECK(second["date"] == "2026-12-05");
        CHECK(second["centres"][0]["centre"] == "other-centre");
        CHECK(second["bookings"] == 0);
        CHECK(second["seats_offered"] == 0);

        Response csv = t.admin.get(kRolloutReport + "?to=2026-12-03&format=csv");
        REQUIRE(csv.status == 200);
        CHECK(csv.header("content-type") == "text/csv; charset=utf-8");
        CHECK(csv.header("content-disposition") ==
              "attachment; filename=\"mawid-rollout-2026-12-03.csv\"");
        CHECK(csv.body ==
              "phase,state,centre,from,to,bookings,checked_in,served,no_show,cancelled,"
              "seats_offered,seats_used,no_show_rate,utilisation\r\n"
              "2026-12-01,live,,2026-12-01,2026-12-03,3,1,1,1,0,336,2,0.500,0.006\r\n"
              "2026-12-01,live,test-centre,2026-12-01,2026-12-03,3,1,1,1,0,336,2,0.500,0.006\r\n"
              "2026-12-05,planned,,2026-12-05,2026-12-03,0,0,0,0,0,0,0,0.000,0.000\r\n"
              "2026-12-05,planned,other-centre,2026-12-05,2026-12-03,0,0,0,0,0,0,0,0.000,0.000\r\n");
        Response asked = t.admin.raw().request("GET", kRolloutReport + "?to=2026-12-03", "",
                                               {{"Accept", "text/csv"}, {"Cookie", t.admin.cookie}});
        CHECK(asked.body == csv.body);
        Json trail = t.admin.get("/api/v1/staff/audit?action=report_exported").json()["entries"];
        REQUIRE(trail.size() == 2);
        CHECK(trail[0]["detail"] == "rollout to 2026-12-03");
        CHECK(t.admin.get(kRolloutReport + "?to=someday").json()["field"] == "to");
        CHECK(t.admin.get(kRolloutReport + "?format=xml").json()["field"] == "format");
    }
}  // TEST_SUITE
