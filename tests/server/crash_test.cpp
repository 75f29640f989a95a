// kill -9 during a booking storm: every acknowledged booking and cancellation survives,
// no slot is over capacity, and the database is intact.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <atomic>
#include <mutex>
#include <random>
#include <thread>

#include "fixture.hpp"

using namespace mawid::test;

namespace {

struct Acknowledged {
    std::string code;
    int cpr = 0;
    std::string start;
    bool cancelled = false;
};

// Books (and now and then cancels) from several connections until the server dies.
class Storm {
public:
    Storm(int port, int first_cpr, std::vector<std::string> slots)
        : port_(port), next_cpr_(first_cpr), slots_(std::move(slots)) {}

    void run(int threads) {
        for (int i = 0; i < threads; ++i) threads_.emplace_back([this, i] { client_loop(i); });
    }
    void join() {
        for (auto& thread : threads_) thread.join();
        threads_.clear();
    }
    std::vector<Acknowledged> acknowledged() {
        std::lock_guard lock(mutex_);
        return acknowledged_;
    }
    int next_cpr() const { return next_cpr_; }

private:
    void client_loop(int seed) {
        std::mt19937 random(seed);
        try {
            Client client(port_);
            std::vector<std::size_t> mine;
            for (int i = 0;; ++i) {
                if (i % 5 == 4 && !mine.empty()) {
                    cancel_one(client, mine.back());
                    mine.pop_back();
                    continue;
                }
                int cpr = next_cpr_++;
                std::string start = slots_[random() % slots_.size()];
                Response r = client.post("/api/v1/bookings",
                                         booking_body("race", start, cpr).dump());
                if (r.status == 201) {
                    std::lock_guard lock(mutex_);
                    acknowledged_.push_back({r.json()["code"], cpr, start, false});
                    mine.push_back(acknowledged_.size() - 1);
                } else if (r.status != 409) {
                    FAIL_CHECK("unexpected status " << r.status << " " << r.body);
                }
            }
        } catch (const std::exception&) {
            // The server was killed: this connection is done.
        }
    }

    void cancel_one(Client& client, std::size_t index) {
        Acknowledged booking;
        {
            std::lock_guard lock(mutex_);
            booking = acknowledged_[index];
        }
        Json body = {{"cpr", cpr_for(booking.cpr)}};
        Response r = client.post("/api/v1/bookings/" + booking.code + "/cancel", body.dump());
        if (r.status == 200) {
            std::lock_guard lock(mutex_);
            acknowledged_[index].cancelled = true;
        }
    }

    int port_;
    std::atomic<int> next_cpr_;
    std::vector<std::string> slots_;
    std::mutex mutex_;
    std::vector<Acknowledged> acknowledged_;
    std::vector<std::thread> threads_;
};

std::string query_text(sqlite3* db, const char* sql) {
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK);
    std::string text;
    if (sqlite3_step(statement) == SQLITE_ROW) {
        auto value = sqlite3_column_text(statement, 0);
        text = value ? reinterpret_cast<const char*>(value) : "";
    }
    sqlite3_finalize(statement);
    return text;
}

// Opens the database of a dead server directly and checks it from the inside.
void check_database(const std::string& path) {
    sqlite3* db = nullptr;
    // Read-write so SQLite may replay the WAL; we only read.
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    CHECK(query_text(db, "PRAGMA integrity_check") == "ok");
    // Seats taken never exceed the capacity, and always equal the active bookings.
    CHECK(query_text(db, "SELECT count(*) FROM occupancy WHERE taken > 3") == "0");
    CHECK(query_text(db,
                     "SELECT count(*) FROM occupancy o WHERE taken != (SELECT count(*) FROM "
                     "bookings b WHERE b.centre = o.centre AND b.service = o.service AND "
                     "b.start = o.start AND b.status IN ('booked', 'checked_in'))") == "0");
    CHECK(query_text(db,
                     "SELECT count(*) FROM (SELECT 1 FROM bookings WHERE status = 'booked' "
                     "GROUP BY centre, service, start HAVING count(*) > 3)") == "0");
    sqlite3_close(db);
}

}  // namespace

TEST_SUITE("crash") {

TEST_CASE("kill -9 at random moments in a booking storm loses no acknowledged write") {
    TempDir dir;
    std::string db = dir.file("mawid.db");
    std::vector<std::string> slots;
    for (int day = 2; day <= 4; ++day) {
        for (int minute = 0; minute < 7 * 60; minute += 15) {
            slots.push_back(slot_time(day, 7 + minute / 60, minute % 60));
        }
    }
    std::mt19937 random(20261201);
    std::vector<Acknowledged> all;
    int next_cpr = 1;
    constexpr int kRounds = 6;
    for (int round = 0; round < kRounds; ++round) {
        CAPTURE(round);
        ServerProcess server(db, test_server_flags(dir), dir.file("server.log"));
        Storm storm(server.port(), next_cpr, slots);
        storm.run(8);
        std::this_thread::sleep_for(std::chrono::milliseconds(80 + random() % 300));
        server.kill9();
        storm.join();
        next_cpr = storm.next_cpr();
        auto acknowledged = storm.acknowledged();
        CHECK(!acknowledged.empty());
        all.insert(all.end(), acknowledged.begin(), acknowledged.end());
        check_database(db);
    }
    MESSAGE("acknowledged bookings across crashes: " << all.size());

    ServerProcess server(db, test_server_flags(dir), dir.file("server.log"));
    Client client(server.port());
    for (const Acknowledged& booking : all) {
        Json lookup = {{"code", booking.code}, {"cpr", cpr_for(booking.cpr)}};
        Response r = client.post("/api/v1/bookings/lookup", lookup.dump());
        REQUIRE(r.status == 200);
        CHECK(r.json()["start"] == booking.start);
        if (booking.cancelled) {
            CHECK(r.json()["status"] == "cancelled");
        }
    }
    CHECK(server.terminate() == 0);
    check_database(db);
}

}  // TEST_SUITE
