// Staff sign-in, sessions and accounts (docs/staff-api.md), against the real server.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "fixture.hpp"
#include "staff_fixture.hpp"

using namespace mawid::test;

namespace {

const std::string kDay = "/api/v1/staff/centres/test-centre/day?date=2026-12-02";

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_SUITE("staff_auth") {
    TEST_CASE("sign-in sets an HttpOnly SameSite=Strict cookie with a fresh token each time") {
        StaffServer t;
        StaffClient clerk(t.server.port());
        Response r = clerk.sign_in("clerk");
        REQUIRE(r.status == 200);
        CHECK(r.json() == Json{{"username", "clerk"},
                               {"role", "staff"},
                               {"centre", "test-centre"},
                               {"disabled", false},
                               {"must_change_password", false}});
        std::string set = r.header("set-cookie");
        CHECK(set.find("mawid_session=") == 0);
        CHECK(set.find("; HttpOnly") != std::string::npos);
        CHECK(set.find("; SameSite=Strict") != std::string::npos);
        CHECK(set.find("; Path=/") != std::string::npos);
        CHECK(set.find("Secure") == std::string::npos);  // plain http to 127.0.0.1
        CHECK(clerk.cookie.size() >= std::string("mawid_session=").size() + 43);  // 256 bits
        CHECK(r.header("cache-control") == "no-store");

        Response me = clerk.get(kMe);
        CHECK(me.status == 200);
        CHECK(me.json()["username"] == "clerk");
        CHECK(me.header("cache-control") == "no-store");

        std::string first = clerk.cookie;
        REQUIRE(clerk.sign_in("CLERK").status == 200);  // user names ignore case
        CHECK(clerk.cookie != first);
        // Signing in again from this browser ends the session it had.
        Client replay(t.server.port());
        CHECK(replay.get(kMe, {{"Cookie", first}}).status == 401);
        CHECK(clerk.get(kMe).status == 200);
        // Sessions in other browsers stay.
        StaffClient elsewhere = t.signed_in("clerk");
        CHECK(clerk.get(kMe).status == 200);
        CHECK(elsewhere.get(kMe).status == 200);
        CHECK(t.admin.get(kMe).json()["role"] == "admin");
        CHECK(t.admin.get(kMe).json()["centre"].is_null());
    }

    TEST_CASE("no password, token or CPR reaches the log") {
        StaffServer t;
        std::string code = t.book("race", "2026-12-02T09:00:00+03:00", 1);
        StaffClient clerk = t.signed_in("clerk");
        CHECK(clerk.sign_in("clerk", "wrong-password-x").status == 401);
        REQUIRE(clerk.get("/api/v1/staff/centres/test-centre/day?date=2026-12-02").status == 200);
        REQUIRE(clerk.post("/api/v1/staff/bookings/" + code + "/check-in", Json::object()).status ==
                200);
        std::string token = clerk.cookie.substr(clerk.cookie.find('=') + 1);
        std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the log is batched
        std::string log = t.log();
        CHECK(log.find("/api/v1/staff/sign-in 200") != std::string::npos);
        for (const std::string& secret :
             {std::string(kPassword), std::string("wrong-password-x"), token, code, cpr_for(1)}) {
            CHECK_MESSAGE(log.find(secret) == std::string::npos, secret);
        }
    }

    TEST_CASE("the cookie follows the client's scheme, told only by a trusted proxy") {
        // The proxy in front (TLS ends there) is 127.0.0.1; 127.0.0.2 is anyone else.
        StaffServer t({"--trusted-proxy", "127.0.0.1/32"});
        const std::string body = Json{{"username", "clerk"}, {"password", kPassword}}.dump();
        auto sign_in = [&](const std::string& from, const std::string& headers) {
            Client raw(t.server.port(), from);
            raw.send_raw("POST /api/v1/staff/sign-in HTTP/1.1\r\nHost: mawid.gov.bh\r\n" + headers +
                         "X-Mawid-Staff: 1\r\nContent-Type: application/json\r\nContent-Length: " +
                         std::to_string(body.size()) + "\r\n\r\n" + body);
            auto r = raw.read_response();
            REQUIRE(r);
            REQUIRE(r->status == 200);
            return *r;
        };
        // Through the proxy over https: Secure, under the __Host- name, and HSTS.
        Response https = sign_in("127.0.0.1", "X-Forwarded-Proto: https\r\n");
        std::string cookie = https.header("set-cookie");
        CHECK(cookie.find("__Host-mawid_session=") == 0);
        CHECK(cookie.find("; Secure") != std::string::npos);
        CHECK(cookie.find("Path=/") != std::string::npos);
        CHECK(cookie.find("Domain") == std::string::npos);
        CHECK(https.header("strict-transport-security").find("max-age=") == 0);
        // That session works over https, and its cookie is no key on plain http.
        std::string token_pair = cookie.substr(0, cookie.find(';'));
        Client client(t.server.port());
        CHECK(client.get(kMe, {{"Cookie", token_pair}, {"X-Forwarded-Proto", "https"}}).status ==
              200);
        CHECK(client.get(kMe, {{"Cookie", token_pair}}).status == 401);
        // Plain http, whatever the Host says: no Secure (the browser would drop it), no HSTS.
        Response plain = sign_in("127.0.0.1", "");
        CHECK(plain.header("set-cookie").find("mawid_session=") == 0);
        CHECK(plain.header("set-cookie").find("Secure") == std::string::npos);
        CHECK(plain.header("strict-transport-security").empty());
        // Anyone but the proxy claiming https is not believed.
        Response claimed = sign_in("127.0.0.2", "X-Forwarded-Proto: https\r\n");
        CHECK(claimed.header("set-cookie").find("mawid_session=") == 0);
        CHECK(claimed.header("strict-transport-security").empty());
    }

    TEST_CASE("a wrong password and an unknown user get the same 401 bad_credentials") {
        StaffServer t;
        StaffClient c(t.server.port());
        Response wrong = c.sign_in("clerk", "not-the-password");
        Response unknown = c.sign_in("nobody", kPassword);
        CHECK(wrong.status == 401);
        CHECK(unknown.status == 401);
        CHECK(wrong.error() == "bad_credentials");
        CHECK(wrong.body == unknown.body);
        CHECK(wrong.header("set-cookie").empty());
        CHECK(c.get(kMe).status == 401);
    }

    TEST_CASE("sign-in needs the X-Mawid-Staff header") {
        StaffServer t;
        Json body = {{"username", "clerk"}, {"password", kPassword}};
        Client raw(t.server.port());
        Response r = raw.post("/api/v1/staff/sign-in", body.dump());
        CHECK(r.status == 403);
        CHECK(r.error() == "forbidden");
        CHECK(raw.post("/api/v1/staff/sign-in", body.dump(), {{"X-Mawid-Staff", "yes"}}).status ==
              403);
    }

    TEST_CASE(
        "failed sign-ins are throttled per user, then per client, even for the right password") {
        StaffServer t;
        StaffClient c(t.server.port());
        for (int i = 0; i < 5; ++i)
            REQUIRE(c.sign_in("clerk", "wrong-password-" + std::to_string(i)).status == 401);
        Response limited = c.sign_in("clerk");  // the right password
        CHECK(limited.status == 429);
        CHECK(limited.error() == "rate_limited");
        int retry = std::stoi(limited.header("retry-after"));
        CHECK(retry > 0);
        CHECK(retry <= 15 * 60);
        CHECK(limited.header("set-cookie").empty());
        CHECK(c.sign_in("Clerk").status == 429);  // the same user whatever the case

        // Another user from the same client is not locked out by clerk's failures...
        CHECK(c.sign_in("sup").status == 200);
        // ...until the client itself has failed 20 times in the window.
        for (int i = 0; i < 15; ++i) {
            REQUIRE(c.sign_in("guess" + std::to_string(i), "whatever-123").status == 401);
        }
        Response client_limited = c.sign_in("far");
        CHECK(client_limited.status == 429);
        CHECK(!client_limited.header("retry-after").empty());
        // The signed-in session keeps working: the throttle guards sign-in only.
        CHECK(c.get(kMe).status == 200);
    }

    TEST_CASE("nobody can lock a member of staff out by failing to sign in as them") {
        StaffServer t;
        // Five failures for clerk from one address hold back that address only...
        StaffClient guesser(t.server.port(), "127.0.0.2");
        for (int i = 0; i < 5; ++i)
            REQUIRE(guesser.sign_in("clerk", "wrong-password").status == 401);
        CHECK(guesser.sign_in("clerk").status == 429);
        // ...while clerk, at their own counter, signs in at once.
        StaffClient counter(t.server.port(), "127.0.0.3");
        CHECK(counter.sign_in("clerk").status == 200);

        // Guesses spread over many addresses: past 20 failures for clerk, every address that
        // has failed for clerk waits, even with the right password...
        for (int a = 10; a < 15; ++a) {  // 5 + 5 x 3 = 20
            StaffClient spread(t.server.port(), "127.0.0." + std::to_string(a));
            for (int i = 0; i < 3; ++i)
                REQUIRE(spread.sign_in("clerk", "wrong-password").status == 401);
        }
        StaffClient late(t.server.port(), "127.0.0.20");
        CHECK(late.sign_in("clerk", "wrong-password").status == 401);
        Response held = late.sign_in("clerk");
        CHECK(held.status == 429);
        CHECK(!held.header("retry-after").empty());
        // ...and an address that has never failed is never refused the right password.
        StaffClient desk(t.server.port(), "127.0.0.21");
        CHECK(desk.sign_in("clerk").status == 200);
    }

    TEST_CASE("password-change guesses sent together are throttled like sign-ins") {
        StaffServer t;
        constexpr int kGuesses = 12;
        std::vector<StaffClient> tablets;
        for (int i = 0; i < kGuesses; ++i) tablets.push_back(t.signed_in("clerk"));
        std::vector<int> statuses(kGuesses);
        std::vector<std::thread> guessing;
        for (int i = 0; i < kGuesses; ++i) {
            guessing.emplace_back([&, i] {
                Json guess = {{"current", "guess-" + std::to_string(i)}, {"new", "new-pass-2026"}};
                statuses[i] = tablets[i].post("/api/v1/staff/me/password", guess).status;
            });
        }
        for (auto& g : guessing) g.join();
        // Five wrong guesses for one user, then only "wait".
        CHECK(std::count(statuses.begin(), statuses.end(), 422) == 5);
        CHECK(std::count(statuses.begin(), statuses.end(), 429) == kGuesses - 5);
    }

    TEST_CASE("a flood of sign-ins past the password queue gets 503 at once, not a long wait") {
        // Real argon2id (tens of milliseconds each), and room for one check waiting.
        TestServer t(0, {"--password-queue", "1"});
        constexpr int kFlood = 24;
        std::vector<Response> answers(kFlood);
        std::vector<std::thread> flood;
        for (int i = 0; i < kFlood; ++i) {
            flood.emplace_back([&, i] {
                StaffClient c(t.server.port());
                answers[i] = c.sign_in("nobody-" + std::to_string(i), "not-a-password");
            });
        }
        for (auto& f : flood) f.join();
        int busy = 0;
        for (const Response& r : answers) {
            if (r.status == 503) {
                ++busy;
                CHECK(r.error() == "server_busy");
                CHECK(!r.header("retry-after").empty());
            } else {
                CHECK(r.status == 401);  // checked, and wrong
            }
        }
        // One check runs and one waits while the others arrive: the rest are turned away.
        CHECK(busy > 0);
        CHECK(busy <= kFlood - 1);
    }

    TEST_CASE("no cookie or an unknown cookie -> 401 unauthorized") {
        StaffServer t;
        Client raw(t.server.port());
        for (const std::string& target : {kMe, kDay}) {
            Response r = raw.get(target);
            CHECK(r.status == 401);
            CHECK(r.error() == "unauthorized");
            CHECK(r.header("cache-control") == "no-store");
        }
        CHECK(raw.get(kMe, {{"Cookie", "mawid_session=made-up-token"}}).status == 401);
        CHECK(raw.get(kMe, {{"Cookie", "other=1; mawid_session="}}).status == 401);
    }

    TEST_CASE("sign-out ends the session: the replayed cookie gets 401") {
        StaffServer t;
        StaffClient clerk = t.signed_in("clerk");
        std::string cookie = clerk.cookie;
        REQUIRE(clerk.get(kDay).status == 200);
        Response out = clerk.post("/api/v1/staff/sign-out", Json::object());
        CHECK(out.status == 204);
        CHECK(out.header("set-cookie").find("mawid_session=;") == 0);
        CHECK(out.header("set-cookie").find("Max-Age=0") != std::string::npos);

        Client replay(t.server.port());
        CHECK(replay.get(kMe, {{"Cookie", cookie}}).status == 401);
        CHECK(replay.get(kDay, {{"Cookie", cookie}}).status == 401);
        CHECK(replay
                  .post("/api/v1/staff/centres/test-centre/walk-ins",
                        Json{{"service", "race"}}.dump(),
                        {{"Cookie", cookie}, {"X-Mawid-Staff", "1"}})
                  .status == 401);
        // Another session of the same user is untouched.
        CHECK(t.signed_in("clerk").get(kMe).status == 200);
    }

    TEST_CASE("a session ends after its idle timeout (test-only short timeout, real clock)") {
        StaffServer t({"--session-idle-seconds", "1"}, false);
        StaffClient clerk = t.signed_in("clerk");
        CHECK(clerk.get(kMe).status == 200);
        std::this_thread::sleep_for(std::chrono::milliseconds(2600));
        Response r = clerk.get(kMe);
        CHECK(r.status == 401);
        CHECK(r.error() == "unauthorized");
        CHECK(clerk.sign_in("clerk").status == 200);  // signing in again works
        CHECK(clerk.get(kMe).status == 200);
    }

    TEST_CASE("a session ends at its absolute timeout however busy it is") {
        StaffServer t({"--session-idle-seconds", "3", "--session-max-seconds", "2"}, false);
        StaffClient clerk = t.signed_in("clerk");
        auto start = std::chrono::steady_clock::now();
        double ended_at = -1;
        while (seconds_since(start) < 6) {
            int status = clerk.get(kMe).status;
            if (status != 200) {
                CHECK(status == 401);
                ended_at = seconds_since(start);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
        }
        // Whole seconds on the server: past 2 s, at the latest 4 s after sign-in.
        CHECK(ended_at >= 1.7);
        CHECK(ended_at <= 4.5);
    }

    TEST_CASE("--create-admin reads the password from standard input") {
        TempDir dir;
        std::string db = dir.database();
        std::string log = dir.file("log");
        CHECK(run_create_admin(db, "short", "tooshort\n", log) == 2);
        CHECK(run_create_admin(db, "no", std::string(kPassword) + "\n", log) == 2);  // name
        CHECK(run_create_admin(db, "Chief", std::string(kPassword) + "\r\n", log) == 0);
        CHECK(run_create_admin(db, "chief", "another-password\n", log) == 3);  // exists
        std::string messages;
        {
            std::ifstream in(log);
            messages.assign(std::istreambuf_iterator<char>(in), {});
        }
        CHECK(messages.find("weak password") != std::string::npos);
        CHECK(messages.find("already exists") != std::string::npos);
        CHECK(messages.find(kPassword) == std::string::npos);

        ServerProcess server(db, staff_server_flags(dir, true, {}), dir.file("server.log"));
        StaffClient c(server.port());
        CHECK(c.sign_in("chief").status == 200);  // the first password, not the refused one
        CHECK(c.get(kMe).json()["role"] == "admin");
    }

    TEST_CASE("only an admin creates accounts; names are unique and passwords long enough") {
        StaffServer t;
        Json body = {{"username", "new.clerk"},
                     {"password", kPassword},
                     {"role", "staff"},
                     {"centre", "test-centre"}};
        CHECK(t.signed_in("sup").post("/api/v1/staff/users", body).status == 403);
        Response created = t.admin.post("/api/v1/staff/users", body);
        CHECK(created.status == 201);
        CHECK(created.json()["username"] == "new.clerk");
        Response again = t.admin.post("/api/v1/staff/users", body);
        CHECK(again.status == 409);
        CHECK(again.error() == "user_exists");
        body["username"] = "weak.one";
        body["password"] = "123456789";
        Response weak = t.admin.post("/api/v1/staff/users", body);
        CHECK(weak.status == 422);
        CHECK(weak.error() == "weak_password");
        body["password"] = kPassword;
        body["centre"] = "no-such-centre";
        CHECK(t.admin.post("/api/v1/staff/users", body).error() == "unknown_centre");
        body["role"] = "admin";
        CHECK(t.admin.post("/api/v1/staff/users", body).status == 400);  // admins have no centre
        body["role"] = "boss";
        CHECK(t.admin.post("/api/v1/staff/users", body).status == 400);
        CHECK(t.signed_in("new.clerk").get(kMe).json()["centre"] == "test-centre");
    }

    TEST_CASE("a staff member changes their password; an admin resets one and lists accounts") {
        StaffServer t;
        StaffClient clerk = t.signed_in("clerk");
        StaffClient other_tablet = t.signed_in("clerk");
        const std::string url = "/api/v1/staff/me/password";
        Response wrong =
            clerk.post(url, Json{{"current", "not-it-at-all"}, {"new", "new-pass-2026"}});
        CHECK(wrong.status == 422);
        CHECK(wrong.error() == "wrong_password");
        CHECK(clerk.post(url, Json{{"current", kPassword}, {"new", "short"}}).error() ==
              "weak_password");
        CHECK(
            clerk.post(url, Json{{"current", kPassword}, {"new", "new-pass-2026"}}, false).status ==
            403);
        Response changed = clerk.post(url, Json{{"current", kPassword}, {"new", "new-pass-2026"}});
        CHECK(changed.status == 204);
        CHECK(clerk.get(kMe).status == 200);         // this session goes on
        CHECK(other_tablet.get(kMe).status == 401);  // every other one ends
        StaffClient again(t.server.port());
        CHECK(again.sign_in("clerk").status == 401);
        CHECK(again.sign_in("clerk", "new-pass-2026").status == 200);

        Response list = t.admin.get("/api/v1/staff/users");
        REQUIRE(list.status == 200);
        Json users = list.json()["users"];
        REQUIRE(users.size() == 4);
        CHECK(users[0] == Json{{"username", "clerk"},
                               {"role", "staff"},
                               {"centre", "test-centre"},
                               {"disabled", false},
                               {"must_change_password", false}});
        CHECK(users[2]["username"] == "root");
        CHECK(list.body.find("argon2") == std::string::npos);
        CHECK(clerk.get("/api/v1/staff/users").status == 403);

        StaffClient far = t.signed_in("far");
        CHECK(clerk.post("/api/v1/staff/users/far/password", Json{{"password", "reset-2026-x"}})
                  .status == 403);
        CHECK(t.admin.post("/api/v1/staff/users/far/password", Json{{"password", "reset-2026-x"}})
                  .status == 204);
        CHECK(far.get(kMe).status == 401);
        CHECK(far.sign_in("far", "reset-2026-x").status == 200);
        CHECK(
            t.admin.post("/api/v1/staff/users/nobody/password", Json{{"password", "reset-2026-x"}})
                .status == 404);
    }

    TEST_CASE("demo accounts come with the demo catalogue only") {
        TempDir dir;
        ServerProcess server(dir.database(), {"--seed-demo", "--fast-password-hashing"},
                             dir.file("server.log"));
        StaffClient c(server.port());
        Response sup = c.sign_in("isa.supervisor", "mawid-demo-2026");
        CHECK(sup.status == 200);
        CHECK(sup.json()["centre"] == "isa-town-service-centre");
        CHECK(c.sign_in("isa.staff", "mawid-demo-2026").json()["role"] == "staff");
        CHECK(c.sign_in("admin", "mawid-demo-2026").json()["role"] == "admin");
        // The test catalogue is not the demo: no known passwords there.
        StaffServer t({}, true, 0, false);
        StaffClient other(t.server.port());
        CHECK(other.sign_in("admin", "mawid-demo-2026").status == 401);
    }
}  // TEST_SUITE
