// Idempotency-Key: a retried booking returns the first answer and books nothing more.
#include <doctest/doctest.h>

#include <latch>
#include <thread>

#include "fixture.hpp"

using namespace mawid::test;

TEST_SUITE("idempotency") {
    TEST_CASE("the same key ten times, some at once: one booking, identical answers") {
        TestServer t;
        std::string start = slot_time(2, 9, 0);
        std::string body = booking_body("race", start, 1).dump();
        std::vector<std::pair<std::string, std::string>> key = {{"Idempotency-Key", "retry-me-1"}};

        Response first = t.client.post("/api/v1/bookings", body, key);
        REQUIRE(first.status == 201);
        std::vector<Response> answers;
        for (int i = 0; i < 4; ++i) answers.push_back(t.client.post("/api/v1/bookings", body, key));

        std::vector<Response> concurrent(5);
        std::latch go(6);
        std::vector<std::thread> threads;
        for (int i = 0; i < 5; ++i) {
            threads.emplace_back([&, i] {
                Client client(t.server.port());
                go.arrive_and_wait();
                concurrent[i] = client.post("/api/v1/bookings", body, key);
            });
        }
        go.arrive_and_wait();
        for (auto& thread : threads) thread.join();
        answers.insert(answers.end(), concurrent.begin(), concurrent.end());

        for (const Response& answer : answers) {
            CHECK(answer.status == 201);
            CHECK(answer.body == first.body);
        }
        CHECK(t.free_at("race", start) == kRaceCapacity - 1);
    }

    TEST_CASE("ten first-time requests with one key at the same moment book once") {
        TestServer t;
        std::string start = slot_time(2, 10, 0);
        std::string body = booking_body("multi", start, 2).dump();
        std::vector<Response> answers(10);
        std::latch go(11);
        std::vector<std::thread> threads;
        for (int i = 0; i < 10; ++i) {
            threads.emplace_back([&, i] {
                Client client(t.server.port());
                go.arrive_and_wait();
                answers[i] = client.post("/api/v1/bookings", body, {{"Idempotency-Key", "burst"}});
            });
        }
        go.arrive_and_wait();
        for (auto& thread : threads) thread.join();
        for (const Response& answer : answers) {
            CHECK(answer.status == 201);
            CHECK(answer.body == answers[0].body);
        }
        CHECK(t.free_at("multi", start) == 1);  // "multi" allows repeats: only the key stopped them
    }

    TEST_CASE("the same key with a different body is idempotency_mismatch and books nothing") {
        TestServer t;
        std::vector<std::pair<std::string, std::string>> key = {{"Idempotency-Key", "k-2"}};
        REQUIRE(
            t.client
                .post("/api/v1/bookings", booking_body("multi", slot_time(2, 9, 0), 3).dump(), key)
                .status == 201);
        Response other = t.client.post("/api/v1/bookings",
                                       booking_body("multi", slot_time(2, 11, 0), 3).dump(), key);
        CHECK(other.status == 422);
        CHECK(other.error() == "idempotency_mismatch");
        CHECK(t.free_at("multi", slot_time(2, 11, 0)) == 2);
    }

    TEST_CASE("a key belongs to the person booked for: another CPR's request with it is new") {
        TestServer t;
        std::vector<std::pair<std::string, std::string>> key = {{"Idempotency-Key", "shared-key"}};
        Response mine = t.client.post("/api/v1/bookings",
                                      booking_body("multi", slot_time(2, 9, 0), 12).dump(), key);
        REQUIRE(mine.status == 201);
        // Someone who learnt the key learns nothing with it: no mismatch, no replayed answer.
        Response theirs = t.client.post(
            "/api/v1/bookings", booking_body("multi", slot_time(2, 10, 0), 13).dump(), key);
        CHECK(theirs.status == 201);
        CHECK(theirs.header("idempotent-replayed").empty());
        CHECK(theirs.json()["code"] != mine.json()["code"]);
        // The owner's retry still replays the owner's answer.
        Response retry = t.client.post(
            "/api/v1/bookings", booking_body("multi", slot_time(2, 9, 0), 12).dump(), key);
        CHECK(retry.body == mine.body);
    }

    TEST_CASE("key order and spacing in the body do not make a different request") {
        TestServer t;
        std::vector<std::pair<std::string, std::string>> key = {{"Idempotency-Key", "k-3"}};
        Json body = booking_body("race", slot_time(2, 9, 0), 4);
        Response first = t.client.post("/api/v1/bookings", body.dump(), key);
        REQUIRE(first.status == 201);
        Response again = t.client.post("/api/v1/bookings", body.dump(4), key);
        CHECK(again.status == 201);
        CHECK(again.body == first.body);
    }

    TEST_CASE("a key whose first answer was slot_full replays slot_full") {
        TestServer t;
        std::string start = slot_time(2, 12, 0);
        for (int n = 0; n < kRaceCapacity; ++n)
            REQUIRE(t.book("race", start, 10 + n).status == 201);
        std::vector<std::pair<std::string, std::string>> key = {{"Idempotency-Key", "k-4"}};
        Response full = t.book("race", start, 20, key);
        CHECK(full.status == 409);
        CHECK(t.book("race", start, 20, key).body == full.body);
    }

    TEST_CASE("keys must be 1 to 255 characters") {
        TestServer t;
        std::string body = booking_body("race", slot_time(2, 9, 0), 5).dump();
        Response empty = t.client.post("/api/v1/bookings", body, {{"Idempotency-Key", ""}});
        CHECK(empty.status == 400);
        CHECK(empty.json()["field"] == "Idempotency-Key");
        Response long_key =
            t.client.post("/api/v1/bookings", body, {{"Idempotency-Key", std::string(256, 'k')}});
        CHECK(long_key.status == 400);
        CHECK(t.client.post("/api/v1/bookings", body, {{"Idempotency-Key", std::string(255, 'k')}})
                  .status == 201);
    }

    TEST_CASE("keys survive a restart") {
        TempDir dir;
        std::string body = booking_body("race", slot_time(2, 9, 0), 6).dump();
        std::vector<std::pair<std::string, std::string>> key = {{"Idempotency-Key", "k-5"}};
        std::string first;
        {
            ServerProcess server(dir.file("db"), test_server_flags(dir), dir.file("log"));
            Client client(server.port());
            first = client.post("/api/v1/bookings", body, key).body;
        }
        ServerProcess server(dir.file("db"), test_server_flags(dir), dir.file("log"));
        Client client(server.port());
        CHECK(client.post("/api/v1/bookings", body, key).body == first);
    }

    TEST_CASE("keys are forgotten a day later") {
        TempDir dir;
        auto flags_at = [&](const char* now) { return with_now(test_server_flags(dir), now); };
        std::vector<std::pair<std::string, std::string>> key = {{"Idempotency-Key", "k-6"}};
        {
            ServerProcess server(dir.file("db"), flags_at(kNow), dir.file("log"));
            Client client(server.port());
            REQUIRE(client
                        .post("/api/v1/bookings",
                              booking_body("multi", slot_time(5, 9, 0), 7).dump(), key)
                        .status == 201);
            // Within the day the key still holds.
            CHECK(client
                      .post("/api/v1/bookings",
                            booking_body("multi", slot_time(5, 10, 0), 7).dump(), key)
                      .error() == "idempotency_mismatch");
        }
        ServerProcess server(dir.file("db"), flags_at("2026-12-02T06:00:01+03:00"),
                             dir.file("log"));
        Client client(server.port());
        CHECK(
            client
                .post("/api/v1/bookings", booking_body("multi", slot_time(5, 10, 0), 7).dump(), key)
                .status == 201);
    }

}  // TEST_SUITE
