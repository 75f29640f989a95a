// Per-client limits: 429 rate_limited with Retry-After (off with --rate-limit 0), and a cap on
// the connections one client holds open.
#include <doctest/doctest.h>

#include <thread>

#include <sys/resource.h>

#include <memory>
#include <vector>

#include "fixture.hpp"

using namespace mawid::test;

TEST_SUITE("rate_limit") {
    TEST_CASE("a client over its limit gets 429 with Retry-After") {
        TestServer t(5);
        for (int i = 0; i < 5; ++i) CHECK(t.client.get("/api/v1/catalog").status == 200);
        Response limited = t.client.get("/api/v1/catalog");
        CHECK(limited.status == 429);
        CHECK(limited.error() == "rate_limited");
        int retry_after = std::stoi(limited.header("retry-after"));
        CHECK(retry_after >= 1);
        CHECK(retry_after <= 60);
        Response booking = t.book("race", slot_time(2, 9, 0), 1);
        CHECK(booking.status == 429);
        CHECK(!booking.header("retry-after").empty());
        // Health checks are not limited.
        CHECK(t.client.get("/healthz").status == 200);
    }

    TEST_CASE("--rate-limit 0 turns limiting off") {
        TestServer t(0);
        for (int i = 0; i < 300; ++i) REQUIRE(t.client.get("/api/v1/catalog").status == 200);
    }

    TEST_CASE("the limit refills over time") {
        TestServer t(120);  // two a second
        for (int i = 0; i < 120; ++i) REQUIRE(t.client.get("/healthz").status == 200);
        int ok = 0;
        auto started = std::chrono::steady_clock::now();
        for (int i = 0; i < 130; ++i) ok += t.client.get("/api/v1/catalog").status == 200;
        double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        CHECK(ok >= 120);
        // The bucket holds 120 and refills two a second while the loop runs (slowly, on a
        // busy machine).
        CHECK(ok <= 120 + static_cast<int>(seconds * 2) + 1);
        std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    }

    TEST_CASE("a thousand idle connections from one client lock nobody else out") {
        // The server starts under the soft open-files limit many systems give a service
        // (1,024), as a child keeps it; it must raise the limit itself.
        rlimit ours{};
        REQUIRE(getrlimit(RLIMIT_NOFILE, &ours) == 0);
        REQUIRE(ours.rlim_max >= 4096);  // room for this test's own 1,100 sockets
        rlimit low = ours;
        low.rlim_cur = 1024;
        REQUIRE(setrlimit(RLIMIT_NOFILE, &low) == 0);
        TestServer t;
        REQUIRE(setrlimit(RLIMIT_NOFILE, &ours) == 0);

        std::vector<std::unique_ptr<Client>> idle;
        for (int i = 0; i < 1100; ++i) {
            idle.push_back(std::make_unique<Client>(t.server.port(), "127.0.0.2"));
        }
        // Past its share, that client is told so at once instead of being left to hang.
        auto refused = idle.back()->read_response();
        REQUIRE(refused);
        CHECK(refused->status == 503);
        CHECK(refused->error() == "server_busy");
        CHECK(!refused->header("retry-after").empty());
        // Anyone else is served (a stalled server would leave this read to time out).
        Client other(t.server.port(), "127.0.0.3");
        CHECK(other.get("/healthz").status == 200);
    }

    TEST_CASE(
        "behind a trusted proxy, limits key on the client it names; nobody else is believed") {
        TestServer t(3, {"--trusted-proxy", "127.0.0.1"});
        Client proxy(t.server.port(), "127.0.0.1");
        auto through = [&](const std::string& forwarded_for) {
            return proxy.get("/api/v1/catalog", {{"X-Forwarded-For", forwarded_for}}).status;
        };
        for (int i = 0; i < 3; ++i) REQUIRE(through("203.0.113.7") == 200);
        CHECK(through("203.0.113.7") == 429);
        CHECK(through("203.0.113.8") == 200);  // another citizen behind the same proxy
        // A client that writes its own X-Forwarded-For gains nothing: the proxy appends the
        // address it saw, and that right-most one is the client.
        CHECK(through("198.51.100.1, 203.0.113.7") == 429);

        // From anyone but the proxy the header is ignored: the peer's own address counts.
        Client direct(t.server.port(), "127.0.0.2");
        for (int i = 0; i < 3; ++i) {
            REQUIRE(
                direct.get("/api/v1/catalog", {{"X-Forwarded-For", "192.0.2." + std::to_string(i)}})
                    .status == 200);
        }
        CHECK(direct.get("/api/v1/catalog", {{"X-Forwarded-For", "192.0.2.99"}}).status == 429);
    }
}  // TEST_SUITE
