// Three mawid-server processes on one PostgreSQL database behind nginx, as docs/scaling.md
// deploys them: storms through the proxy and straight at each server never overbook, every
// message goes once, a catalogue change shows everywhere within a second, and neither a
// server's kill -9 nor a PostgreSQL restart mid-storm loses an acknowledged booking.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "nginx_proxy.hpp"
#include "pg_cluster.hpp"
#include "sms_gateway.hpp"
#include "staff_fixture.hpp"
#include "verified_citizen.hpp"

using namespace mawid::test;

namespace {

// The cluster, three servers on one database of it (with admin `root`), SMS through a
// stand-in gateway, and nginx in front.
struct Fleet {
    // `extra`: more flags for every server.
    explicit Fleet(const std::vector<std::string>& extra = {})
        : db(cluster.create_database("mawid")) {
        REQUIRE(run_create_admin(db, "root", std::string(kPassword) + "\n",
                                 dir.file("admin.log")) == 0);
        auto flags = staff_server_flags(dir, true, {"--sms-gateway", gateway.url()});
        flags.insert(flags.end(), extra.begin(), extra.end());
        for (int i = 0; i < 3; ++i) {
            servers.push_back(std::make_unique<ServerProcess>(
                db, flags, dir.file("server" + std::to_string(i) + ".log")));
        }
        proxy = std::make_unique<NginxProxy>(dir.path().string(), server_ports());
    }
    std::vector<int> server_ports() const {
        std::vector<int> ports;
        for (const auto& server : servers) ports.push_back(server->port());
        return ports;
    }
    // The proxy, then each server: where a storm's connections go, in turn.
    std::vector<int> every_door() const {
        std::vector<int> ports = {proxy->port()};
        for (int port : server_ports()) ports.push_back(port);
        return ports;
    }
    std::string value(const std::string& sql) const { return query_one(db, sql); }
    // `sql`'s value once it is `expected`, else its last after 60 s: for what a server records
    // after it answered (a message is marked sent after the gateway took it).
    std::string value_when(const std::string& sql, const std::string& expected) const {
        auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        std::string got = value(sql);
        while (got != expected && std::chrono::steady_clock::now() < give_up) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            got = value(sql);
        }
        return got;
    }

    TempDir dir;
    PgCluster cluster;
    std::string db;
    StandInGateway gateway;
    std::vector<std::unique_ptr<ServerProcess>> servers;
    std::unique_ptr<NginxProxy> proxy;
};

struct Booked {
    std::string code;
    int cpr = 0;
};

// Bookings with fresh CPRs, each with its Idempotency-Key, from several connections spread
// over `ports`; a connection that fails (its server was killed) is made again.
class FleetStorm {
public:
    FleetStorm(std::vector<int> ports, std::vector<std::string> slots)
        : ports_(std::move(ports)), slots_(std::move(slots)) {}
    ~FleetStorm() { stop(); }

    // `attempts` bookings per connection, or until stop() when 0.
    void start(int connections, int attempts = 0) {
        for (int i = 0; i < connections; ++i) {
            const int port = ports_[i % ports_.size()];
            threads_.emplace_back([this, port, attempts] { run(port, attempts); });
        }
    }
    // Ends the storm now.
    void stop() {
        stopping_ = true;
        join();
    }
    // Waits until every connection has made its attempts.
    void join() {
        for (auto& thread : threads_) thread.join();
        threads_.clear();
    }
    // Waits until `n` answers with `status` (0: any answer) have come, or 60 s have passed.
    bool wait_for(int status, int n) {
        return wait_until([&] { return count(status) >= n; });
    }
    // Waits until `done` holds, or 60 s have passed.
    bool wait_until(const std::function<bool()>& done) {
        auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (!done()) {
            if (std::chrono::steady_clock::now() > give_up) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return true;
    }
    int count(int status) {
        std::lock_guard lock(mutex_);
        if (status != 0) return statuses_[status];
        int all = 0;
        for (const auto& [_, n] : statuses_) all += n;
        return all;
    }
    std::vector<Booked> acknowledged() {
        std::lock_guard lock(mutex_);
        return acknowledged_;
    }
    std::map<int, int> statuses() {
        std::lock_guard lock(mutex_);
        return statuses_;
    }

private:
    void run(int port, int attempts) {
        int made = 0;
        while (!stopping_ && (attempts == 0 || made < attempts)) {
            try {
                Client client(port);
                while (!stopping_ && (attempts == 0 || made < attempts)) {
                    int cpr = next_cpr_++;
                    const std::string& start = slots_[cpr % slots_.size()];
                    Response r =
                        client.post("/api/v1/bookings", booking_body("race", start, cpr).dump(),
                                    {{"Idempotency-Key", "storm-" + std::to_string(cpr)}});
                    ++made;
                    note(r, cpr);
                }
            } catch (const std::exception&) {
                // That server is gone (killed): try again, as a phone would.
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
    }
    void note(const Response& r, int cpr) {
        std::lock_guard lock(mutex_);
        ++statuses_[r.status];
        if (r.status == 201) acknowledged_.push_back({r.json()["code"], cpr});
        // 409: the slot is full. 503: the database is away (with Retry-After). 502: nginx
        // found its server gone mid-request. Nothing else, and never a 500.
        if (r.status == 503) CHECK(r.header("retry-after") == "2");
        if (r.status != 201 && r.status != 409 && r.status != 503 && r.status != 502) {
            FAIL_CHECK("unexpected answer " << r.status << " " << r.body);
        }
    }

    std::vector<int> ports_;
    std::vector<std::string> slots_;
    std::atomic<int> next_cpr_{1};
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::map<int, int> statuses_;
    std::vector<Booked> acknowledged_;
    std::vector<std::thread> threads_;
};

// Every "race" slot from day `first` to day `last` of the test catalogue (3 seats each).
std::vector<std::string> race_slots(int first, int last) {
    std::vector<std::string> slots;
    for (int day = first; day <= last; ++day) {
        if (day == 10) continue;  // closed
        for (int minute = 0; minute < 7 * 60; minute += 15) {
            slots.push_back(slot_time(day, 7 + minute / 60, minute % 60));
        }
    }
    return slots;
}

// Seats never exceed capacity and always equal the active bookings; every acknowledged
// booking is found, booked, through the proxy.
void check_nothing_lost(Fleet& fleet, const std::vector<Booked>& acknowledged) {
    CHECK(fleet.value("SELECT count(*) FROM occupancy WHERE taken > 3") == "0");
    CHECK(fleet.value("SELECT count(*) FROM occupancy o WHERE taken != (SELECT count(*) FROM "
                      "bookings b WHERE b.centre = o.centre AND b.service = o.service AND "
                      "b.start = o.start AND b.status = 'booked')") == "0");
    Client client(fleet.proxy->port());
    int found = 0;
    for (const Booked& booking : acknowledged) {
        Json lookup = {{"code", booking.code}, {"cpr", cpr_for(booking.cpr)}};
        Response r = client.post("/api/v1/bookings/lookup", lookup.dump());
        if (r.status == 200 && r.json()["status"] == "booked") ++found;
    }
    CHECK(found == static_cast<int>(acknowledged.size()));
}

// Answers by count, as one line for a failed check.
std::string described(const std::map<std::string, int>& answers) {
    std::string text;
    for (const auto& [answer, n] : answers) text += answer + " " + std::to_string(n) + "; ";
    return text;
}

// One verified phone's bookings, `each` from every server at once (a thread per request, let
// go together); a 503 (a deadlock PostgreSQL undid) is sent again. The answers' error codes
// by count, "booked" for a 201.
std::map<std::string, int> book_at_once(Fleet& fleet, const Citizen& phone, int each,
                                        const std::function<Json(int)>& body_of) {
    std::mutex mutex;
    std::map<std::string, int> answers;
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    const std::vector<int> ports = fleet.server_ports();
    const int all = each * static_cast<int>(ports.size());
    for (int i = 0; i < all; ++i) {
        threads.emplace_back([&, i] {
            Client client(ports[i % ports.size()]);
            ++ready;
            while (ready < all) std::this_thread::yield();
            Response r;
            for (int attempt = 0; attempt < 5; ++attempt) {
                r = client.post("/api/v1/bookings", body_of(i).dump(), phone.headers());
                if (r.status != 503) break;
            }
            std::lock_guard lock(mutex);
            ++answers[r.status == 201 ? "booked" : r.error()];
        });
    }
    for (auto& thread : threads) thread.join();
    return answers;
}

}  // namespace

TEST_SUITE("several_servers") {
    TEST_CASE(
        "a storm through the proxy and at each server takes every seat once; each "
        "confirmation is sent once") {
        Fleet fleet;
        const std::vector<std::string> slots = race_slots(2, 2);  // 28 slots, 84 seats
        FleetStorm storm(fleet.every_door(), slots);
        storm.start(8, 40);  // 320 attempts for 84 seats
        storm.join();
        auto statuses = storm.statuses();
        CHECK(statuses[201] == 84);
        CHECK(statuses[409] == 320 - 84);
        CHECK(fleet.value("SELECT count(*) FROM bookings") == "84");
        check_nothing_lost(fleet, storm.acknowledged());
        // Three senders share the outbox: each message is claimed by one of them.
        REQUIRE(fleet.gateway.wait_for_accepted(84, 60));
        CHECK(fleet.gateway.requests().size() == 84);
        CHECK(fleet.value_when("SELECT count(*) FROM outbox WHERE state = 'sent'", "84") == "84");
    }

    TEST_CASE("one Idempotency-Key sent to the three servers at once books once") {
        Fleet fleet;
        std::vector<std::unique_ptr<Client>> clients;
        for (int port : fleet.server_ports()) clients.push_back(std::make_unique<Client>(port));
        constexpr int kRounds = 20;
        for (int round = 0; round < kRounds; ++round) {
            CAPTURE(round);
            const int cpr = 1000 + round;
            const std::string start = slot_time(3, 7 + round / 4, 15 * (round % 4));
            const std::string body = booking_body("race", start, cpr).dump();
            const std::string key = "same-" + std::to_string(round);
            std::atomic<int> ready{0};
            std::vector<Response> answers(clients.size());
            std::vector<std::thread> senders;
            for (std::size_t i = 0; i < clients.size(); ++i) {
                senders.emplace_back([&, i] {
                    ++ready;
                    while (ready < static_cast<int>(clients.size())) std::this_thread::yield();
                    answers[i] =
                        clients[i]->post("/api/v1/bookings", body, {{"Idempotency-Key", key}});
                });
            }
            for (auto& sender : senders) sender.join();
            int replayed = 0;
            for (const Response& answer : answers) {
                REQUIRE(answer.status == 201);
                CHECK(answer.json()["code"] == answers[0].json()["code"]);
                if (answer.header("idempotent-replayed") == "true") ++replayed;
            }
            CHECK(replayed == 2);
            CHECK(fleet.value("SELECT count(*) FROM bookings WHERE cpr = '" + cpr_for(cpr) + "'") ==
                  "1");
        }
        CHECK(fleet.value("SELECT sum(taken) FROM occupancy") == std::to_string(kRounds));
    }

    TEST_CASE("a verified citizen's limits hold when the requests reach three servers at once") {
        Fleet fleet({"--verification", "on", "--max-cprs-per-phone", "2",
                     "--max-active-per-person", "2"});
        const std::vector<std::string> slots = race_slots(2, 3);
        // One phone books for 12 new CPRs at once: two are let through.
        Citizen family(fleet.servers[0]->port());
        verify(family, fleet.gateway, "+97336005001");
        auto answers = book_at_once(fleet, family, 4, [&](int i) {
            Json body = booking_body("race", slots[static_cast<std::size_t>(i)], 500 + i);
            body["phone"] = "+97336005001";
            return body;
        });
        CHECK_MESSAGE(answers["booked"] == 2, described(answers));
        CHECK(answers["phone_limit"] == 10);
        // Another phone books 12 times for one CPR at once: two are let through.
        Citizen person(fleet.servers[1]->port());
        verify(person, fleet.gateway, "+97336005002");
        answers = book_at_once(fleet, person, 4, [&](int i) {
            Json body = booking_body("multi", slot_time(4 + i / 6, 8 + i % 6, 0), 600);
            body["phone"] = "+97336005002";
            return body;
        });
        CHECK_MESSAGE(answers["booked"] == 2, described(answers));
        CHECK(answers["too_many_active"] == 10);
    }

    TEST_CASE("a catalogue change made on one server is served by the others within a second") {
        Fleet fleet;
        std::vector<std::unique_ptr<Client>> others;
        for (int i = 1; i < 3; ++i) {
            others.push_back(std::make_unique<Client>(fleet.servers[i]->port()));
            REQUIRE(others.back()->get("/api/v1/catalog").header("etag") == "\"test-1\"");
        }
        StaffClient root(fleet.servers[0]->port());
        REQUIRE(root.sign_in("root").status == 200);
        Json closure = {{"from", "2026-12-03"},
                        {"to", "2026-12-03"},
                        {"name", {{"en", "Water leak"}, {"ar", "تسرب مياه"}}}};
        REQUIRE(root.post(kClosures, closure).status == 200);
        const auto changed = std::chrono::steady_clock::now();
        for (auto& client : others) {
            while (client->get("/api/v1/catalog").header("etag") != "\"test-1-r1\"") {
                REQUIRE(std::chrono::steady_clock::now() - changed < std::chrono::seconds(30));
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
        }
        auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - changed);
        MESSAGE("the change reached both other servers after " << took.count() << " ms");
        CHECK(took < std::chrono::seconds(1));
        // Their availability follows the new catalogue: the closed day has no slots.
        Response day = others[0]->get(
            "/api/v1/availability?centre=test-centre&service=race&from=2026-12-03&days=1");
        REQUIRE(day.status == 200);
        CHECK(day.json()["slots"].empty());
    }

    TEST_CASE("kill -9 of one server mid-storm loses no acknowledged booking") {
        Fleet fleet;
        FleetStorm storm(fleet.every_door(), race_slots(2, 9));  // 672 seats
        storm.start(8);
        REQUIRE(storm.wait_for(0, 100));
        fleet.servers[1]->kill9();
        // The proxy and the other two go on answering.
        const int answered = storm.count(0);
        REQUIRE(storm.wait_for(0, answered + 300));
        storm.stop();
        MESSAGE("answers: " << storm.count(0) << ", acknowledged: " << storm.count(201));
        CHECK(storm.count(201) > 0);
        check_nothing_lost(fleet, storm.acknowledged());
    }

    TEST_CASE(
        "a PostgreSQL restart mid-storm gives 503s, then service resumes, nothing "
        "acknowledged lost") {
        Fleet fleet;
        StaffClient admin(fleet.servers[0]->port());
        REQUIRE(admin.sign_in("root").status == 200);
        FleetStorm storm(fleet.every_door(), race_slots(2, 9));
        storm.start(8);
        REQUIRE(storm.wait_for(0, 100));
        fleet.cluster.stop();
        REQUIRE(storm.wait_for(503, 20));
        // The centre app's reads are answered the same way (its session is read first).
        Response trail = admin.get("/api/v1/staff/audit?limit=10");
        CHECK(trail.status == 503);
        CHECK(trail.header("retry-after") == "2");
        // Each server tells the load balancer it is not ready, so none is sent requests it
        // cannot serve; once the database is back, each says it is ready again by itself.
        auto readiness = [&](int status) {
            for (int port : fleet.server_ports()) {
                Client client(port);
                CAPTURE(port);
                CHECK(wait_for(client, "/readyz", [&](const Response& r) {
                          return r.status == status;
                      }).status == status);
            }
        };
        readiness(503);
        fleet.cluster.start();
        readiness(200);
        // Every server reconnects by itself: the database answers again (a seat taken, or
        // the slot full).
        const int before = storm.count(201) + storm.count(409);
        CHECK(storm.wait_until([&] { return storm.count(201) + storm.count(409) > before + 300; }));
        storm.stop();
        MESSAGE("answers: " << storm.count(0) << ", of which 503: " << storm.count(503));
        CHECK(storm.count(500) == 0);
        check_nothing_lost(fleet, storm.acknowledged());
    }
}  // TEST_SUITE
