// Races: many citizens pressing "book" for the same seats in the same instant.
#include <doctest/doctest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <functional>
#include <map>
#include <latch>
#include <thread>

#include "fixture.hpp"

using namespace mawid::test;

namespace {

// Another process holding the lock the server's writer needs, from construction until
// release(), while readers may still read: SQLite's write lock (BEGIN IMMEDIATE), or on
// PostgreSQL a lock on the seats' table that lets SELECTs through and no INSERT or UPDATE.
class WriteBlocker {
public:
    explicit WriteBlocker(const std::string& database) {
        if (on_postgresql()) {
            pg_ = PQconnectdb(database.c_str());
            PGresult* locked = PQexec(pg_, "BEGIN; LOCK TABLE occupancy IN EXCLUSIVE MODE");
            REQUIRE(PQresultStatus(locked) == PGRES_COMMAND_OK);
            PQclear(locked);
            return;
        }
        REQUIRE(sqlite3_open(database.c_str(), &lite_) == SQLITE_OK);
        // The server writes in the background too (the sender records each message sent):
        // wait for its transaction to end rather than fail on it.
        sqlite3_busy_timeout(lite_, 5000);
        REQUIRE(sqlite3_exec(lite_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    }
    void release() {
        if (pg_) {
            PQclear(PQexec(pg_, "ROLLBACK"));
            PQfinish(pg_);
            pg_ = nullptr;
        } else if (lite_) {
            REQUIRE(sqlite3_exec(lite_, "ROLLBACK", nullptr, nullptr, nullptr) == SQLITE_OK);
            sqlite3_close(lite_);
            lite_ = nullptr;
        }
    }
    ~WriteBlocker() { release(); }

private:
    sqlite3* lite_ = nullptr;
    PGconn* pg_ = nullptr;
};

struct Attempt {
    std::string target;
    std::string body;
};

// Opens `n` connections, then sends one request on each at the same moment.
std::vector<Response> all_at_once(int port, int n, const std::function<Attempt(int)>& make) {
    std::vector<Response> responses(n);
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < n; ++i) clients.push_back(std::make_unique<Client>(port));
    std::latch go(n + 1);
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i) {
        threads.emplace_back([&, i] {
            Attempt attempt = make(i);
            go.arrive_and_wait();
            try {
                responses[i] = clients[i]->post(attempt.target, attempt.body);
            } catch (const std::exception&) {
                responses[i].status = -1;
            }
        });
    }
    go.arrive_and_wait();
    for (auto& thread : threads) thread.join();
    return responses;
}

int count(const std::vector<Response>& responses, int status, const std::string& error = {}) {
    int n = 0;
    for (const auto& r : responses)
        n += r.status == status && (error.empty() || r.error() == error);
    return n;
}

// "201 x3, 409 slot_full x197": what a failed check had in hand.
std::string summary(const std::vector<Response>& responses) {
    std::map<std::string, int> seen;
    for (const auto& r : responses) {
        std::string error = r.status >= 400 ? " " + r.error() : "";
        ++seen[std::to_string(r.status) + error];
    }
    std::string text;
    for (const auto& [answer, n] : seen) {
        text += (text.empty() ? "" : ", ") + answer + " x" + std::to_string(n);
    }
    return text;
}

// Every free slot of "race" on days [first_day, last_day] of December 2026.
std::vector<std::string> free_slots(TestServer& t, int first_day, int last_day) {
    std::vector<std::string> slots;
    Response r = t.client.get("/api/v1/availability?centre=test-centre&service=race&from=" +
                              slot_time(first_day, 0, 0).substr(0, 10) +
                              "&days=" + std::to_string(last_day - first_day + 1));
    Json body = r.json();
    for (const auto& slot : body["slots"]) {
        if (slot["free"] == kRaceCapacity) slots.push_back(slot["start"]);
    }
    return slots;
}

}  // namespace

TEST_SUITE("race") {
    TEST_CASE("200 concurrent bookings for one slot: exactly the capacity succeed, every round") {
        TestServer t;
        constexpr int kRounds = 25;
        constexpr int kRacers = 200;
        for (int round = 0; round < kRounds; ++round) {
            CAPTURE(round);
            std::string start = slot_time(2 + round / 28, 7 + (round % 28) / 4, (round % 4) * 15);
            auto responses = all_at_once(t.server.port(), kRacers, [&](int i) {
                return Attempt{"/api/v1/bookings",
                               booking_body("race", start, round * 1000 + i).dump()};
            });
            INFO("answers: ", summary(responses));
            CHECK(count(responses, 201) == kRaceCapacity);
            CHECK(count(responses, 409, "slot_full") == kRacers - kRaceCapacity);
            CHECK(t.free_at("race", start) == 0);
        }
        CHECK(server_alive(t.server.port()));
    }

    TEST_CASE("the same CPR racing for many slots gets exactly one booking") {
        TestServer t;
        auto responses = all_at_once(t.server.port(), 50, [&](int i) {
            return Attempt{
                "/api/v1/bookings",
                booking_body("race", slot_time(3, 7 + i / 4 % 7, (i % 4) * 15), 77).dump()};
        });
        CHECK(count(responses, 201) == 1);
        CHECK(count(responses, 409, "already_booked") == 49);
    }

    TEST_CASE(
        "200 concurrent reschedules into a nearly full slot: exactly one moves, others stay") {
        TestServer t;
        std::vector<std::string> sources = free_slots(t, 3, 30);
        std::size_t next_source = 0;
        constexpr int kRounds = 5;
        constexpr int kMovers = 200;
        for (int round = 0; round < kRounds; ++round) {
            CAPTURE(round);
            std::string target = slot_time(2, 8 + round, 0);
            // The target has one seat left.
            for (int n = 0; n < kRaceCapacity - 1; ++n) {
                REQUIRE(t.book("race", target, 900000 + round * 10 + n).status == 201);
            }
            struct Mover {
                std::string code;
                std::string start;
                int cpr;
            };
            std::vector<Mover> movers;
            for (int i = 0; i < kMovers; ++i) {
                std::string start = sources.at(next_source++ / kRaceCapacity);
                int cpr = 500000 + round * 1000 + i;
                Response booked = t.book("race", start, cpr);
                REQUIRE(booked.status == 201);
                movers.push_back({booked.json()["code"], start, cpr});
            }
            next_source = (next_source + kRaceCapacity - 1) / kRaceCapacity * kRaceCapacity;
            auto responses = all_at_once(t.server.port(), kMovers, [&](int i) {
                Json body = {{"cpr", cpr_for(movers[i].cpr)}, {"start", target}};
                return Attempt{"/api/v1/bookings/" + movers[i].code + "/reschedule", body.dump()};
            });
            CHECK(count(responses, 200) == 1);
            CHECK(count(responses, 409, "slot_full") == kMovers - 1);
            CHECK(t.free_at("race", target) == 0);
            // Whoever lost still holds the old seat; the winner's old seat is free again.
            for (int i = 0; i < kMovers; ++i) {
                Json lookup = {{"code", movers[i].code}, {"cpr", cpr_for(movers[i].cpr)}};
                Json now = t.client.post("/api/v1/bookings/lookup", lookup.dump()).json();
                CHECK(now["start"] == (responses[i].status == 200 ? target : movers[i].start));
                CHECK(now["status"] == "booked");
            }
        }
    }

    TEST_CASE("concurrent cancels of one booking free exactly one seat") {
        TestServer t;
        std::string start = slot_time(4, 9, 0);
        Response booked = t.book("race", start, 1);
        REQUIRE(booked.status == 201);
        std::string code = booked.json()["code"];
        auto responses = all_at_once(t.server.port(), 20, [&](int) {
            return Attempt{"/api/v1/bookings/" + code + "/cancel",
                           Json{{"cpr", cpr_for(1)}}.dump()};
        });
        CHECK(count(responses, 200) == 1);
        CHECK(count(responses, 409, "not_active") == 19);
        CHECK(t.free_at("race", start) == kRaceCapacity);
    }

    TEST_CASE(
        "reads do not wait for the writer: availability and lookup answer while it is blocked") {
        TestServer t;
        Response first = t.book("race", slot_time(2, 9, 0), 1);
        REQUIRE(first.status == 201);
        Json lookup = {{"code", first.json()["code"]}, {"cpr", cpr_for(1)}};

        // Another process takes the lock the writer needs: the server's writer must wait.
        WriteBlocker blocker(t.dir.database());

        using Clock = std::chrono::steady_clock;
        auto blocked_at = Clock::now();
        Response booked;
        Clock::time_point booked_at;
        std::thread booking([&] {
            Client client(t.server.port());
            booked = client.post("/api/v1/bookings",
                                 booking_body("race", slot_time(2, 10, 0), 2).dump());
            booked_at = Clock::now();
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        for (int day = 3; day < 8; ++day) {  // days not asked before: answered from the database
            auto started = Clock::now();
            Response r = t.client.get("/api/v1/availability?centre=test-centre&service=race&from=" +
                                      slot_time(day, 0, 0).substr(0, 10) + "&days=1");
            CHECK(r.status == 200);
            CHECK(Clock::now() - started < std::chrono::seconds(1));
        }
        auto started = Clock::now();
        CHECK(t.client.post("/api/v1/bookings/lookup", lookup.dump()).status == 200);
        CHECK(Clock::now() - started < std::chrono::seconds(1));

        // Held long enough that a read waiting for the writer could not pass the checks above.
        std::this_thread::sleep_for(std::chrono::milliseconds(2500) - (Clock::now() - blocked_at));
        auto released_at = Clock::now();
        blocker.release();
        booking.join();
        CHECK(booked.status == 201);  // it waited for the lock, then committed
        CHECK(booked_at >= released_at);
        CHECK(released_at - blocked_at >= std::chrono::milliseconds(2400));
    }

}  // TEST_SUITE
