// Retention: a booking's CPR, phone and e-mail are erased once it is --retention-days past,
// and no copy is left behind: on SQLite the bytes are gone from the database file and its WAL,
// not just unlinked; on PostgreSQL no row version and no index entry holds them any more.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "fixture.hpp"

using namespace mawid::test;

namespace {

// Distinctive numbers that appear nowhere else in a database.
constexpr const char* kPastCpr = "731945286";
constexpr const char* kPastPhone = "39871234";
constexpr const char* kCancelledCpr = "731945297";
constexpr const char* kFutureCpr = "731945308";
constexpr const char* kLaterCpr = "731945319";
constexpr const char* kPastEmail = "rasha.k731945@example.net";
constexpr const char* kFutureEmail = "ali.m731945@example.net";
// 2 December + 42 days is 13 January; 30 December + 42 days is 10 February.
constexpr const char* kLater = "2027-01-20T06:00:00+03:00";

std::vector<std::string> flags_at(const TempDir& dir, const char* now) {
    return with_now(test_server_flags(dir), now);
}

Response book(Client& client, const std::string& start, const char* cpr, const char* phone,
              const char* email = nullptr) {
    Json body = booking_body("race", start, 0);
    body["cpr"] = cpr;
    body["phone"] = phone;
    if (email) body["email"] = email;
    return client.post("/api/v1/bookings", body.dump());
}

Response lookup(Client& client, const std::string& code, const char* cpr) {
    return client.post("/api/v1/bookings/lookup", Json{{"code", code}, {"cpr", cpr}}.dump());
}

// Waits for the server to say the erased data is gone (on SQLite once the WAL is truncated,
// on PostgreSQL once VACUUM has removed the old row versions); false after 30 s.
bool wait_for_erasure(const TempDir& dir) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        if (file_bytes(dir.file("server.log")).find("erased data is gone") != std::string::npos)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

// Copies of `needle` where bookings and their messages are kept (stored_copies).
int copies(const TempDir& dir, const std::string& needle) {
    return stored_copies(dir, needle, {"bookings", "outbox"});
}

// Bookings still in the table (erased or not), and of those how many still have a CPR.
std::pair<int, int> counted(const TempDir& dir) {
    Rows rows = query_rows(dir.database(), "SELECT count(*), count(NULLIF(cpr, '')) FROM bookings");
    return {std::stoi(rows.at(0).at(0)), std::stoi(rows.at(0).at(1))};
}

}  // namespace

TEST_SUITE("retention") {
    TEST_CASE("past bookings lose their CPR, phone and e-mail, and no copy of them is left") {
        TempDir dir;
        std::string past_code, cancelled_code, future_code;
        {
            ServerProcess server(dir.database(), flags_at(dir, kNow), dir.file("server.log"));
            Client client(server.port());
            Response past =
                book(client, slot_time(2, 9, 0), kPastCpr, "+973 3987 1234", kPastEmail);
            Response cancelled = book(client, slot_time(20, 9, 0), kCancelledCpr, "36001111");
            Response future =
                book(client, slot_time(30, 9, 0), kFutureCpr, "36002222", kFutureEmail);
            REQUIRE(past.status == 201);
            REQUIRE(cancelled.status == 201);
            REQUIRE(future.status == 201);
            past_code = past.json()["code"];
            cancelled_code = cancelled.json()["code"];
            future_code = future.json()["code"];
            // Cancelled today: its clock starts now, not at its appointment on the 20th.
            REQUIRE(client
                        .post("/api/v1/bookings/" + cancelled_code + "/cancel",
                              Json{{"cpr", kCancelledCpr}}.dump())
                        .status == 200);
        }
        // The search finds what is there: before the purge, every number has copies.
        REQUIRE(copies(dir, kPastCpr) > 0);
        REQUIRE(copies(dir, kPastPhone) > 0);
        REQUIRE(copies(dir, kCancelledCpr) > 0);
        REQUIRE(copies(dir, kPastEmail) > 0);

        // A log of its own: on PostgreSQL every start clears old copies and says so.
        std::filesystem::remove(dir.file("server.log"));
        ServerProcess server(dir.database(), flags_at(dir, kLater), dir.file("server.log"));
        Client client(server.port());
        REQUIRE(wait_for_erasure(dir));
        CHECK(copies(dir, kPastCpr) == 0);
        CHECK(copies(dir, kPastPhone) == 0);
        CHECK(copies(dir, kCancelledCpr) == 0);
        CHECK(copies(dir, kPastEmail) == 0);  // the booking's and its messages' rows
        CHECK(copies(dir, kFutureCpr) > 0);  // not yet due: kept
        CHECK(copies(dir, kFutureEmail) > 0);

        // The citizen is told why the booking cannot be found any more.
        Response erased = lookup(client, past_code, kPastCpr);
        CHECK(erased.status == 404);
        CHECK(erased.error() == "booking_erased");
        CHECK(lookup(client, cancelled_code, kCancelledCpr).error() == "booking_erased");
        CHECK(lookup(client, future_code, kFutureCpr).status == 200);
        // The rows stay, so reports still count them; only one still holds a CPR.
        CHECK(counted(dir) == std::pair<int, int>{3, 1});
    }

    TEST_CASE("each booking is erased when its own time comes, round after round") {
        // Erasure walks from where the last round stopped: a booking due after that round
        // is still found by the next, and one not yet due by neither.
        TempDir dir;
        std::string first_code, second_code, future_code;
        {
            ServerProcess server(dir.database(), flags_at(dir, kNow), dir.file("server.log"));
            Client client(server.port());
            Response first = book(client, slot_time(2, 9, 0), kPastCpr, "39871234");
            Response second = book(client, slot_time(9, 9, 0), kLaterCpr, "36001111");
            Response future = book(client, slot_time(30, 9, 0), kFutureCpr, "36002222");
            REQUIRE(first.status == 201);
            REQUIRE(second.status == 201);
            REQUIRE(future.status == 201);
            first_code = first.json()["code"];
            second_code = second.json()["code"];
            future_code = future.json()["code"];
        }
        // 2 December + 42 days is 13 January; 9 December + 42 is 20 January.
        const std::string second_round = "2027-01-21T06:00:00+03:00";
        for (const std::string& now : {std::string("2027-01-14T06:00:00+03:00"), second_round}) {
            std::filesystem::remove(dir.file("server.log"));
            ServerProcess server(dir.database(), flags_at(dir, now.c_str()), dir.file("server.log"));
            Client client(server.port());
            REQUIRE(wait_for_erasure(dir));
            CHECK(lookup(client, first_code, kPastCpr).error() == "booking_erased");
            bool second_due = now == second_round;
            CHECK(lookup(client, second_code, kLaterCpr).status == (second_due ? 404 : 200));
            CHECK((copies(dir, kLaterCpr) == 0) == second_due);
            CHECK(lookup(client, future_code, kFutureCpr).status == 200);
        }
        CHECK(counted(dir) == std::pair<int, int>{3, 1});
    }

    TEST_CASE("a backlog larger than one batch is erased batch after batch, every booking of it") {
        // 500 bookings a batch, centre after centre: the first batch takes the 10 of
        // other-centre and 490 of test-centre's 512, stopping inside a slot (3 seats each);
        // the second goes on from there.
        TempDir dir;
        const int elsewhere = 10, here = 512;
        {
            ServerProcess server(dir.database(), flags_at(dir, kNow), dir.file("server.log"));
            Client client(server.port());
            int made = 0;
            auto book_at = [&](const char* centre, const char* service, const std::string& start) {
                Json body = booking_body(service, start, 1000 + made++);
                body["centre"] = centre;
                REQUIRE(client.post("/api/v1/bookings", body.dump()).status == 201);
            };
            for (int slot = 0; slot < elsewhere; ++slot) {
                book_at("other-centre", "elsewhere", slot_time(2, 7 + slot / 4, slot % 4 * 15));
            }
            for (int day = 2; made < elsewhere + here; ++day) {
                for (int slot = 0; slot < 28 && made < elsewhere + here; ++slot) {
                    const std::string start = slot_time(day, 7 + slot / 4, slot % 4 * 15);
                    for (int seat = 0; seat < kRaceCapacity && made < elsewhere + here; ++seat) {
                        book_at("test-centre", "race", start);
                    }
                }
            }
        }
        std::filesystem::remove(dir.file("server.log"));
        ServerProcess server(dir.database(), flags_at(dir, kLater), dir.file("server.log"));
        REQUIRE(wait_for_erasure(dir));
        CHECK(counted(dir) == std::pair<int, int>{elsewhere + here, 0});
        CHECK(copies(dir, cpr_for(1000 + elsewhere + here - 1)) == 0);
    }

    TEST_CASE("--retention-days sets the clock, and nothing younger is touched") {
        TempDir dir;
        std::string code;
        {
            ServerProcess server(dir.database(), flags_at(dir, kNow), dir.file("server.log"));
            Client client(server.port());
            Response booked = book(client, slot_time(2, 9, 0), kPastCpr, "39871234");
            REQUIRE(booked.status == 201);
            code = booked.json()["code"];
        }
        auto flags = flags_at(dir, kLater);
        flags.insert(flags.end(), {"--retention-days", "60"});
        {
            ServerProcess server(dir.database(), flags, dir.file("server.log"));
            Client client(server.port());
            // 49 days past, 60 to keep: still there, and no erasure was logged.
            CHECK(lookup(client, code, kPastCpr).status == 200);
        }
        CHECK(file_bytes(dir.file("server.log")).find("bookings' CPR") == std::string::npos);
        CHECK(copies(dir, kPastCpr) > 0);
    }
}
