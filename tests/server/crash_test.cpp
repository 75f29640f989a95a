// kill -9 during a booking storm: every acknowledged booking and cancellation survives,
// no slot is over capacity, and the database is intact.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
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
    // A change sent when the server died may or may not have been committed.
    std::string maybe_start;
    bool maybe_cancelled = false;
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

    // Waits until the storm has had `n` answers (any status), or `limit` has passed: a kill
    // should land while requests are flowing, even on a slow, busy machine.
    void wait_for_answers(int n, std::chrono::milliseconds limit) {
        auto give_up = std::chrono::steady_clock::now() + limit;
        while (answered_ < n && std::chrono::steady_clock::now() < give_up) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }

private:
    void client_loop(int seed) {
        std::mt19937 random(seed);
        std::optional<std::size_t> in_flight;  // the booking being changed, if any
        std::string in_flight_start;           // its new start, for a reschedule
        try {
            Client client(port_);
            std::vector<std::size_t> mine;
            for (int i = 0;; ++i) {
                if (i % 5 == 4 && !mine.empty()) {
                    in_flight = mine.back();
                    in_flight_start.clear();
                    cancel_one(client, mine.back());
                    in_flight.reset();
                    mine.pop_back();
                    continue;
                }
                if (i % 7 == 6 && !mine.empty()) {
                    in_flight = mine.front();
                    in_flight_start = slots_[random() % slots_.size()];
                    reschedule_one(client, mine.front(), in_flight_start);
                    in_flight.reset();
                    continue;
                }
                int cpr = next_cpr_++;
                std::string start = slots_[random() % slots_.size()];
                Response r =
                    client.post("/api/v1/bookings", booking_body("race", start, cpr).dump());
                ++answered_;
                if (r.status == 201) {
                    std::lock_guard lock(mutex_);
                    acknowledged_.push_back({r.json()["code"], cpr, start});
                    mine.push_back(acknowledged_.size() - 1);
                } else if (r.status != 409) {
                    FAIL_CHECK("unexpected status " << r.status << " " << r.body);
                }
            }
        } catch (const std::exception&) {
            // The server was killed: this connection is done, its last change uncertain.
            if (in_flight) {
                std::lock_guard lock(mutex_);
                Acknowledged& booking = acknowledged_[*in_flight];
                if (in_flight_start.empty()) {
                    booking.maybe_cancelled = true;
                } else {
                    booking.maybe_start = in_flight_start;
                }
            }
        }
    }

    Acknowledged copy_of(std::size_t index) {
        std::lock_guard lock(mutex_);
        return acknowledged_[index];
    }

    void cancel_one(Client& client, std::size_t index) {
        Acknowledged booking = copy_of(index);
        Json body = {{"cpr", cpr_for(booking.cpr)}};
        Response r = client.post("/api/v1/bookings/" + booking.code + "/cancel", body.dump());
        if (r.status == 200) {
            std::lock_guard lock(mutex_);
            acknowledged_[index].cancelled = true;
        }
    }

    void reschedule_one(Client& client, std::size_t index, const std::string& start) {
        Acknowledged booking = copy_of(index);
        Json body = {{"cpr", cpr_for(booking.cpr)}, {"start", start}};
        Response r = client.post("/api/v1/bookings/" + booking.code + "/reschedule", body.dump());
        if (r.status == 200) {
            std::lock_guard lock(mutex_);
            acknowledged_[index].start = start;
        } else if (r.status != 409 && r.status != 422) {
            FAIL_CHECK("unexpected reschedule status " << r.status << " " << r.body);
        }
    }

    int port_;
    std::atomic<int> next_cpr_;
    std::atomic<int> answered_{0};
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

// Reads the database of a dead server directly and checks it from the inside.
void check_database(const std::string& db) {
    sqlite3* file = nullptr;
    if (!on_postgresql()) {
        // Read-write so SQLite may replay the WAL; only read.
        REQUIRE(sqlite3_open_v2(db.c_str(), &file, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
        CHECK(query_text(file, "PRAGMA integrity_check") == "ok");
    }
    auto value = [&](const char* sql) { return file ? query_text(file, sql) : query_one(db, sql); };
    // Seats taken never exceed the capacity, and always equal the active bookings.
    CHECK(value("SELECT count(*) FROM occupancy WHERE taken > 3") == "0");
    CHECK(value("SELECT count(*) FROM occupancy o WHERE taken != (SELECT count(*) FROM "
                "bookings b WHERE b.centre = o.centre AND b.service = o.service AND "
                "b.start = o.start AND b.status IN ('booked', 'checked_in'))") == "0");
    CHECK(value("SELECT count(*) FROM (SELECT 1 FROM bookings WHERE status = 'booked' "
                "GROUP BY centre, service, start HAVING count(*) > 3) AS full_slots") == "0");
    if (file) sqlite3_close(file);
}

// Starts a server on `db`, books "race" at `start` for cpr_for(n), and stops it; returns
// what looks the booking up.
Json book_on(const std::string& db, const TempDir& dir, const std::string& start, int n) {
    ServerProcess server(db, test_server_flags(dir), dir.file("server.log"));
    Client client(server.port());
    Response booked = client.post("/api/v1/bookings", booking_body("race", start, n).dump());
    REQUIRE(booked.status == 201);
    return {{"code", booked.json()["code"]}, {"cpr", cpr_for(n)}};
}

}  // namespace

TEST_SUITE("crash") {
    TEST_CASE("kill -9 at random moments in a booking storm loses no acknowledged write") {
        TempDir dir;
        const std::string& db = dir.database();
        std::vector<std::string> slots;
        // Eight open days (the 10th is closed): 672 seats, enough that every round still
        // books, with enough contention that many requests race for the last seats.
        for (int day = 2; day <= 9; ++day) {
            for (int minute = 0; minute < 7 * 60; minute += 15) {
                slots.push_back(slot_time(day, 7 + minute / 60, minute % 60));
            }
        }
        std::mt19937 random(20261201);
        std::vector<Acknowledged> all;
        int next_cpr = 1;
        constexpr int kRounds = 12;
        for (int round = 0; round < kRounds; ++round) {
            CAPTURE(round);
            ServerProcess server(db, test_server_flags(dir), dir.file("server.log"));
            Storm storm(server.port(), next_cpr, slots);
            storm.run(8);
            storm.wait_for_answers(8, std::chrono::seconds(5));
            std::this_thread::sleep_for(std::chrono::milliseconds(random() % 300));
            server.kill9();
            storm.join();
            next_cpr = storm.next_cpr();
            auto acknowledged = storm.acknowledged();
            all.insert(all.end(), acknowledged.begin(), acknowledged.end());
            check_database(db);
        }
        MESSAGE("acknowledged bookings across crashes: " << all.size());
        CHECK(all.size() > 100);

        ServerProcess server(db, test_server_flags(dir), dir.file("server.log"));
        Client client(server.port());
        for (const Acknowledged& booking : all) {
            Json lookup = {{"code", booking.code}, {"cpr", cpr_for(booking.cpr)}};
            Response r = client.post("/api/v1/bookings/lookup", lookup.dump());
            REQUIRE(r.status == 200);
            Json found = r.json();
            if (booking.maybe_start.empty()) {
                CHECK(found["start"] == booking.start);
            } else {
                CHECK((found["start"] == booking.start || found["start"] == booking.maybe_start));
            }
            if (booking.cancelled) {
                CHECK(found["status"] == "cancelled");
            } else if (!booking.maybe_cancelled) {
                CHECK(found["status"] == "booked");
            }
        }
        CHECK(server.terminate() == 0);
        check_database(db);
    }

    TEST_CASE("SIGTERM during a storm: requests in flight are answered, exit 0, nothing lost") {
        TempDir dir;
        const std::string& db = dir.database();
        std::vector<std::string> slots;
        for (int minute = 0; minute < 7 * 60; minute += 15) {
            slots.push_back(slot_time(2, 7 + minute / 60, minute % 60));
        }
        std::vector<Acknowledged> acknowledged;
        {
            ServerProcess server(db, test_server_flags(dir), dir.file("server.log"));
            Storm storm(server.port(), 1, slots);
            storm.run(8);
            storm.wait_for_answers(8, std::chrono::seconds(5));
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            CHECK(server.terminate() == 0);
            storm.join();
            acknowledged = storm.acknowledged();
        }
        REQUIRE(!acknowledged.empty());
        check_database(db);
        ServerProcess server(db, test_server_flags(dir), dir.file("server.log"));
        Client client(server.port());
        for (const Acknowledged& booking : acknowledged) {
            Json lookup = {{"code", booking.code}, {"cpr", cpr_for(booking.cpr)}};
            CHECK(client.post("/api/v1/bookings/lookup", lookup.dump()).status == 200);
        }
    }

}  // TEST_SUITE

// SQLite files from older and newer versions of Mawid (PostgreSQL's schema begins at version
// 13, see docs/scaling.md).
TEST_SUITE("schema") {
    TEST_CASE("a database from a newer schema is refused, an existing one is kept") {
        TempDir dir;
        std::string db = dir.file("mawid.db");
        { ServerProcess server(db, test_server_flags(dir), dir.file("server.log")); }
        sqlite3* handle = nullptr;
        REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
        CHECK(query_text(handle, "SELECT version FROM schema_version") == "16");
        REQUIRE(sqlite3_exec(handle, "UPDATE schema_version SET version = 99", nullptr, nullptr,
                             nullptr) == SQLITE_OK);
        sqlite3_close(handle);
        CHECK_THROWS(ServerProcess(db, test_server_flags(dir), dir.file("server.log")));
    }

    TEST_CASE("a version 1 database is migrated to the current version and keeps its bookings") {
        TempDir dir;
        std::string db = dir.file("mawid.db");
        Json lookup = book_on(db, dir, slot_time(2, 9, 0), 1);
        sqlite3* handle = nullptr;
        REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
        // What version 1 looked like: it also had an index of bookings by slot, and none of
        // version 3's staff tables, version 4's retention, audit and account columns, version
        // 5's outbox (and so the later columns and indexes of it and of walk-ins), version 7's
        // citizen tables and indexes, version 8's e-mail column, version 10's sign-ins with
        // the national identity, version 12's service accounts or version 16's erasure mark.
        REQUIRE(
            sqlite3_exec(handle,
                         "UPDATE schema_version SET version = 1; CREATE INDEX bookings_by_slot "
                         "ON bookings (centre, service, start); "
                         "DROP INDEX bookings_by_centre_start; ALTER TABLE bookings DROP COLUMN "
                         "seq; DROP TABLE booking_seq; DROP TABLE sessions; DROP TABLE users; "
                         "DROP TABLE walk_ins; DROP TABLE audit; DROP INDEX bookings_cancelled_erase_due; "
                         "DROP TABLE erasure_marks; "
                         "DROP INDEX bookings_of_person; CREATE UNIQUE INDEX bookings_one_active "
                         "ON bookings (cpr, service) WHERE one_active = 1 AND status IN "
                         "('booked', 'checked_in'); ALTER TABLE bookings DROP COLUMN erased_at; "
                         "ALTER TABLE bookings DROP COLUMN handled_by; DROP TABLE outbox; "
                         "DROP TABLE verifications; DROP TABLE citizen_sessions; "
                         "DROP INDEX bookings_by_phone; "
                         "ALTER TABLE bookings DROP COLUMN email; "
                         "ALTER TABLE bookings DROP COLUMN delivery; DROP TABLE identity_logins; "
                         "DROP TABLE service_accounts",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(handle);
        {
            ServerProcess server(db, test_server_flags(dir), dir.file("server.log"));
            Client client(server.port());
            CHECK(client.post("/api/v1/bookings/lookup", lookup.dump()).status == 200);
        }
        REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
        CHECK(query_text(handle, "SELECT version FROM schema_version") == "16");
        CHECK(query_text(handle, "SELECT seq FROM bookings") == "1");
        CHECK(query_text(handle, "SELECT count(*) FROM bookings WHERE erased_at IS NULL") == "1");
        // Erasure's walk of the centre starts at or before its first booking.
        CHECK(query_text(handle, "SELECT count(*) FROM erasure_marks JOIN bookings "
                                 "USING (centre) WHERE erased_before > start") == "0");
        CHECK(query_text(handle,
                         "SELECT count(*) FROM sqlite_master WHERE name = 'bookings_by_slot'") ==
              "0");
        CHECK(query_text(handle, "SELECT count(*) FROM sqlite_master WHERE name IN "
                                 "('outbox_settled', 'bookings_by_phone', 'bookings_of_person', "
                                 "'walk_ins_phone_kept', 'identity_logins', "
                                 "'outbox_codes_due', 'service_accounts')") == "7");
        sqlite3_close(handle);

        // A booking made after the upgrade, earlier than the one kept: both are erased in
        // their time.
        Json earlier = book_on(db, dir, slot_time(2, 8, 0), 2);
        ServerProcess server(db, with_now(test_server_flags(dir), "2027-02-15T06:00:00+03:00"),
                             dir.file("server.log"));
        Client client(server.port());
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (client.post("/api/v1/bookings/lookup", earlier.dump()).error() != "booking_erased" &&
               std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        CHECK(client.post("/api/v1/bookings/lookup", earlier.dump()).error() == "booking_erased");
        CHECK(client.post("/api/v1/bookings/lookup", lookup.dump()).error() == "booking_erased");
    }

}  // TEST_SUITE
