// What operators see (docs/operations.md): /metrics in the Prometheus text format (checked
// by promtool), JSON request logs without personal data, X-Request-Id, /readyz against a
// writer held up by a real lock on the database file, and the RateLimit headers on a 429.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "fixture.hpp"

using namespace mawid::test;

namespace {

// The value of one series (name and labels exactly as exposed); -1 when it is not there.
double series_value(const std::string& metrics, const std::string& series) {
    std::istringstream lines(metrics);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
    }
    return -1;
}

// Runs `promtool check metrics` on `text`; returns its exit status and what it printed.
// promtool missing makes the shell exit 127: the test fails, it is never skipped.
std::pair<int, std::string> promtool_check(const TempDir& dir, const std::string& text) {
    std::string file = dir.file("metrics.txt");
    std::ofstream(file) << text;
    std::string command = "promtool check metrics < '" + file + "' 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string output;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
    int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

// A second connection to the server's database file, as an operator's sqlite3 would be.
struct DatabaseLock {
    explicit DatabaseLock(const std::string& path) {
        REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
        sqlite3_busy_timeout(db, 10000);
        // The write lock the writer needs for every transaction, held until released.
        REQUIRE(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    }
    void release() {
        if (db) {
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            sqlite3_close(db);
            db = nullptr;
        }
    }
    ~DatabaseLock() { release(); }
    sqlite3* db = nullptr;
};

}  // namespace

TEST_SUITE("observability") {
    TEST_CASE("promtool accepts /metrics, and its counters move with bookings") {
        TestServer t;
        Response before = t.client.get("/metrics");
        REQUIRE(before.status == 200);
        CHECK(before.header("content-type").rfind("text/plain; version=0.0.4", 0) == 0);
        const std::string booked = "mawid_bookings_total{outcome=\"booked\"}";
        const std::string full = "mawid_bookings_total{outcome=\"slot_full\"}";
        CHECK(series_value(before.body, booked) == 0);

        std::string start = slot_time(2, 9, 0);
        std::string code;
        for (int n = 1; n <= kRaceCapacity; ++n) {
            Response r = t.book("race", start, n);
            REQUIRE(r.status == 201);
            code = r.json()["code"].get<std::string>();
        }
        CHECK(t.book("race", start, 99).status == 409);
        Response cancelled = t.client.post("/api/v1/bookings/" + code + "/cancel",
                                           Json{{"cpr", cpr_for(kRaceCapacity)}}.dump());
        CHECK(cancelled.status == 200);

        Response after = t.client.get("/metrics");
        REQUIRE(after.status == 200);
        CHECK(series_value(after.body, booked) == kRaceCapacity);
        CHECK(series_value(after.body, full) == 1);
        CHECK(series_value(after.body,
                           "mawid_http_requests_total{route=\"/api/v1/bookings\",status=\"201\"}") ==
              kRaceCapacity);
        CHECK(series_value(after.body,
                           "mawid_http_requests_total{route=\"/api/v1/bookings\",status=\"409\"}") ==
              1);
        // The route pattern, never the path with the code in it.
        CHECK(series_value(after.body, "mawid_http_requests_total{route=\"/api/v1/bookings/{code}/"
                                       "cancel\",status=\"200\"}") == 1);
        CHECK(after.body.find(code) == std::string::npos);
        CHECK(series_value(after.body, "mawid_writer_batch_size_count") >= 1);
        CHECK(series_value(after.body, "mawid_writer_commit_duration_seconds_count") >= 1);
        CHECK(series_value(after.body, "mawid_http_open_connections") >= 1);
        // The outbox backlog is read at scrape time (the sender may have written the
        // messages to its folder already, so only its presence is certain).
        CHECK(series_value(after.body, "mawid_outbox_messages{state=\"pending\"}") >= 0);
        CHECK(series_value(after.body, "mawid_outbox_messages{state=\"failed\"}") == 0);

        auto [status, output] = promtool_check(t.dir, after.body);
        INFO(output);
        CHECK(status == 0);
    }

    TEST_CASE("/metrics is for loopback and --metrics-from only, also behind a proxy") {
        TestServer t(0, {"--trusted-proxy", "127.0.0.1", "--metrics-from", "198.51.100.0/24"});
        CHECK(t.client.get("/metrics").status == 200);
        Response outsider = t.client.get("/metrics", {{"X-Forwarded-For", "203.0.113.7"}});
        CHECK(outsider.status == 403);
        CHECK(outsider.error() == "forbidden");
        CHECK(t.client.get("/metrics", {{"X-Forwarded-For", "198.51.100.9"}}).status == 200);
    }

    TEST_CASE("JSON logs: one object a line, with no CPR, phone or code") {
        TestServer t(0, {"--log-format", "json"});
        Response booked = t.book("race", slot_time(3, 10, 0), 7);
        REQUIRE(booked.status == 201);
        std::string code = booked.json()["code"].get<std::string>();
        CHECK(t.client.post("/api/v1/bookings/lookup",
                            Json{{"code", code}, {"cpr", cpr_for(7)}}.dump())
                  .status == 200);
        CHECK(t.client.post("/api/v1/bookings/" + code + "/cancel", Json{{"cpr", cpr_for(7)}}.dump())
                  .status == 200);
        std::string asked_id = t.client.get("/healthz").header("x-request-id");
        REQUIRE(t.server.terminate() == 0);  // the log is flushed

        std::string log = t.log();
        for (const std::string& secret : {cpr_for(7), std::string("+97336001234"),
                                          std::string("36001234"), code}) {
            CHECK_MESSAGE(log.find(secret) == std::string::npos, "the log holds " << secret);
        }
        std::istringstream lines(log);
        std::string line;
        int requests = 0;
        bool cancel_seen = false, id_seen = false;
        while (std::getline(lines, line)) {
            if (line.empty() || line.front() != '{') continue;  // startup and shutdown notes
            Json entry = Json::parse(line);  // throws, failing the test, if not JSON
            ++requests;
            for (const char* field : {"time", "level", "request_id", "method", "route", "status",
                                      "duration_ms", "client"}) {
                CHECK_MESSAGE(entry.contains(field), "no " << field << " in " << line);
            }
            cancel_seen = cancel_seen || entry["route"] == "/api/v1/bookings/{code}/cancel";
            id_seen = id_seen || entry["request_id"] == asked_id;
        }
        CHECK(requests == 4);
        CHECK(cancel_seen);
        CHECK(id_seen);
    }

    TEST_CASE("X-Request-Id: a trusted proxy's is kept, anyone else gets one made") {
        TestServer proxied(0, {"--trusted-proxy", "127.0.0.1"});
        CHECK(proxied.client.get("/healthz", {{"X-Request-Id", "edge-42.a"}}).header("x-request-id") ==
              "edge-42.a");
        // A value that could break a log line is not taken.
        CHECK(proxied.client.get("/healthz", {{"X-Request-Id", "a b\"c"}}).header("x-request-id") !=
              "a b\"c");
        std::string made = proxied.client.get("/healthz").header("x-request-id");
        CHECK(made.size() == 32);

        TestServer direct;
        std::string first = direct.client.get("/healthz", {{"X-Request-Id", "edge-42.a"}})
                                .header("x-request-id");
        CHECK(first != "edge-42.a");
        CHECK(first.size() == 32);
        std::string second = direct.client.get("/api/v1/catalog").header("x-request-id");
        CHECK(second.size() == 32);
        CHECK(second != first);
    }

    TEST_CASE("/readyz is 503 while the writer cannot take the write lock, 200 again after") {
        TestServer t;
        CHECK(t.client.get("/readyz").status == 200);
        auto ready = [](const Response& r) { return r.status == 200; };
        auto not_ready = [](const Response& r) { return r.status == 503; };
        {
            DatabaseLock lock(t.dir.file("mawid.db"));
            Response stalled = wait_for(t.client, "/readyz", not_ready);
            REQUIRE(stalled.status == 503);
            CHECK(stalled.json()["writer"] == "stalled");
            CHECK(stalled.json()["database"] == "ok");  // reads go on (WAL)
            CHECK(t.client.get("/healthz").status == 200);  // alive all the same
            lock.release();
        }
        CHECK(wait_for(t.client, "/readyz", ready).status == 200);
        CHECK(t.book("race", slot_time(4, 9, 0), 1).status == 201);
        CHECK(t.client.get("/readyz").status == 200);
    }

    TEST_CASE("a 429 carries RateLimit-Policy and RateLimit beside Retry-After") {
        TestServer unlimited(0);
        CHECK(unlimited.client.get("/api/v1/catalog").header("ratelimit").empty());

        TestServer t(5);
        Response first = t.client.get("/api/v1/catalog");
        REQUIRE(first.status == 200);
        // Allowed answers of a limited route say what is left.
        CHECK(first.header("ratelimit-policy") == "5;w=60");
        CHECK(first.header("ratelimit").rfind("limit=5, remaining=4, reset=", 0) == 0);
        for (int i = 0; i < 4; ++i) REQUIRE(t.client.get("/api/v1/catalog").status == 200);
        Response limited = t.client.get("/api/v1/catalog");
        REQUIRE(limited.status == 429);
        CHECK(limited.header("ratelimit-policy") == "5;w=60");
        std::string retry_after = limited.header("retry-after");
        REQUIRE(!retry_after.empty());
        CHECK(limited.header("ratelimit") ==
              "limit=5, remaining=0, reset=" + retry_after);
        Response metrics = t.client.get("/metrics");  // not limited: an operator's scrape
        REQUIRE(metrics.status == 200);
        CHECK(metrics.header("ratelimit").empty());
        CHECK(series_value(metrics.body, "mawid_rate_limit_refusals_total") == 1);
    }
}
