// Notices that staff actions cause: a closure or a change of hours that strands bookings
// tells each citizen once, with a link back to the app on the same centre and service; a
// walk-in ticket with a phone is told when its turn is near.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "sms_gateway.hpp"
#include "staff_fixture.hpp"

using namespace mawid::test;

namespace {

const std::string kLink = "https://mawid.example.bh/?c=test-centre&s=";

// The texts the gateway took that mention `needle`.
std::vector<std::string> texts_with(StandInGateway& gateway, const std::string& needle) {
    std::vector<std::string> texts;
    for (const auto& sms : gateway.accepted()) {
        const std::string& body = sms.form.at("Body");
        if (body.find(needle) != std::string::npos) texts.push_back(body);
    }
    return texts;
}

const std::string kWalkIns = "/api/v1/staff/centres/test-centre/walk-ins";

// Issues a walk-in ticket; returns its id.
int issue(StaffClient& clerk, Json body) {
    Response r = clerk.post(kWalkIns, body);
    REQUIRE_MESSAGE(r.status == 201, r.body);
    return r.json()["id"].get<int>();
}

void serve(StaffClient& clerk, int id) {
    REQUIRE(clerk.post("/api/v1/staff/walk-ins/" + std::to_string(id) + "/served",
                       Json::object())
                .status == 200);
}

// Waits until the server's log says `line`; false after 30 s.
bool wait_for_log(const TempDir& dir, const std::string& line) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        std::ifstream in(dir.file("server.log"));
        if (std::string(std::istreambuf_iterator<char>(in), {}).find(line) != std::string::npos)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

Json closure(const std::string& from, const std::string& to) {
    return {{"from", from}, {"to", to}, {"name", {{"en", "Water leak"}, {"ar", "تسرب مياه"}}}};
}

}  // namespace

TEST_SUITE("notices") {
    TEST_CASE("a closure tells each stranded booking once, with a link to choose a new time") {
        StandInGateway gateway;
        StaffServer t({"--sms-gateway", gateway.url(), "--public-url", "https://mawid.example.bh/"});
        std::string first = t.book("race", slot_time(3, 9, 0), 1);
        std::string second = t.book("multi", slot_time(3, 10, 0), 2);
        std::string next_day = t.book("race", slot_time(4, 9, 0), 3);
        std::string cancelled = t.book("race", slot_time(3, 11, 0), 4);
        REQUIRE(t.citizen.post("/api/v1/bookings/" + cancelled + "/cancel",
                               Json{{"cpr", cpr_for(4)}}.dump()).status == 200);
        // Four confirmations and a cancellation.
        REQUIRE(gateway.wait_for_accepted(5, 30));

        StaffClient sup = t.signed_in("sup");
        Json dry = closure("2026-12-03", "2026-12-03");
        dry["dry_run"] = true;
        REQUIRE(sup.post(kClosures, dry).status == 200);
        REQUIRE(sup.post(kClosures, closure("2026-12-03", "2026-12-03")).status == 200);
        REQUIRE(gateway.wait_for_accepted(7, 30));
        // A wider closure over the same day strands the next day's booking too; the two
        // stranded already were told and are not told again.
        REQUIRE(sup.post(kClosures, closure("2026-12-03", "2026-12-04")).status == 200);
        REQUIRE(gateway.wait_for_accepted(8, 30));

        std::vector<std::string> notices = texts_with(gateway, kLink);
        CHECK(notices.size() == 3);
        for (const std::string& code : {first, second, next_day}) {
            std::vector<std::string> told = texts_with(gateway, "appointment " + code);
            CAPTURE(code);
            REQUIRE(told.size() == 1);
            CHECK(told[0].find("can no longer go ahead") != std::string::npos);
        }
        CHECK(texts_with(gateway, kLink + "race").size() == 2);
        CHECK(texts_with(gateway, kLink + "multi").size() == 1);
        // The notice names the service, the centre and the time that cannot go ahead.
        CHECK(texts_with(gateway, "Test race at Centre test-centre, 2026-12-03 09:00, can no")
                  .size() == 1);
        // A booking cancelled before the closure has its confirmation and cancellation only.
        CHECK(texts_with(gateway, cancelled).size() == 2);
        CHECK(t.log().find("36001234") == std::string::npos);
    }

    TEST_CASE("a closure taken back: a notice not yet sent is dropped, a citizen told hears "
              "the booking goes ahead, after any notice in flight") {
        StandInGateway gateway;
        StaffServer t({"--sms-gateway", gateway.url(), "--public-url", "https://mawid.example.bh/",
                       "--message-retry-seconds", "3600"});
        const std::string db = t.dir.database();
        std::string told = t.book("race", slot_time(3, 9, 0), 1);
        std::string waiting = t.book("race", slot_time(4, 9, 0), 2);
        std::string in_flight = t.book("race", slot_time(5, 9, 0), 3);
        REQUIRE(gateway.wait_for_accepted(3, 30));  // their confirmations
        auto closure_of = [&](const std::string& code, const std::string& column) {
            return query_one(db, "SELECT " + column + " FROM outbox WHERE kind = 'closure' "
                                 "AND booking = '" + code + "'");
        };

        StaffClient sup = t.signed_in("sup");
        // The first day's notice goes through; the second day's finds the gateway down and
        // waits for its retry, an hour away (the server's clock stands still here).
        REQUIRE(sup.post(kClosures, closure("2026-12-03", "2026-12-03")).status == 200);
        REQUIRE(gateway.wait_for_accepted(4, 30));
        gateway.plan({503});
        REQUIRE(sup.post(kClosures, closure("2026-12-04", "2026-12-04")).status == 200);
        REQUIRE(gateway.wait_for_requests(5, 30));
        // The attempt's outcome is recorded: the notice is no sender's now.
        const std::string kSettled =
            "attempts || '/' || CASE WHEN claimed_until IS NULL THEN 1 ELSE 0 END";
        for (int i = 0; i < 3000 && closure_of(waiting, kSettled) != "1/1";
             ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        REQUIRE(closure_of(waiting, kSettled) == "1/1");
        // The supervisor closed the wrong days: both closures are taken back.
        const std::string remove = kClosures + "/remove";
        Json dry = {{"from", "2026-12-03"}, {"to", "2026-12-03"}, {"dry_run", true}};
        REQUIRE(sup.post(remove, dry).status == 200);
        REQUIRE(sup.post(remove, Json{{"from", "2026-12-03"}, {"to", "2026-12-03"}}).status == 200);
        REQUIRE(sup.post(remove, Json{{"from", "2026-12-04"}, {"to", "2026-12-04"}}).status == 200);

        // The citizen told is told again, once: the booking stands.
        REQUIRE(gateway.wait_for_accepted(5, 30));
        std::vector<std::string> again = texts_with(gateway, "goes ahead after all");
        REQUIRE(again.size() == 1);
        CHECK(again[0] == "Mawid: your appointment " + told +
                              " for Test race at Centre test-centre, 2026-12-03 09:00, goes ahead "
                              "after all. Please ignore our earlier message.");
        // The one not yet told never is: the notice is dropped, and nothing follows it.
        CHECK(closure_of(waiting, "state") == "dropped");
        CHECK(query_one(db, "SELECT count(*) FROM outbox WHERE kind = 'reopened' AND booking = '" +
                                waiting + "'") == "0");
        t.book("race", slot_time(3, 10, 0), 4);
        REQUIRE(gateway.wait_for_accepted(6, 30));  // the sender has passed every due message
        CHECK(texts_with(gateway, waiting).size() == 1);  // its confirmation

        // A notice a sender holds while the closure is taken back may yet arrive: the
        // "goes ahead" is due once that attempt's claim has run out, and the notice is
        // never tried again.
        gateway.plan({StandInGateway::kHold});
        REQUIRE(sup.post(kClosures, closure("2026-12-05", "2026-12-05")).status == 200);
        REQUIRE(gateway.wait_for_requests(8, 30));
        REQUIRE(sup.post(remove, Json{{"from", "2026-12-05"}, {"to", "2026-12-05"}}).status == 200);
        CHECK(closure_of(in_flight, "state") == "dropped");
        CHECK(query_one(db, "SELECT count(*) FROM outbox WHERE kind = 'reopened' AND booking = '" +
                                in_flight + "' AND due_at > created_at") == "1");
        gateway.release();
        t.book("race", slot_time(3, 11, 0), 5);
        REQUIRE(gateway.wait_for_accepted(8, 30));  // the held notice, then this confirmation
        CHECK(closure_of(in_flight, "state") == "dropped");
        CHECK(texts_with(gateway, "appointment " + in_flight).size() == 1);
        CHECK(gateway.requests().size() == 9);
    }

    TEST_CASE("a walk-in ticket with a phone is told once when three places from the counter") {
        StandInGateway gateway;
        StaffServer t({"--sms-gateway", gateway.url()});
        StaffClient clerk = t.signed_in("clerk");
        // W-001 .. W-003 are at the counter's door: the ticket they were handed says so.
        int w1 = issue(clerk, {{"service", "race"}});
        int w2 = issue(clerk, {{"service", "race"}, {"phone", "+973 3600 0002"}});
        int w3 = issue(clerk, {{"service", "race"}});
        int w4 = issue(clerk, {{"service", "race"}, {"phone", "36000004"}, {"lang", "en"}});
        int w5 = issue(clerk, {{"service", "multi"}, {"phone", "36000005"}, {"lang", "ar"}});
        // A priority ticket goes before them all: W-003 slips to fourth place.
        int p1 = issue(clerk, {{"service", "race"}, {"priority", true}});

        serve(clerk, p1);  // W-004 is not yet among the first three (W-001..W-003 are)
        serve(clerk, w1);  // now W-002, W-003, W-004: W-004 is told
        REQUIRE(gateway.wait_for_accepted(1, 30));
        GatewayRequest first = gateway.accepted()[0];
        CHECK(first.form.at("To") == "+97336000004");
        CHECK(first.form.at("Body") ==
              "Mawid: ticket W-004, Test race at Centre test-centre: your turn is near. Please "
              "stay close to the counters.");
        serve(clerk, w2);  // W-003, W-004, W-005: W-005 is told, in Arabic
        REQUIRE(gateway.wait_for_accepted(2, 30));
        GatewayRequest second = gateway.accepted()[1];
        CHECK(second.form.at("To") == "+97336000005");
        CHECK(second.form.at("Body").find("التذكرة W-005") != std::string::npos);
        serve(clerk, w3);
        serve(clerk, w4);
        serve(clerk, w5);
        // The sender goes in order: once a later booking's confirmation is through, every
        // notice queued before it has been sent. Each ticket was told once; those without a
        // phone, or handed their ticket near the counter, not at all.
        t.book("race", slot_time(3, 9, 0), 1);
        REQUIRE(gateway.wait_for_accepted(3, 30));
        CHECK(gateway.requests().size() == 3);
        CHECK(gateway.accepted()[2].form.at("Body").find("Show it at the counter") !=
              std::string::npos);

        CHECK(clerk.post(kWalkIns, Json{{"service", "race"}, {"phone", "12"}}).status == 422);
        CHECK(clerk.post(kWalkIns, Json{{"service", "race"}, {"lang", "not a tag"}}).status ==
              400);
        CHECK(t.log().find("3600000") == std::string::npos);
    }

    TEST_CASE("a walk-in's phone is kept for its day only") {
        StaffServer t;
        StaffClient clerk = t.signed_in("clerk");
        issue(clerk, {{"service", "race"}, {"phone", "39871299"}});
        REQUIRE(t.server.terminate() == 0);
        auto phones_kept = [&] { return stored_copies(t.dir, "+97339871299", {"walk_ins"}); };
        REQUIRE(phones_kept() > 0);  // the search finds what is there

        // A log of its own: on PostgreSQL every start clears old copies and says so.
        std::filesystem::remove(t.dir.file("server.log"));
        ServerProcess later(t.dir.database(),
                            with_now(staff_server_flags(t.dir, true, {}), "2026-12-03T06:00:00+03:00"),
                            t.dir.file("server.log"));
        REQUIRE(wait_for_log(t.dir, "erased data is gone"));
        CHECK(phones_kept() == 0);
    }
}
