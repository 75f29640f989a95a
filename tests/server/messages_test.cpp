// Messages: every booking, cancellation and move tells the citizen by SMS, through an
// outbox row written in the change's own transaction, delivered by the sender thread to a
// gateway (a stand-in on loopback here) or, without one, to files in an outbox folder.
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <thread>

#include "fixture.hpp"
#include "sms_gateway.hpp"

using namespace mawid::test;

namespace {

std::string read_all(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// The outbox folder's messages by file name, once there are `n` of them (30 s at most).
std::map<std::string, std::string> folder_messages(const TempDir& dir, std::size_t n) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    std::map<std::string, std::string> messages;
    while (std::chrono::steady_clock::now() < deadline) {
        messages.clear();
        if (std::filesystem::exists(dir.path() / "outbox")) {
            for (const auto& entry : std::filesystem::directory_iterator(dir.path() / "outbox")) {
                if (entry.path().extension() == ".txt") {
                    messages[entry.path().filename().string()] = read_all(entry.path());
                }
            }
        }
        if (messages.size() >= n) return messages;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return messages;
}

std::vector<std::string> gateway_flags(const TempDir& dir, const StandInGateway& gateway) {
    auto flags = test_server_flags(dir);
    flags.insert(flags.end(), {"--sms-gateway", gateway.url(), "--message-retry-seconds", "1"});
    return flags;
}

Json body_in(const std::string& lang, const std::string& start, int cpr_n) {
    Json body = booking_body("multi", start, cpr_n);
    body["lang"] = lang;
    return body;
}

int requests_with_key(StandInGateway& gateway, const std::string& key) {
    int n = 0;
    for (const auto& request : gateway.requests()) n += request.key == key;
    return n;
}

}  // namespace

TEST_SUITE("messages") {
    TEST_CASE("without a gateway, each message is a file, in the booking's language") {
        TestServer t;
        Response arabic = t.client.post("/api/v1/bookings", body_in("ar", slot_time(2, 9, 0), 1).dump());
        Response english = t.client.post("/api/v1/bookings", body_in("en", slot_time(2, 10, 0), 2).dump());
        REQUIRE(arabic.status == 201);
        REQUIRE(english.status == 201);
        auto messages = folder_messages(t.dir, 2);
        REQUIRE(messages.size() == 2);
        CHECK(messages["1-confirmation.txt"].find("To: +97336001234") != std::string::npos);
        CHECK(messages["1-confirmation.txt"].find("الرمز " + code_of(arabic)) != std::string::npos);
        CHECK(messages["2-confirmation.txt"].find("Code " + code_of(english) + ". Show it") !=
              std::string::npos);
        CHECK(messages["2-confirmation.txt"].find("2026-12-02 10:00") != std::string::npos);

        // A cancellation and a move are told too, the move with its new time.
        REQUIRE(t.client.post("/api/v1/bookings/" + code_of(english) + "/cancel",
                              Json{{"cpr", cpr_for(2)}}.dump()).status == 200);
        REQUIRE(t.client.post("/api/v1/bookings/" + code_of(arabic) + "/reschedule",
                              Json{{"cpr", cpr_for(1)}, {"start", slot_time(3, 11, 0)}}.dump())
                    .status == 200);
        messages = folder_messages(t.dir, 4);
        REQUIRE(messages.size() == 4);
        CHECK(messages["3-cancellation.txt"].find("is cancelled") != std::string::npos);
        CHECK(messages["4-move.txt"].find("2026-12-03 11:00") != std::string::npos);
        // The log names the files, never the number or the text.
        std::string log = t.log();
        CHECK(log.find("outbox: message 4-move.txt written") != std::string::npos);
        CHECK(log.find("36001234") == std::string::npos);
        CHECK(log.find(code_of(arabic)) == std::string::npos);
    }

    TEST_CASE("a change that does not commit sends nothing") {
        TestServer t;
        for (int n = 0; n < kRaceCapacity; ++n) {
            REQUIRE(t.book("race", slot_time(2, 9, 0), 10 + n).status == 201);
        }
        CHECK(t.book("race", slot_time(2, 9, 0), 20).error() == "slot_full");
        REQUIRE(t.book("race", slot_time(2, 9, 15), 21).status == 201);
        // The fifth row is the last booking's: the refused one wrote none.
        auto messages = folder_messages(t.dir, 4);
        CHECK(messages.size() == 4);
        CHECK(messages.count("4-confirmation.txt") == 1);
        CHECK(messages.count("5-confirmation.txt") == 0);
    }

    TEST_CASE("the gateway gets the form, the credentials from the environment, and a key") {
        TempDir dir;
        StandInGateway gateway;
        setenv("MAWID_SMS_AUTH", "mawid:s3cret", 1);
        ServerProcess server(dir.database(), gateway_flags(dir, gateway),
                             dir.file("server.log"));
        unsetenv("MAWID_SMS_AUTH");
        Client client(server.port());
        Response booked = client.post("/api/v1/bookings", body_in("ar", slot_time(2, 9, 0), 1).dump());
        REQUIRE(booked.status == 201);
        REQUIRE(gateway.wait_for_accepted(1, 30));
        GatewayRequest sms = gateway.accepted()[0];
        CHECK(sms.form["To"] == "+97336001234");
        CHECK(sms.form["From"] == "Mawid");
        CHECK(sms.form["Body"].find("الرمز " + code_of(booked)) != std::string::npos);
        CHECK(sms.authorization == "Basic bWF3aWQ6czNjcmV0");  // mawid:s3cret
        CHECK(sms.key == "mawid-1");
        CHECK(settled_state(dir, 1) == "sent");
    }

    TEST_CASE("transient failures are retried until taken; permanent ones stop at once") {
        TempDir dir;
        StandInGateway gateway;
        gateway.plan({503, 429, 201, 400});
        ServerProcess server(dir.database(), gateway_flags(dir, gateway),
                             dir.file("server.log"));
        Client client(server.port());
        REQUIRE(client.post("/api/v1/bookings", body_in("en", slot_time(2, 9, 0), 1).dump()).status == 201);
        CHECK(settled_state(dir, 1) == "sent");
        CHECK(requests_with_key(gateway, "mawid-1") == 3);
        // The next message meets a 400: refused for good, never tried again.
        REQUIRE(client.post("/api/v1/bookings", body_in("en", slot_time(2, 10, 0), 2).dump()).status == 201);
        CHECK(settled_state(dir, 2) == "failed");
        REQUIRE(client.post("/api/v1/bookings", body_in("en", slot_time(2, 11, 0), 3).dump()).status == 201);
        CHECK(settled_state(dir, 3) == "sent");
        CHECK(requests_with_key(gateway, "mawid-2") == 1);
        CHECK(server_alive(server.port()));
    }

    TEST_CASE("kill -9 after the gateway took a message: sent again with its key, taken once") {
        TempDir dir;
        StandInGateway gateway;
        gateway.plan({StandInGateway::kHold});
        std::set<std::string> keys;
        {
            ServerProcess server(dir.database(), gateway_flags(dir, gateway),
                                 dir.file("server.log"));
            Client client(server.port());
            for (int n = 1; n <= 3; ++n) {
                REQUIRE(client.post("/api/v1/bookings",
                                    body_in("en", slot_time(2, 8 + n, 0), n).dump()).status == 201);
            }
            // The first message is taken, its answer held; the server dies before hearing it.
            REQUIRE(gateway.wait_for_requests(1, 30));
            server.kill9();
        }
        gateway.release();
        // A SQLite server, alone on its file, ends every claim when it starts. On PostgreSQL
        // the dead server's claims may be another live server's: the next server sends the
        // messages once their claim (two minutes) has run out, so its clock is past it.
        auto flags = gateway_flags(dir, gateway);
        if (on_postgresql()) flags = with_now(flags, "2026-12-01T06:03:00+03:00");
        ServerProcess server(dir.database(), flags, dir.file("server.log"));
        // Every acknowledged booking's message arrives, each exactly once.
        REQUIRE(gateway.wait_for_accepted(3, 30));
        for (const auto& sms : gateway.accepted()) keys.insert(sms.key);
        CHECK(keys == std::set<std::string>{"mawid-1", "mawid-2", "mawid-3"});
        CHECK(requests_with_key(gateway, "mawid-1") == 2);  // sent again, not taken again
        CHECK(settled_state(dir, 1) == "sent");
        CHECK(settled_state(dir, 3) == "sent");
    }
}

TEST_SUITE("messages") {
    TEST_CASE("reminders: the evening before at 18:00 and two hours before, each once") {
        TempDir dir;
        auto at = [&](const char* now) { return with_now(test_server_flags(dir), now); };
        {
            ServerProcess server(dir.database(), at(kNow), dir.file("server.log"));
            Client client(server.port());
            // 1: tomorrow's 09:00 (reminded tonight); 2: 20:30 on the 2nd (reminded at 18:30).
            REQUIRE(client.post("/api/v1/bookings", body_in("en", slot_time(3, 9, 0), 1).dump()).status == 201);
            REQUIRE(client.post("/api/v1/bookings", body_in("ar", slot_time(2, 13, 30), 2).dump()).status == 201);
            REQUIRE(folder_messages(dir, 2).size() == 2);
        }
        {
            // The 2nd at 11:45: booking 2 is under two hours away.
            ServerProcess server(dir.database(), at("2026-12-02T11:45:00+03:00"),
                                 dir.file("server.log"));
            auto messages = folder_messages(dir, 3);
            REQUIRE(messages.size() == 3);
            CHECK(messages["3-reminder_soon.txt"].find("13:30") != std::string::npos);
        }
        {
            // The evening of the 2nd, 18:05: booking 1 is tomorrow.
            ServerProcess server(dir.database(), at("2026-12-02T18:05:00+03:00"),
                                 dir.file("server.log"));
            auto messages = folder_messages(dir, 4);
            REQUIRE(messages.size() == 4);
            CHECK(messages["4-reminder_evening.txt"].find("tomorrow, 2026-12-03 09:00") !=
                  std::string::npos);
        }
        {
            // Later the same evening, after a restart: the scan at start finds both reminders
            // already queued. A new booking's confirmation, sent after that scan, is the only
            // new message.
            ServerProcess server(dir.database(), at("2026-12-02T18:30:00+03:00"),
                                 dir.file("server.log"));
            Client client(server.port());
            REQUIRE(client.post("/api/v1/bookings", body_in("en", slot_time(4, 10, 0), 3).dump()).status == 201);
            auto messages = folder_messages(dir, 5);
            CHECK(messages.size() == 5);
            CHECK(messages.count("5-confirmation.txt") == 1);
        }
        std::string log = read_all(dir.path() / "server.log");
        std::size_t reminders = 0;
        for (auto at = log.find("sender: queued "); at != std::string::npos;
             at = log.find("sender: queued ", at + 1)) {
            ++reminders;
        }
        // Two scans queued one reminder each; every other scan (the restarts) found none new.
        CHECK(reminders == 2);
        CHECK(log.find("sender: queued 1 reminders") != std::string::npos);
    }
}
