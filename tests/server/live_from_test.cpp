// Go-live dates against the real server (issue 14): before a centre's (or a centre's
// service's) date, availability and booking answer 422 not_live_yet; its staff can prepare it;
// the demo catalogue is seeded with a roll-out plan dated from the seed day.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <map>

#include "staff_fixture.hpp"
#include "support.hpp"

using namespace mawid::test;

namespace {

// The test catalogue with test-centre live from `centre_from`, and its "multi" service from
// `multi_from` (its own date overrides the centre's).
std::string phased_catalog(const TempDir& dir, const std::string& centre_from,
                           const std::string& multi_from) {
    Json catalog = Json::parse(test_catalog_json());
    for (auto& centre : catalog["centres"]) {
        if (centre["id"] != "test-centre") continue;
        centre["live_from"] = centre_from;
        centre["service_live_from"] = {{"multi", multi_from}};
    }
    std::string path = dir.file("phased.json");
    std::ofstream(path) << catalog.dump();
    return path;
}

std::vector<std::string> with_catalog(std::vector<std::string> flags, const std::string& path) {
    flags.insert(flags.end(), {"--catalog", path});  // the later --catalog wins
    return flags;
}

std::string availability(const std::string& centre, const std::string& service,
                         const std::string& from) {
    return "/api/v1/availability?centre=" + centre + "&service=" + service + "&from=" + from +
           "&days=7";
}

// The flags of a server on the demo catalogue (assets/catalog.json), at kNow.
std::vector<std::string> demo_flags() {
    return {"--seed-demo", "--now",          kNow,  "--rate-limit",
            "0",           "--verification", "off", "--fast-password-hashing"};
}

}  // namespace

TEST_SUITE("live_from") {
    TEST_CASE("before the go-live date: 422 not_live_yet; from that date on, times and bookings") {
        TempDir dir;
        const auto flags =
            with_catalog(test_server_flags(dir), phased_catalog(dir, "2026-12-03", "2026-12-01"));
        {
            ServerProcess server(dir.database(), flags, dir.file("server.log"));
            Client client(server.port());
            Response times = client.get(availability("test-centre", "race", "2026-12-01"));
            CHECK(times.status == 422);
            CHECK(times.error() == "not_live_yet");
            CHECK(times.json()["field"] == "centre");
            CHECK(times.json()["message"].get<std::string>().find("2026-12-03") !=
                  std::string::npos);
            Response booking =
                client.post("/api/v1/bookings", booking_body("race", slot_time(4, 9, 0), 1).dump());
            CHECK(booking.status == 422);
            CHECK(booking.error() == "not_live_yet");
            // The service's own date (already passed) overrides the centre's.
            CHECK(client.get(availability("test-centre", "multi", "2026-12-01")).status == 200);
            CHECK(
                client.post("/api/v1/bookings", booking_body("multi", slot_time(4, 9, 0), 2).dump())
                    .status == 201);
            // A centre without a date is live.
            CHECK(client.get(availability("other-centre", "elsewhere", "2026-12-01")).status ==
                  200);
            // The catalogue carries the dates.
            Json catalog = client.get("/api/v1/catalog").json();
            CHECK(catalog["centres"][0]["live_from"] == "2026-12-03");
            CHECK(catalog["centres"][0]["service_live_from"]["multi"] == "2026-12-01");
            CHECK_FALSE(catalog["centres"][1].contains("live_from"));
        }
        // The day of go-live, at midnight in Bahrain.
        ServerProcess server(dir.database(), with_now(flags, "2026-12-03T00:00:00+03:00"),
                             dir.file("server.log"));
        Client client(server.port());
        Response times = client.get(availability("test-centre", "race", "2026-12-03"));
        REQUIRE(times.status == 200);
        CHECK_FALSE(times.json()["slots"].empty());
        CHECK(client.post("/api/v1/bookings", booking_body("race", slot_time(4, 9, 0), 1).dump())
                  .status == 201);
    }

    TEST_CASE("staff and admins of a centre not live yet sign in and prepare it") {
        TempDir catalogs;
        StaffServer t({"--catalog", phased_catalog(catalogs, "2026-12-20", "2026-12-20")});
        // The constructor made supervisor, staff and another centre's staff through the API.
        CHECK(t.citizen.get(availability("test-centre", "race", "2026-12-01")).error() ==
              "not_live_yet");
        StaffClient sup = t.signed_in("sup");
        Json shorter = {{"from", "2026-12-20"}, {"counters", {{"race", 2}}}};
        Response change = sup.post("/api/v1/staff/centres/test-centre/schedule", shorter);
        CHECK(change.status == 200);
        Response first_day = sup.get("/api/v1/staff/centres/test-centre/day?date=2026-12-20");
        REQUIRE(first_day.status == 200);
        CHECK(first_day.json()["bookings"].empty());
        StaffClient clerk = t.signed_in("clerk");
        CHECK(clerk.get("/api/v1/staff/centres/test-centre/day").status == 200);
        // The edit kept the go-live dates.
        Json catalog = t.citizen.get("/api/v1/catalog").json();
        CHECK(catalog["centres"][0]["live_from"] == "2026-12-20");
        CHECK(catalog["centres"][0]["changes"][0]["counters"]["race"] == 2);
    }

    TEST_CASE("the demo catalogue: a third live on the seed day, the rest at +30 and +90 days") {
        TempDir dir;
        ServerProcess server(dir.database(), demo_flags(), dir.file("server.log"));
        Client client(server.port());
        Json catalog = client.get("/api/v1/catalog").json();
        REQUIRE(catalog["centres"].size() == 100);
        std::map<std::string, int> phases;
        std::string later_centre, later_service;
        for (const auto& centre : catalog["centres"]) {
            REQUIRE(centre.contains("live_from"));
            ++phases[centre["live_from"].get<std::string>()];
            if (later_centre.empty() && centre["live_from"] == "2026-12-31") {
                later_centre = centre["id"];
                later_service = centre["services"][0];
            }
        }
        CHECK(phases == std::map<std::string, int>{
                            {"2026-12-01", 34}, {"2026-12-31", 33}, {"2027-03-01", 33}});
        CHECK_FALSE(catalog.contains("demo_plan"));  // the plan is the seed's, not the API's
        CHECK(catalog["version"] == "demo-2026-2-seeded-2026-12-01");
        // The demo staff's centre, and the first centre of every service (the browser tests
        // book there), are live from the start.
        for (const auto& service : catalog["services"]) {
            for (const auto& centre : catalog["centres"]) {
                const auto& offered = centre["services"];
                if (std::find(offered.begin(), offered.end(), service["id"]) == offered.end()) {
                    continue;
                }
                CAPTURE(centre["id"]);
                CHECK(centre["live_from"] == "2026-12-01");
                break;
            }
        }
        Response isa =
            client.get(availability("isa-town-service-centre", "id-card-renewal", "2026-12-01"));
        CHECK(isa.status == 200);
        CAPTURE(later_centre);
        CHECK(client.get(availability(later_centre, later_service, "2026-12-01")).error() ==
              "not_live_yet");
    }

    TEST_CASE("the demo plan is dated once, at seeding: the second phase opens 30 days on") {
        TempDir dir;
        std::string later_centre, later_service;
        {
            ServerProcess server(dir.database(), demo_flags(), dir.file("server.log"));
            Client client(server.port());
            const Json seeded = client.get("/api/v1/catalog").json();  // kept: no dangling
            for (const auto& centre : seeded["centres"]) {
                if (centre["live_from"] != "2026-12-31") continue;
                later_centre = centre["id"];
                later_service = centre["services"][0];
                break;
            }
        }
        REQUIRE_FALSE(later_centre.empty());
        ServerProcess server(dir.database(),
                             with_now(demo_flags(), "2026-12-31T06:00:00+03:00"),
                             dir.file("server.log"));
        Client client(server.port());
        CHECK(client.get(availability(later_centre, later_service, "2026-12-31")).status == 200);
        // A third phase centre is still to come.
        const Json catalog = client.get("/api/v1/catalog").json();
        for (const auto& centre : catalog["centres"]) {
            if (centre["live_from"] != "2027-03-01") continue;
            CHECK(client.get(availability(centre["id"], centre["services"][0], "2026-12-31"))
                      .error() == "not_live_yet");
            break;
        }
    }
}
