// Verified citizens against the real server: a one-time code by SMS (the stand-in gateway
// catches it), the session it opens, the booking endpoints that need one, the limits per
// person and per phone, no answer about another's booking, and "my bookings" anywhere.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <memory>
#include <iterator>
#include <deque>
#include <regex>
#include <thread>
#include <chrono>

#include "fixture.hpp"
#include "sms_gateway.hpp"
#include "verified_citizen.hpp"

using namespace mawid::test;

namespace {

constexpr const char* kPhone = "+97336001234";  // booking_body's phone

std::vector<std::string> verified_flags(const TempDir& dir, const StandInGateway& gateway,
                                        std::vector<std::string> extra = {}) {
    auto flags = with_verification(test_server_flags(dir));
    flags.insert(flags.end(), {"--sms-gateway", gateway.url()});
    flags.insert(flags.end(), extra.begin(), extra.end());
    return flags;
}

Json body_for(const std::string& service, int day, int hour, int cpr_n, const std::string& phone) {
    Json body = booking_body(service, slot_time(day, hour, 0), cpr_n);
    body["phone"] = phone;
    return body;
}

}  // namespace

TEST_SUITE("verification") {
    TEST_CASE("a code by SMS opens a session; bookings need one and take its phone") {
        StandInGateway gateway;
        TempDir dir;
        // The server's clock stands still (--now): a second code to the phone needs no wait.
        ServerProcess server(dir.database(),
                             verified_flags(dir, gateway, {"--code-resend-seconds", "0"}),
                             dir.file("server.log"));
        Citizen citizen(server.port());
        CHECK(citizen.get("/api/v1/config").json()["verification"] == true);

        // Without a session: 401 verification_required, and nothing is booked.
        Response anonymous = citizen.post("/api/v1/bookings", booking_body("race", slot_time(2, 9, 0), 1));
        CHECK(anonymous.status == 401);
        CHECK(anonymous.error() == "verification_required");
        CHECK(citizen.get("/api/v1/me").status == 401);

        Response sent = citizen.post("/api/v1/verifications", {{"phone", "3600 1234"}, {"lang", "ar"}});
        REQUIRE(sent.status == 202);
        CHECK(sent.json()["expires_in"] == 300);
        std::string code = next_code(gateway, kPhone, 0);
        REQUIRE(code.size() == 6);
        CHECK(gateway.accepted()[0].form.at("Body").find("رمز موعد: " + code) != std::string::npos);
        // Five minutes in Arabic's plural form for 3-10 (ICU's CLDR rules).
        CHECK(gateway.accepted()[0].form.at("Body").find("صالح لمدة 5 دقائق.") != std::string::npos);
        // Neither the code nor the number is written to the log.
        std::ifstream log_file(dir.file("server.log"));
        std::string log(std::istreambuf_iterator<char>(log_file), {});
        CHECK(log.find(code) == std::string::npos);
        CHECK(log.find("36001234") == std::string::npos);

        // A wrong code, then the right one; the right one once only.
        std::string wrong = code == "000000" ? "111111" : "000000";
        Response bad = citizen.post("/api/v1/verifications/confirm", {{"phone", kPhone}, {"code", wrong}});
        CHECK(bad.status == 422);
        CHECK(bad.error() == "invalid_verification");
        Response good = citizen.post("/api/v1/verifications/confirm", {{"phone", kPhone}, {"code", code}});
        REQUIRE(good.status == 200);
        std::string set_cookie = good.header("set-cookie");
        CHECK(set_cookie.find("mawid_citizen=") == 0);
        CHECK(set_cookie.find("HttpOnly") != std::string::npos);
        CHECK(set_cookie.find("SameSite=Strict") != std::string::npos);
        Citizen other(server.port());
        Response again = other.post("/api/v1/verifications/confirm", {{"phone", kPhone}, {"code", code}});
        CHECK(again.error() == "verification_expired");

        CHECK(citizen.get("/api/v1/me").json()["phone"] == kPhone);
        // Another phone in the body than the verified one.
        Response mismatch = citizen.post("/api/v1/bookings", body_for("race", 2, 9, 1, "+97336009999"));
        CHECK(mismatch.status == 422);
        CHECK(mismatch.error() == "phone_mismatch");
        Response booked = citizen.post("/api/v1/bookings", body_for("race", 2, 9, 1, kPhone));
        REQUIRE(booked.status == 201);
        std::string code_of_booking = booked.json()["code"];

        // My bookings on another device: verify there too.
        Citizen second_device(server.port());
        CHECK(second_device.get("/api/v1/me/bookings").status == 401);
        verify(second_device, gateway, kPhone);
        Json mine = second_device.get("/api/v1/me/bookings").json()["bookings"];
        REQUIRE(mine.size() == 1);
        CHECK(mine[0]["code"] == code_of_booking);
        // It cancels without typing the CPR again: the session says whose it is.
        Response cancelled = second_device.post("/api/v1/bookings/" + code_of_booking + "/cancel", Json::object());
        CHECK(cancelled.status == 200);

        // Signing out ends the session at once, also for a copy of the cookie kept elsewhere
        // and just seen by every HTTP thread (each keeps sessions it read for a second).
        const std::string kept_cookie = citizen.cookie;
        auto with_kept_cookie = [&] {
            std::deque<Citizen> copies;  // a Citizen holds its connection: never moved
            for (int i = 0; i < 4; ++i) {
                copies.emplace_back(server.port());
                copies.back().cookie = kept_cookie;
            }
            return copies;
        };
        for (Citizen& copy : with_kept_cookie()) CHECK(copy.get("/api/v1/me").status == 200);
        CHECK(citizen.post("/api/v1/me/sign-out", Json::object()).status == 200);
        CHECK(citizen.get("/api/v1/me").status == 401);
        for (Citizen& copy : with_kept_cookie()) CHECK(copy.get("/api/v1/me").status == 401);
    }

    TEST_CASE("codes: at most one a minute and five an hour per phone; five tries each") {
        StandInGateway gateway;
        TempDir dir;
        ServerProcess server(dir.database(), verified_flags(dir, gateway),
                             dir.file("server.log"));
        Citizen citizen(server.port());
        REQUIRE(citizen.post("/api/v1/verifications", {{"phone", kPhone}}).status == 202);
        Response soon = citizen.post("/api/v1/verifications", {{"phone", kPhone}});
        CHECK(soon.status == 429);
        CHECK(soon.error() == "rate_limited");
        int wait = std::stoi(soon.header("retry-after"));
        CHECK(wait > 0);
        CHECK(wait <= 60);
        std::string code = next_code(gateway, kPhone, 0);
        REQUIRE(code.size() == 6);
        std::string wrong = code == "000000" ? "111111" : "000000";
        for (int i = 0; i < 5; ++i) {
            CHECK(citizen.post("/api/v1/verifications/confirm", {{"phone", kPhone}, {"code", wrong}})
                      .error() == "invalid_verification");
        }
        // Five tries spent it: even the right code is refused now.
        CHECK(citizen.post("/api/v1/verifications/confirm", {{"phone", kPhone}, {"code", code}})
                  .error() == "verification_expired");
        CHECK(citizen.post("/api/v1/verifications", {{"phone", "12"}}).error() == "invalid_phone");
        CHECK(citizen.post("/api/v1/verifications/confirm", {{"phone", kPhone}, {"code", "12a"}})
                  .error() == "invalid_verification");
    }

    TEST_CASE("codes per client: the refusal states that limit, not the general one") {
        StandInGateway gateway;
        TempDir dir;
        ServerProcess server(dir.database(),
                             verified_flags(dir, gateway,
                                            {"--rate-limit", "100", "--codes-per-minute", "2"}),
                             dir.file("server.log"));
        Citizen citizen(server.port());
        for (const char* phone : {"+97336000001", "+97336000002"}) {
            REQUIRE(citizen.post("/api/v1/verifications", {{"phone", phone}}).status == 202);
        }
        Response refused = citizen.post("/api/v1/verifications", {{"phone", "+97336000003"}});
        REQUIRE(refused.status == 429);
        CHECK(refused.header("ratelimit-policy") == "2;w=60");
        CHECK(refused.header("ratelimit") ==
              "limit=2, remaining=0, reset=" + refused.header("retry-after"));
    }

    TEST_CASE("limits per person and per phone; no answer about another phone's booking") {
        StandInGateway gateway;
        TempDir dir;
        ServerProcess server(dir.database(),
                             verified_flags(dir, gateway, {"--max-active-per-person", "2",
                                                           "--max-cprs-per-phone", "2",
                                                           "--code-resend-seconds", "0"}),
                             dir.file("server.log"));
        Citizen family(server.port());
        verify(family, gateway, kPhone);
        // Two active bookings for one person; a third is refused.
        REQUIRE(family.post("/api/v1/bookings", body_for("race", 2, 9, 1, kPhone)).status == 201);
        REQUIRE(family.post("/api/v1/bookings", body_for("multi", 2, 10, 1, kPhone)).status == 201);
        Response third = family.post("/api/v1/bookings", body_for("multi", 3, 10, 1, kPhone));
        CHECK(third.status == 409);
        CHECK(third.error() == "too_many_active");
        // A second person from this phone; a third person is refused.
        REQUIRE(family.post("/api/v1/bookings", body_for("race", 2, 10, 2, kPhone)).status == 201);
        Response stranger = family.post("/api/v1/bookings", body_for("race", 2, 11, 3, kPhone));
        CHECK(stranger.status == 409);
        CHECK(stranger.error() == "phone_limit");

        // Another phone tries CPR 1 (which holds bookings) and CPR 9 (which holds none but
        // this phone may book for it): the first gets the same refusal as any CPR this phone
        // may not book for, never already_booked, and cannot look the booking up.
        const std::string other_phone = "+97336005555";
        Citizen other(server.port());
        verify(other, gateway, other_phone);
        Response taken = other.post("/api/v1/bookings", body_for("race", 4, 9, 1, other_phone));
        CHECK(taken.status == 409);
        CHECK(taken.error() == "cpr_unavailable");
        CHECK(other.post("/api/v1/bookings", body_for("race", 4, 9, 9, other_phone)).status == 201);
        Json mine = family.get("/api/v1/me/bookings").json()["bookings"];
        REQUIRE(mine.size() == 3);
        std::string family_code = mine[0]["code"];
        Response peek = other.post("/api/v1/bookings/lookup", {{"code", family_code}, {"cpr", cpr_for(1)}});
        CHECK(peek.status == 404);
        CHECK(other.post("/api/v1/bookings/" + family_code + "/cancel", {{"cpr", cpr_for(1)}})
                  .status == 404);
        CHECK(other.get("/api/v1/me/bookings").json()["bookings"].size() == 1);
    }

    TEST_CASE("--verification off is refused unless the server listens on loopback only") {
        TempDir dir;
        auto flags = test_server_flags(dir);
        flags.insert(flags.end(), {"--host", "0.0.0.0"});
        CHECK_THROWS(ServerProcess(dir.database(), flags, dir.file("server.log")));
    }

    TEST_CASE("a bot with 1,000 CPRs and 10 phones gets what the limits allow, no more") {
        StandInGateway gateway;
        TempDir dir;
        ServerProcess server(dir.database(), verified_flags(dir, gateway),
                             dir.file("server.log"));
        std::vector<std::unique_ptr<Citizen>> phones;
        for (int i = 0; i < 10; ++i) {
            phones.push_back(std::make_unique<Citizen>(server.port()));
            verify(*phones.back(), gateway, "+9733610000" + std::to_string(i));
        }
        // More phones need more codes, ten a minute from one address.
        Citizen eleventh(server.port());
        CHECK(eleventh.post("/api/v1/verifications", {{"phone", "+97336100010"}}).status == 429);
        // The centre's day of "race": 28 quarter hours of 3 seats. Every attempt a new CPR.
        std::map<std::string, int> answers;
        int booked = 0;
        for (int attempt = 0; attempt < 1000; ++attempt) {
            const int phone = attempt % 10;
            const int slot = attempt % 28;
            Json body = body_for("race", 3, 7, 100 + attempt, "+9733610000" + std::to_string(phone));
            body["start"] = slot_time(3, 7 + slot / 4, (slot % 4) * 15);
            Response r = phones[phone]->post("/api/v1/bookings", body);
            answers[r.status == 201 ? "booked" : r.error()]++;
            booked += r.status == 201;
        }
        MESSAGE("bot answers: booked " << answers["booked"] << ", phone_limit "
                                       << answers["phone_limit"] << ", slot_full "
                                       << answers["slot_full"]);
        // Five people a phone (a family), one booking each of this service: 50 of 84 seats.
        CHECK(booked == 50);
        CHECK(answers["phone_limit"] == 950);
        // A citizen who comes afterwards (from another address: the bot's has spent its ten
        // codes a minute) still finds a seat that day.
        Citizen late(server.port(), "127.0.0.2");
        verify(late, gateway, "+97336200000");
        CHECK(late.post("/api/v1/bookings", body_for("race", 3, 13, 9000, "+97336200000")).status ==
              201);
    }

    TEST_CASE("a code goes out before a backlog of confirmations") {
        StandInGateway gateway;
        TempDir dir;
        ServerProcess server(dir.database(),
                             verified_flags(dir, gateway, {"--max-cprs-per-phone", "100"}),
                             dir.file("server.log"));
        Citizen citizen(server.port());
        verify(citizen, gateway, kPhone);
        // The gateway holds the next message's answer: the sender waits on it while more
        // than a batch (50) of confirmations queue up behind it.
        gateway.plan({StandInGateway::kHold});
        const std::size_t before = gateway.requests().size();
        REQUIRE(citizen.post("/api/v1/bookings", body_for("race", 3, 7, 100, kPhone)).status == 201);
        REQUIRE(gateway.wait_for_requests(before + 1, 30));
        for (int n = 1; n <= 60; ++n) {
            Json body = body_for("race", 3, 7, 100 + n, kPhone);
            body["start"] = slot_time(3, 7 + (n % 28) / 4, (n % 4) * 15);
            REQUIRE(citizen.post("/api/v1/bookings", body).status == 201);
        }
        Citizen other(server.port());
        const std::string other_phone = "+97336200001";
        REQUIRE(other.post("/api/v1/verifications", {{"phone", other_phone}}).status == 202);
        gateway.release();
        REQUIRE(next_code(gateway, other_phone, 0).size() == 6);
        // The code is the first request after the held confirmation, not the 62nd.
        auto requests = gateway.requests();
        REQUIRE(requests.size() > before + 1);
        CHECK(requests[before + 1].form.at("To") == other_phone);
    }
}
