// Keys for other government systems against the real server (docs/service-accounts.md): an
// admin makes a service account whose key is shown once and stored only as a hash; the key
// reads, books, looks up and cancels within its scopes, services and centres (403
// scope_denied beyond them), under its own quota (429), and is refused (401
// invalid_api_key) on every connection the moment it is revoked. Every use is in the trail.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "staff_fixture.hpp"

using namespace mawid::test;

namespace {

const std::string kAccounts = "/api/v1/staff/service-accounts";
const std::string kAvailability =
    "/api/v1/availability?centre=test-centre&service=race&from=2026-12-02&days=3";

using Headers = std::vector<std::pair<std::string, std::string>>;

Headers bearer(const std::string& key) {
    return {{"Authorization", "Bearer " + key}};
}

// Makes an account as `admin`; returns the creation answer (with the key).
Json make_account(StaffClient& admin, const std::string& name, const Json& scopes,
                  int per_minute = 1000, const Json& services = Json::array({"race"}),
                  const Json& centres = Json::array({"test-centre"})) {
    Json body = {{"name", name},         {"scopes", scopes},          {"services", services},
                 {"centres", centres},   {"per_minute", per_minute}};
    Response r = admin.post(kAccounts, body);
    REQUIRE_MESSAGE(r.status == 201, r.body);
    return r.json();
}

std::string key_of(const Json& made) {
    return made["key"].get<std::string>();
}

Json everything() {
    return Json::array({"catalog:read", "availability:read", "bookings:write"});
}

// The trail's entries, oldest first, as "action|username|centre|booking|detail".
std::vector<std::string> trail(StaffClient& admin) {
    Response r = admin.get("/api/v1/staff/audit?limit=1000");
    REQUIRE_MESSAGE(r.status == 200, r.body);
    std::vector<std::string> lines;
    Json body = r.json();
    for (const Json& e : body["entries"]) {
        auto text = [&](const char* name) {
            return e[name].is_string() ? e[name].get<std::string>() : std::string();
        };
        lines.insert(lines.begin(), text("action") + "|" + text("username") + "|" +
                                        text("centre") + "|" + text("booking") + "|" +
                                        text("detail"));
    }
    return lines;
}

std::vector<std::string> api_entries(StaffClient& admin) {
    std::vector<std::string> out;
    for (const std::string& line : trail(admin)) {
        if (line.rfind("api_", 0) == 0) out.push_back(line);
    }
    return out;
}

}  // namespace

TEST_SUITE("service_accounts") {
    TEST_CASE("a key shown once reads and books for citizens without their session; each use is in the trail") {
        StaffServer t({"--verification", "on"});
        Json made = make_account(t.admin, "ministry-health", everything());
        const std::string key = made["key"].get<std::string>();
        REQUIRE(key.rfind("mwk_", 0) == 0);
        // The secret follows the key id (hex digits) and may itself hold '_' (base64url).
        const std::string secret = key.substr(key.find('_', 4) + 1);
        REQUIRE(secret.size() == 43);
        CHECK(made["scopes"] == everything());
        CHECK(made["revoked_at"].is_null());

        // Never shown again, and not kept: only a 32-byte hash of the secret is stored.
        Response list = t.admin.get(kAccounts);
        REQUIRE(list.status == 200);
        CHECK(list.body.find(secret) == std::string::npos);
        CHECK(list.json()["accounts"][0]["key_id"] == made["key_id"]);
        CHECK(!list.json()["accounts"][0].contains("key"));
        const std::string db = t.dir.database();
        CHECK(query_one(db, "SELECT length(key_hash) FROM service_accounts") == "32");
        CHECK(file_bytes(db).find(secret) == std::string::npos);
        CHECK(file_bytes(db + "-wal").find(secret) == std::string::npos);

        Client api(t.server.port());
        CHECK(api.get("/api/v1/catalog", bearer(key)).status == 200);
        Response slots = api.get(kAvailability, bearer(key));
        CHECK(slots.status == 200);
        CHECK(slots.header("ratelimit-policy") == "1000;w=60");

        // A citizen without a session may not book; the key books for them.
        Json body = booking_body("race", slot_time(2, 9, 0), 1);
        CHECK(t.citizen.post("/api/v1/bookings", body.dump()).error() == "verification_required");
        Response booked = api.post("/api/v1/bookings", body.dump(), bearer(key));
        REQUIRE_MESSAGE(booked.status == 201, booked.body);
        const std::string code = booked.json()["code"].get<std::string>();

        Json lookup = {{"code", code}, {"cpr", cpr_for(1)}};
        Response found = api.post("/api/v1/bookings/lookup", lookup.dump(), bearer(key));
        REQUIRE_MESSAGE(found.status == 200, found.body);
        CHECK(found.json()["status"] == "booked");
        Json wrong = {{"code", code}, {"cpr", cpr_for(2)}};
        CHECK(api.post("/api/v1/bookings/lookup", wrong.dump(), bearer(key)).status == 404);

        Json cpr = {{"cpr", cpr_for(1)}};
        Response cancelled =
            api.post("/api/v1/bookings/" + code + "/cancel", cpr.dump(), bearer(key));
        REQUIRE_MESSAGE(cancelled.status == 200, cancelled.body);
        CHECK(cancelled.json()["status"] == "cancelled");

        // The booking names the account that made it, as a member's booking names them.
        Response day = t.admin.get("/api/v1/staff/centres/test-centre/day?date=2026-12-02");
        REQUIRE_MESSAGE(day.status == 200, day.body);
        CHECK(day.body.find("api:ministry-health") != std::string::npos);

        std::vector<std::string> entries = api_entries(t.admin);
        REQUIRE(entries.size() == 4);
        CHECK(entries[0] == "api_key_created|root|||ministry-health (1)");
        CHECK(entries[1].rfind("api_booking_made|api:ministry-health|test-centre|" + code, 0) == 0);
        CHECK(entries[2] == "api_booking_looked_up|api:ministry-health|test-centre|" + code + "|");
        CHECK(entries[3] == "api_booking_cancelled|api:ministry-health|test-centre|" + code + "|");
        Response filtered = t.admin.get("/api/v1/staff/audit?action=api_booking_made");
        REQUIRE_MESSAGE(filtered.status == 200, filtered.body);
        CHECK(filtered.json()["entries"].size() == 1);
        for (const std::string& line : trail(t.admin)) {
            CHECK(line.find(cpr_for(1)) == std::string::npos);
            CHECK(line.find("36001234") == std::string::npos);
        }
    }

    TEST_CASE("a key beyond its scopes, services or centres gets 403 scope_denied and records nothing") {
        StaffServer t;
        std::string reader = key_of(make_account(t.admin, "reader",
                                                 Json::array({"availability:read"}), 1000,
                                                 Json::array(), Json::array()));
        std::string booker = key_of(make_account(t.admin, "booker", Json::array({"bookings:write"})));
        Client api(t.server.port());

        CHECK(api.get(kAvailability, bearer(reader)).status == 200);
        CHECK(api.get("/api/v1/catalog", bearer(reader)).error() == "scope_denied");
        Json body = booking_body("race", slot_time(2, 9, 0), 1);
        Response refused = api.post("/api/v1/bookings", body.dump(), bearer(reader));
        CHECK(refused.status == 403);
        CHECK(refused.error() == "scope_denied");

        CHECK(api.get(kAvailability, bearer(booker)).error() == "scope_denied");
        Json far = body;
        far["centre"] = "other-centre";
        far["service"] = "elsewhere";
        CHECK(api.post("/api/v1/bookings", far.dump(), bearer(booker)).error() == "scope_denied");
        Json other_service = booking_body("multi", slot_time(2, 9, 0), 1);
        CHECK(api.post("/api/v1/bookings", other_service.dump(), bearer(booker)).error() ==
              "scope_denied");

        // A booking at a centre outside its list, though the key knows its code and CPR.
        Response citizen = t.citizen.post("/api/v1/bookings", far.dump());
        REQUIRE_MESSAGE(citizen.status == 201, citizen.body);
        std::string code = citizen.json()["code"].get<std::string>();
        Json lookup = {{"code", code}, {"cpr", cpr_for(1)}};
        CHECK(api.post("/api/v1/bookings/lookup", lookup.dump(), bearer(booker)).error() ==
              "scope_denied");
        Json cpr = {{"cpr", cpr_for(1)}};
        Response cancel = api.post("/api/v1/bookings/" + code + "/cancel", cpr.dump(), bearer(booker));
        CHECK(cancel.status == 403);
        CHECK(cancel.error() == "scope_denied");
        CHECK(t.citizen.post("/api/v1/bookings/lookup", lookup.dump()).json()["status"] == "booked");
        Json move = {{"cpr", cpr_for(1)}, {"start", slot_time(3, 9, 0)}};
        CHECK(api.post("/api/v1/bookings/" + code + "/reschedule", move.dump(), bearer(booker))
                  .error() == "scope_denied");

        std::vector<std::string> entries = api_entries(t.admin);
        CHECK(entries.size() == 2);  // the two keys made; no refusal recorded
    }

    TEST_CASE("a revoked key is refused at once on every connection; unknown keys get 401") {
        StaffServer t;
        Json made = make_account(t.admin, "revoked-soon", everything());
        std::string key = key_of(made);
        std::string id = std::to_string(made["id"].get<int>());
        std::vector<std::unique_ptr<Client>> connections;
        for (int i = 0; i < 6; ++i) {
            connections.push_back(std::make_unique<Client>(t.server.port()));
            REQUIRE(connections.back()->get("/api/v1/catalog", bearer(key)).status == 200);
        }

        Response revoked = t.admin.post(kAccounts + "/" + id + "/revoke", Json::object());
        REQUIRE_MESSAGE(revoked.status == 200, revoked.body);
        CHECK(revoked.json()["revoked_at"].is_string());
        for (int round = 0; round < 3; ++round) {
            for (auto& connection : connections) {
                Response r = connection->get("/api/v1/catalog", bearer(key));
                CHECK(r.status == 401);
                CHECK(r.error() == "invalid_api_key");
            }
        }
        // Revoking again changes and records nothing; an unknown account is 404.
        CHECK(t.admin.post(kAccounts + "/" + id + "/revoke", Json::object()).status == 200);
        CHECK(t.admin.post(kAccounts + "/99/revoke", Json::object()).status == 404);
        std::vector<std::string> entries = api_entries(t.admin);
        REQUIRE(entries.size() == 2);
        CHECK(entries[1] == "api_key_revoked|root|||revoked-soon (" + id + ")");

        // Malformed keys, and a live key's id with another secret.
        Json other = make_account(t.admin, "live", everything());
        std::string live = key_of(other);
        Client api(t.server.port());
        CHECK(api.get("/api/v1/catalog", bearer(live)).status == 200);
        std::string forged = live.substr(0, live.size() - 4) + "AAAA";
        if (forged == live) forged = live.substr(0, live.size() - 4) + "BBBB";
        for (const std::string& bad : {forged, std::string("mwk_"), std::string("nonsense")}) {
            Response r = api.get("/api/v1/catalog", bearer(bad));
            CHECK(r.status == 401);
            CHECK(r.error() == "invalid_api_key");
        }
        // The scheme without a key is a malformed key, not a citizen without one; another
        // scheme (a proxy's basic authentication passed on) is not Mawid's to judge.
        for (const std::string& header : {std::string("Bearer "), std::string("bearer"),
                                          std::string("Bearer    ")}) {
            CAPTURE(header);
            Response r = api.get("/api/v1/catalog", {{"Authorization", header}});
            CHECK(r.status == 401);
            CHECK(r.error() == "invalid_api_key");
        }
        CHECK(api.get("/api/v1/catalog", {{"Authorization", "Basic bWF3aWQ6bWF3aWQ="}}).status ==
              200);
        CHECK(api.get("/api/v1/catalog", {{"Authorization", "Bearerx " + live}}).status == 200);
    }

    TEST_CASE("each key has its own quota: past it 429 with Retry-After and RateLimit headers") {
        StaffServer t;
        std::string small = key_of(make_account(t.admin, "small", everything(), 3));
        std::string big = key_of(make_account(t.admin, "big", everything(), 100));
        Client api(t.server.port());
        for (int i = 0; i < 3; ++i) {
            Response r = api.get("/api/v1/catalog", bearer(small));
            REQUIRE(r.status == 200);
            CHECK(r.header("ratelimit").find("remaining=" + std::to_string(2 - i)) !=
                  std::string::npos);
        }
        Response limited = api.get("/api/v1/catalog", bearer(small));
        CHECK(limited.status == 429);
        CHECK(limited.error() == "rate_limited");
        CHECK(std::stoi(limited.header("retry-after")) >= 1);
        CHECK(limited.header("ratelimit-policy") == "3;w=60");
        CHECK(limited.header("ratelimit").find("remaining=0") != std::string::npos);
        // Another account, from the same address, has its own.
        CHECK(api.get("/api/v1/catalog", bearer(big)).status == 200);
    }

    TEST_CASE("only admins manage accounts, and a bad account is refused field by field") {
        StaffServer t;
        StaffClient clerk = t.signed_in("clerk");
        CHECK(clerk.get(kAccounts).status == 403);
        Json body = {{"name", "x-system"}, {"scopes", Json::array({"catalog:read"})}};
        CHECK(clerk.post(kAccounts, body).status == 403);

        auto refused_field = [&](Json bad) {
            Response r = t.admin.post(kAccounts, bad);
            CHECK(r.status == 400);
            return r.json().value("field", "");
        };
        CHECK(refused_field({{"name", "x"}, {"scopes", Json::array({"catalog:read"})}}) == "name");
        CHECK(refused_field({{"name", "x-system"}, {"scopes", Json::array({"root"})}}) == "scopes");
        CHECK(refused_field({{"name", "x-system"}, {"scopes", Json::array()}}) == "scopes");
        CHECK(refused_field({{"name", "x-system"}, {"scopes", Json::array({"bookings:write"})},
                             {"centres", Json::array({"test-centre"})}}) == "services");
        CHECK(refused_field({{"name", "x-system"}, {"scopes", Json::array({"bookings:write"})},
                             {"services", Json::array({"race"})},
                             {"centres", Json::array({"atlantis"})}}) == "centres");
        CHECK(refused_field({{"name", "x-system"}, {"scopes", Json::array({"catalog:read"})},
                             {"per_minute", 0}}) == "per_minute");
        CHECK(api_entries(t.admin).empty());

        make_account(t.admin, "x-system", Json::array({"catalog:read"}));
        Response twice = t.admin.post(kAccounts, body);
        CHECK(twice.status == 409);
        CHECK(twice.error() == "user_exists");
    }
}
