// Centre administration against the real server: closures, schedule changes and holidays
// list the bookings they strand, delete nothing, and change the catalogue version.
#include <doctest/doctest.h>

#include <algorithm>

#include "staff_fixture.hpp"

using namespace mawid::test;

namespace {

const std::string kSchedule = "/api/v1/staff/centres/test-centre/schedule";

std::vector<std::string> codes_of(const Json& stranded) {
    std::vector<std::string> codes;
    for (const auto& booking : stranded) codes.push_back(booking["code"]);
    return codes;
}

Json slots(Client& citizen, const std::string& centre, const std::string& service,
           const std::string& date) {
    Response r = citizen.get("/api/v1/availability?centre=" + centre + "&service=" + service +
                             "&from=" + date + "&days=1");
    REQUIRE(r.status == 200);
    return r.json()["slots"];
}

Json slot_at(Client& citizen, const std::string& service, const std::string& start) {
    for (const auto& slot : slots(citizen, "test-centre", service, start.substr(0, 10))) {
        if (slot["start"] == start) return slot;
    }
    return Json();
}

std::string status_of(Client& citizen, const std::string& code, int cpr_n) {
    Json lookup = {{"code", code}, {"cpr", cpr_for(cpr_n)}};
    return citizen.post("/api/v1/bookings/lookup", lookup.dump()).json().value("status", "");
}

}  // namespace

TEST_SUITE("staff_admin") {
    TEST_CASE(
        "a supervisor closes a day: stranded bookings listed, kept, and the catalogue moves on") {
        StaffServer t;
        std::string a = t.book("race", slot_time(3, 9, 0), 1);
        std::string b = t.book("multi", slot_time(3, 10, 0), 2);
        std::string gone = t.book("race", slot_time(3, 11, 0), 4);
        std::string next_day = t.book("race", slot_time(4, 9, 0), 3);
        Json cancel = {{"cpr", cpr_for(4)}};
        REQUIRE(t.citizen.post("/api/v1/bookings/" + gone + "/cancel", cancel.dump()).status ==
                200);
        Response before = t.citizen.get("/api/v1/catalog");
        std::string old_etag = before.header("etag");
        CHECK(old_etag == "\"test-1\"");

        StaffClient sup = t.signed_in("sup");
        Json closure = {{"from", "2026-12-03"},
                        {"to", "2026-12-03"},
                        {"name", {{"en", "Water leak"}, {"ar", "تسرب مياه"}}},
                        {"dry_run", true}};
        Response dry = sup.post(kClosures, closure);
        REQUIRE(dry.status == 200);
        CHECK(dry.json()["dry_run"] == true);
        CHECK(dry.json()["version"] == "test-1");
        CHECK(codes_of(dry.json()["stranded"]) == std::vector<std::string>{a, b});
        CHECK(t.citizen.get("/api/v1/catalog").header("etag") == old_etag);
        CHECK(!slots(t.citizen, "test-centre", "race", "2026-12-03").empty());

        closure.erase("dry_run");
        Response done = sup.post(kClosures, closure);
        REQUIRE(done.status == 200);
        Json answer = done.json();
        CHECK(answer["dry_run"] == false);
        CHECK(answer["version"] == "test-1-r1");
        REQUIRE(answer["stranded"].size() == 2);
        CHECK(codes_of(answer["stranded"]) == std::vector<std::string>{a, b});
        CHECK(answer["stranded"][0]["status"] == "booked");
        CHECK(answer["stranded"][0]["phone_last4"] == "1234");
        CHECK(answer["stranded"][0]["cpr_masked"] == "*****" + cpr_for(1).substr(5));

        // Clients see a new catalogue: new ETag, the closure in it, no slots that day.
        Response after = t.citizen.get("/api/v1/catalog", {{"If-None-Match", old_etag}});
        CHECK(after.status == 200);
        CHECK(after.header("etag") == "\"test-1-r1\"");
        Json centre = after.json()["centres"][0];
        REQUIRE(centre["id"] == "test-centre");
        CHECK(std::any_of(centre["closures"].begin(), centre["closures"].end(), [](const Json& c) {
            return c["from"] == "2026-12-03" && c["name"]["en"] == "Water leak";
        }));
        CHECK(slots(t.citizen, "test-centre", "race", "2026-12-03").empty());
        CHECK(slots(t.citizen, "test-centre", "multi", "2026-12-03").empty());
        CHECK(!slots(t.citizen, "test-centre", "race", "2026-12-04").empty());
        Json booking = booking_body("race", slot_time(3, 12, 0), 9);
        CHECK(t.citizen.post("/api/v1/bookings", booking.dump()).error() == "not_bookable");

        // Nothing was deleted: the stranded keep their status, the day still lists them.
        CHECK(status_of(t.citizen, a, 1) == "booked");
        CHECK(status_of(t.citizen, next_day, 3) == "booked");
        Json day = sup.get("/api/v1/staff/centres/test-centre/day?date=2026-12-03").json();
        CHECK(day["bookings"].size() == 3);
        CHECK(day["counts"]["booked"] == 2);
        // The list stays available (after a reload, or for counter staff moving people).
        StaffClient clerk = t.signed_in("clerk");
        Response still = clerk.get("/api/v1/staff/centres/test-centre/stranded");
        REQUIRE(still.status == 200);
        CHECK(still.json()["from"] == "2026-12-01");
        CHECK(still.json()["version"] == "test-1-r1");
        CHECK(codes_of(still.json()["stranded"]) == std::vector<std::string>{a, b});
        Json move = {{"cpr", cpr_for(1)}, {"start", slot_time(4, 12, 0)}};
        REQUIRE(t.citizen.post("/api/v1/bookings/" + a + "/reschedule", move.dump()).status == 200);
        CHECK(codes_of(clerk.get("/api/v1/staff/centres/test-centre/stranded?from=2026-12-03")
                           .json()["stranded"]) == std::vector<std::string>{b});
        CHECK(clerk.get("/api/v1/staff/centres/test-centre/stranded?from=2026-12-04")
                  .json()["stranded"]
                  .empty());
        CHECK(t.signed_in("far").get("/api/v1/staff/centres/test-centre/stranded").status == 403);
        // Counter staff may not close the centre.
        CHECK(clerk.post(kClosures, closure).status == 403);
    }

    TEST_CASE("cutting counters strands the most recent bookings past the new capacity") {
        StaffServer t;
        std::string first = t.book("race", slot_time(4, 9, 0), 1);
        std::string second = t.book("race", slot_time(4, 9, 0), 2);
        std::string third = t.book("race", slot_time(4, 9, 0), 3);
        std::string alone = t.book("race", slot_time(4, 9, 15), 4);
        std::string earlier_day = t.book("race", slot_time(3, 9, 0), 5);
        std::string early = t.book("race", slot_time(5, 8, 0), 6);
        std::string late = t.book("race", slot_time(5, 10, 0), 7);
        StaffClient sup = t.signed_in("sup");

        Json cut = {{"from", "2026-12-04"}, {"counters", {{"race", 1}}}};
        Response r = sup.post(kSchedule, cut);
        REQUIRE(r.status == 200);
        CHECK(r.json()["version"] == "test-1-r1");
        // The first booking keeps the one counter left; the later two are stranded (listed,
        // within their slot, by code: the order the stranded list pages in).
        std::vector<std::string> later = {second, third};
        std::sort(later.begin(), later.end());
        CHECK(codes_of(r.json()["stranded"]) == later);
        CHECK(slot_at(t.citizen, "race", slot_time(4, 9, 0))["capacity"] == 1);
        CHECK(slot_at(t.citizen, "race", slot_time(4, 9, 0))["free"] == 0);
        CHECK(slot_at(t.citizen, "race", slot_time(4, 9, 30))["free"] == 1);
        CHECK(slot_at(t.citizen, "race", slot_time(3, 9, 0))["capacity"] == 3);  // before `from`

        // Shorter hours from the 5th: the 10:00 booking no longer has a slot.
        Json hours = Json::object();
        for (const char* day : {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}) {
            hours[day] = Json::array({Json::array({"07:00", "09:00"})});
        }
        Response shorter = sup.post(kSchedule, Json{{"from", "2026-12-05"}, {"hours", hours}});
        REQUIRE(shorter.status == 200);
        CHECK(shorter.json()["version"] == "test-1-r2");
        CHECK(codes_of(shorter.json()["stranded"]) == std::vector<std::string>{late});
        CHECK(slots(t.citizen, "test-centre", "race", "2026-12-05").size() == 8);
        CHECK(slots(t.citizen, "test-centre", "race", "2026-12-04").size() == 28);

        Json schedule = sup.get(kSchedule).json();
        CHECK(schedule["version"] == "test-1-r2");
        REQUIRE(schedule["changes"].size() == 2);
        CHECK(schedule["changes"][0]["from"] == "2026-12-04");
        CHECK(schedule["changes"][0]["counters"]["race"] == 1);
        CHECK(schedule["changes"][1]["hours"]["mon"][0] == Json::array({"07:00", "09:00"}));
        CHECK(schedule["counters"]["race"] == 3);  // the base week is unchanged
        CHECK(schedule["hours"]["mon"][0] == Json::array({"07:00", "14:00"}));

        // A second change on the same day merges with the first.
        Response merged =
            sup.post(kSchedule, Json{{"from", "2026-12-04"}, {"counters", {{"multi", 1}}}});
        REQUIRE(merged.status == 200);
        schedule = sup.get(kSchedule).json();
        CHECK(schedule["changes"].size() == 2);
        CHECK(schedule["changes"][0]["counters"] == Json{{"multi", 1}, {"race", 1}});
        for (auto [code, n] : {std::pair{first, 1},
                               {second, 2},
                               {third, 3},
                               {alone, 4},
                               {earlier_day, 5},
                               {early, 6},
                               {late, 7}}) {
            CHECK(status_of(t.citizen, code, n) == "booked");
        }
    }

    TEST_CASE("staff cancel and reschedule the bookings of their centre, stranded ones too") {
        StaffServer t;
        std::string first = t.book("race", slot_time(4, 9, 0), 1);
        std::string second = t.book("race", slot_time(4, 9, 0), 2);
        std::string third = t.book("race", slot_time(4, 9, 0), 3);
        std::string alone = t.book("race", slot_time(4, 9, 15), 4);
        std::string other_day = t.book("race", slot_time(3, 10, 0), 5);
        StaffClient sup = t.signed_in("sup");
        Json cut = {{"from", "2026-12-04"}, {"counters", {{"race", 1}}}};
        REQUIRE(sup.post(kSchedule, cut).status == 200);
        const std::string bookings = "/api/v1/staff/bookings/";

        // Only with the header, and only staff of the booking's centre; nothing changes.
        StaffClient clerk = t.signed_in("clerk");
        CHECK(clerk.post(bookings + third + "/cancel", Json::object(), false).status == 403);
        // Another centre's staff are told what a code that does not exist gets.
        CHECK(t.signed_in("far").post(bookings + third + "/cancel", Json::object()).status == 404);
        Json far_move = {{"start", slot_time(4, 9, 30)}};
        CHECK(t.signed_in("far").post(bookings + second + "/reschedule", far_move).status == 404);
        CHECK(status_of(t.citizen, third, 3) == "booked");

        // A cancel by staff frees the seat as the citizen's does; no CPR is asked.
        CHECK(slot_at(t.citizen, "race", slot_time(3, 10, 0))["free"] == 2);
        Response cancelled = clerk.post(bookings + other_day + "/cancel", Json::object());
        REQUIRE(cancelled.status == 200);
        CHECK(cancelled.json()["status"] == "cancelled");
        CHECK(slot_at(t.citizen, "race", slot_time(3, 10, 0))["free"] == 3);
        CHECK(clerk.post(bookings + other_day + "/cancel", Json::object()).error() == "not_active");
        REQUIRE(clerk.post(bookings + third + "/cancel", Json::object()).status == 200);

        // A stranded booking moved to a free slot; the slot it left is no longer counted.
        Json move = {{"start", slot_time(4, 9, 30)}};
        Response moved = clerk.post(bookings + second + "/reschedule", move);
        REQUIRE_MESSAGE(moved.status == 200, moved.body);
        CHECK(moved.json()["start"] == slot_time(4, 9, 30));
        CHECK(slot_at(t.citizen, "race", slot_time(4, 9, 30))["free"] == 0);
        CHECK(clerk.get("/api/v1/staff/centres/test-centre/stranded").json()["stranded"].empty());
        REQUIRE(clerk.post(bookings + first + "/cancel", Json::object()).status == 200);
        CHECK(slot_at(t.citizen, "race", slot_time(4, 9, 0))["free"] == 1);

        // To a full slot: refused as the citizen API refuses it, and the booking stays put.
        Response full = clerk.post(bookings + alone + "/reschedule", move);
        CHECK(full.status == 409);
        CHECK(full.error() == "slot_full");
        CHECK(slot_at(t.citizen, "race", slot_time(4, 9, 15))["free"] == 0);
        CHECK(clerk.post(bookings + alone + "/reschedule", Json{{"start", "soon"}}).status == 400);
    }

    TEST_CASE("schedule changes: who may make them, and what is refused") {
        StaffServer t;
        StaffClient sup = t.signed_in("sup");
        Json ok = {{"from", "2026-12-06"}, {"counters", {{"multi", 1}}}, {"dry_run", true}};
        CHECK(sup.post(kSchedule, ok).status == 200);
        CHECK(t.signed_in("clerk").post(kSchedule, ok).status == 403);
        CHECK(t.signed_in("far").post(kSchedule, ok).status == 403);
        t.add_user("far.sup", "supervisor", "other-centre");
        CHECK(t.signed_in("far.sup").post(kSchedule, ok).status == 403);
        CHECK(t.signed_in("far.sup").get(kSchedule).status == 403);
        CHECK(t.admin.post(kSchedule, ok).status == 200);
        CHECK(sup.post(kSchedule, ok, false).status == 403);  // no X-Mawid-Staff

        auto refused = [&](Json body, const std::string& field) {
            Response r = sup.post(kSchedule, body);
            CHECK_MESSAGE(r.status == 400, r.body);
            CHECK_MESSAGE(r.json().value("field", "") == field, r.body);
        };
        refused({{"from", "2026-11-30"}, {"counters", {{"race", 1}}}}, "from");  // the past
        refused({{"from", "2026-12-31"}}, "hours");  // nothing to change
        refused({{"from", "2026-12-31"}, {"hours", {{"mon", {{"14:00", "07:00"}}}}}}, "hours");
        refused({{"from", "2026-12-31"}, {"hours", {{"someday", Json::array()}}}}, "hours");
        refused({{"from", "2026-12-31"}, {"counters", {{"elsewhere", 1}}}}, "counters");
        refused({{"from", "2026-12-31"}, {"counters", {{"race", -1}}}}, "counters");
        refused({{"from", "2026-12-31"}, {"counters", {{"race", 1}}}, {"colour", "red"}}, "colour");
        Response closure = sup.post(kClosures, Json{{"from", "2026-12-09"}, {"to", "2026-12-08"}});
        CHECK(closure.status == 400);
        CHECK(closure.json()["field"] == "to");
        CHECK(sup.get(kSchedule).json()["version"] == "test-1");  // nothing applied
    }

    TEST_CASE("a public holiday (admin only) closes every centre and strands across them") {
        StaffServer t;
        std::string here = t.book("race", slot_time(20, 9, 0), 1);
        Json there_body = booking_body("elsewhere", slot_time(20, 9, 0), 2);
        there_body["centre"] = "other-centre";
        Response there = t.citizen.post("/api/v1/bookings", there_body.dump());
        REQUIRE(there.status == 201);
        Json holiday = {{"from", "2026-12-20"}, {"to", "2026-12-20"}, {"name", {{"en", "Eid"}}}};
        CHECK(t.signed_in("sup").post("/api/v1/staff/holidays", holiday).status == 403);
        Response r = t.admin.post("/api/v1/staff/holidays", holiday);
        REQUIRE(r.status == 200);
        CHECK(r.json()["version"] == "test-1-r1");
        // By time, then centre.
        CHECK(codes_of(r.json()["stranded"]) ==
              std::vector<std::string>{there.json()["code"].get<std::string>(), here});
        CHECK(slots(t.citizen, "test-centre", "race", "2026-12-20").empty());
        CHECK(slots(t.citizen, "other-centre", "elsewhere", "2026-12-20").empty());
        CHECK(t.citizen.get("/api/v1/catalog").json()["holidays"].size() == 2);
    }

    TEST_CASE("a closure, a schedule change or a holiday made by mistake can be taken back") {
        StaffServer t;
        StaffClient sup = t.signed_in("sup");
        Json closure = {{"from", "2026-12-07"}, {"to", "2026-12-08"}};
        REQUIRE(sup.post(kClosures, closure).status == 200);
        CHECK(slots(t.citizen, "test-centre", "race", "2026-12-07").empty());
        Response wrong =
            sup.post(kClosures + "/remove", Json{{"from", "2026-12-07"}, {"to", "2026-12-09"}});
        CHECK(wrong.status == 404);
        CHECK(t.signed_in("clerk").post(kClosures + "/remove", closure).status == 403);
        Response undone = sup.post(kClosures + "/remove", closure);
        REQUIRE(undone.status == 200);
        CHECK(undone.json()["version"] == "test-1-r2");
        CHECK(undone.json()["stranded"].empty());
        CHECK(slots(t.citizen, "test-centre", "race", "2026-12-07").size() == 28);
        CHECK(sup.get(kSchedule).json()["closures"].size() == 1);  // the catalogue's own

        // Taking back extra counters strands what they had made room for.
        REQUIRE(sup.post(kSchedule, Json{{"from", "2026-12-05"}, {"counters", {{"multi", 3}}}})
                    .status == 200);
        std::vector<std::string> codes;
        for (int n = 1; n <= 3; ++n) codes.push_back(t.book("multi", slot_time(5, 9, 0), n));
        Json change = {{"from", "2026-12-05"}};
        Response reverted = sup.post(kSchedule + "/remove", change);
        REQUIRE(reverted.status == 200);
        CHECK(codes_of(reverted.json()["stranded"]) == std::vector<std::string>{codes[2]});
        CHECK(sup.get(kSchedule).json()["changes"].empty());
        CHECK(sup.post(kSchedule + "/remove", change).status == 404);

        Json holiday = {{"from", "2026-12-21"}, {"to", "2026-12-21"}};
        REQUIRE(t.admin.post("/api/v1/staff/holidays", holiday).status == 200);
        CHECK(sup.post("/api/v1/staff/holidays/remove", holiday).status == 403);
        REQUIRE(t.admin.post("/api/v1/staff/holidays/remove", holiday).status == 200);
        CHECK(!slots(t.citizen, "test-centre", "race", "2026-12-21").empty());
        CHECK(t.citizen.get("/api/v1/catalog").json()["holidays"].size() == 1);
    }

    TEST_CASE("a change survives a restart: the catalogue is stored with its new version") {
        StaffServer t;
        StaffClient sup = t.signed_in("sup");
        REQUIRE(sup.post(kClosures, Json{{"from", "2026-12-07"}, {"to", "2026-12-08"}}).status ==
                200);
        t.server.terminate();
        ServerProcess again(t.dir.database(), staff_server_flags(t.dir, true, {}),
                            t.dir.file("server.log"));
        Client citizen(again.port());
        Response catalog = citizen.get("/api/v1/catalog");
        CHECK(catalog.header("etag") == "\"test-1-r1\"");
        CHECK(slots(citizen, "test-centre", "race", "2026-12-07").empty());
        CHECK(!slots(citizen, "test-centre", "race", "2026-12-09").empty());
        StaffClient sup_again(again.port());
        REQUIRE(sup_again.sign_in("sup").status == 200);
        CHECK(sup_again.get(kSchedule).json()["closures"].size() == 2);
    }
}  // TEST_SUITE
