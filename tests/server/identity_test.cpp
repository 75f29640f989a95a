// Sign-in with the national identity against a real OpenID provider (oidc-provider on
// loopback, tests/oidc/provider.mjs) and the real server: a browser with a cookie jar goes
// start -> provider (scripted login) -> callback, and the session it gets books for the
// identity's CPR only. Refusals: an unknown or used state, a state that is not the
// browser's, an answer naming another issuer, an expired ID token. The token check itself, with
// keys the test makes, is in id_token_test.cpp.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "browser.hpp"
#include "oidc_provider.hpp"
#include "support.hpp"

using namespace mawid::test;

namespace {

constexpr const char* kSecret = "test-client-secret";
constexpr int kIdentityCpr = 7;  // cpr_for(7) is the provider's citizen
constexpr const char* kFailed = "/?identity=failed";

// The server, verification on, signing in with `provider` as client `client_id`; its clock
// at `now`.
struct IdentityServer {
    IdentityServer(OidcProvider& provider, const std::string& client_id,
                   const std::string& now = kNow)
        : server(dir.database(), flags(provider, client_id, now), dir.file("server.log")) {
        provider.allow(base() + "/api/v1/identity/callback");
    }

    std::vector<std::string> flags(const OidcProvider& provider, const std::string& client_id,
                                   const std::string& now) {
        // The secret from the environment only, as in production: the child inherits it.
        ::setenv("MAWID_OIDC_SECRET", kSecret, 1);
        auto flags = with_now(with_verification(test_server_flags(dir)), now);
        flags.insert(flags.end(),
                     {"--oidc-issuer", provider.issuer(), "--oidc-client-id", client_id});
        return flags;
    }

    std::string base() const { return "http://127.0.0.1:" + std::to_string(server.port()); }

    std::string log() const {
        std::ifstream in(dir.file("server.log"));
        return std::string(std::istreambuf_iterator<char>(in), {});
    }

    TempDir dir;
    ServerProcess server;
};

// The query parameter `name` of `url` (undecoded), or "".
std::string param_of(const std::string& url, const std::string& name) {
    std::size_t at = url.find("?" + name + "=");
    if (at == std::string::npos) at = url.find("&" + name + "=");
    if (at == std::string::npos) return {};
    at += name.size() + 2;
    return url.substr(at, url.find('&', at) - at);
}

// The address of the callback among `visited`, or "".
std::string callback_of(const std::vector<std::string>& visited) {
    for (const auto& url : visited) {
        if (url.find("/api/v1/identity/callback?") != std::string::npos) return url;
    }
    return {};
}

Json json_of(const Page& page) {
    return Json::parse(page.body, nullptr, false);
}

}  // namespace

TEST_SUITE("identity") {
    TEST_CASE("the national identity signs a citizen in; the session books for its CPR only") {
        OidcProvider provider(kNow, cpr_for(kIdentityCpr), kSecret);
        IdentityServer mawid(provider, "mawid-rs");
        Browser browser;
        CHECK(json_of(browser.get(mawid.base() + "/api/v1/config"))["identity"] == true);
        CHECK(browser.get(mawid.base() + "/api/v1/me").status == 401);

        std::vector<std::string> visited = browser.follow(mawid.base() + "/api/v1/identity/start");
        REQUIRE_MESSAGE(visited.back() == mawid.base() + "/", (mawid.log() + provider.log()));
        // Through the provider's authorization endpoint, with PKCE, state and nonce.
        const std::string& authorize = visited.at(1);
        CHECK(authorize.rfind(provider.issuer() + "/auth?", 0) == 0);
        CHECK(param_of(authorize, "code_challenge_method") == "S256");
        CHECK(param_of(authorize, "code_challenge").size() == 43);
        CHECK(param_of(authorize, "nonce").size() == 43);
        CHECK(param_of(authorize, "scope") == "openid");
        CHECK(param_of(authorize, "client_id") == "mawid-rs");

        Page me = browser.get(mawid.base() + "/api/v1/me");
        REQUIRE(me.status == 200);
        CHECK(json_of(me)["identity"] == true);
        CHECK(json_of(me)["phone"] == "");

        // A booking that leaves the CPR out is the identity's.
        Json body = booking_body("race", slot_time(3, 9, 0), kIdentityCpr);
        body.erase("cpr");
        Page booked = browser.post_json(mawid.base() + "/api/v1/bookings", body.dump());
        REQUIRE_MESSAGE(booked.status == 201, booked.body);
        const std::string code = json_of(booked)["code"];
        Page mine = browser.get(mawid.base() + "/api/v1/me/bookings");
        REQUIRE(json_of(mine)["bookings"].size() == 1);
        CHECK(json_of(mine)["bookings"][0]["code"] == code);
        // Its CPR is the identity's: the booking is found by code and that CPR, not another.
        Json lookup = {{"code", code}, {"cpr", cpr_for(kIdentityCpr)}};
        CHECK(browser.post_json(mawid.base() + "/api/v1/bookings/lookup", lookup.dump()).status ==
              200);
        lookup["cpr"] = cpr_for(kIdentityCpr + 1);
        CHECK(browser.post_json(mawid.base() + "/api/v1/bookings/lookup", lookup.dump()).status ==
              404);

        // Naming its own CPR is the same; naming another is refused.
        Json own = booking_body("multi", slot_time(3, 10, 0), kIdentityCpr);
        CHECK(browser.post_json(mawid.base() + "/api/v1/bookings", own.dump()).status == 201);
        Json other = booking_body("multi", slot_time(3, 11, 0), kIdentityCpr + 1);
        Page refused = browser.post_json(mawid.base() + "/api/v1/bookings", other.dump());
        CHECK(refused.status == 422);
        CHECK(json_of(refused)["error"] == "cpr_mismatch");
        CHECK(json_of(refused)["field"] == "cpr");

        // The log says who signed in by nothing personal.
        std::string log = mawid.log();
        CHECK(log.find("identity: signed in") != std::string::npos);
        CHECK(log.find(cpr_for(kIdentityCpr)) == std::string::npos);
    }

    TEST_CASE("ES256 ID tokens are checked as well as RS256 ones") {
        OidcProvider provider(kNow, cpr_for(kIdentityCpr), kSecret);
        IdentityServer mawid(provider, "mawid-es");
        Browser browser;
        auto visited = browser.follow(mawid.base() + "/api/v1/identity/start");
        REQUIRE_MESSAGE(visited.back() == mawid.base() + "/", (mawid.log() + provider.log()));
        CHECK(json_of(browser.get(mawid.base() + "/api/v1/me"))["identity"] == true);
    }

    TEST_CASE("a state is used once, is this browser's and must be known") {
        OidcProvider provider(kNow, cpr_for(kIdentityCpr), kSecret);
        IdentityServer mawid(provider, "mawid-rs");
        Browser browser;
        auto visited = browser.follow(mawid.base() + "/api/v1/identity/start");
        REQUIRE_MESSAGE(visited.back() == mawid.base() + "/", (mawid.log() + provider.log()));
        const std::string callback = callback_of(visited);
        REQUIRE(!callback.empty());
        const std::string state = param_of(callback, "state");

        // The same callback again, even with the state's cookie: the state was used.
        Browser replay;
        Page again = replay.get(callback, "mawid_identity=" + state);
        CHECK(again.status == 302);
        CHECK(again.location == mawid.base() + kFailed);
        CHECK(replay.get(mawid.base() + "/api/v1/me").status == 401);

        // An unknown state, and a known one from a browser that did not begin it.
        Page unknown = replay.get(mawid.base() + "/api/v1/identity/callback?code=x&state=madeup",
                                  "mawid_identity=madeup");
        CHECK(unknown.location == mawid.base() + kFailed);
        // An answer naming another issuer (RFC 9207) is not the national identity's.
        Page mixed = replay.get(mawid.base() + "/api/v1/identity/callback?code=x&state=madeup" +
                                    "&iss=https%3A%2F%2Fidentity.example.net",
                                "mawid_identity=madeup");
        CHECK(mixed.location == mawid.base() + kFailed);
        Browser begun;
        Page start = begun.get(mawid.base() + "/api/v1/identity/start");
        REQUIRE(start.status == 302);
        Browser stranger;
        std::string stolen = mawid.base() + "/api/v1/identity/callback?code=x&state=" +
                             param_of(start.location, "state");
        CHECK(stranger.get(stolen).location == mawid.base() + kFailed);
        CHECK(stranger.get(mawid.base() + "/api/v1/me").status == 401);
        CHECK(mawid.log().find("the state is unknown, used or expired") != std::string::npos);
        CHECK(mawid.log().find("the state is not this browser's") != std::string::npos);
        CHECK(mawid.log().find("the answer names another issuer") != std::string::npos);
    }

    TEST_CASE("an ID token expired by the server's clock is refused") {
        // The provider's clock two hours behind the server's: its tokens live one hour.
        OidcProvider provider(kNow, cpr_for(kIdentityCpr), kSecret);
        IdentityServer mawid(provider, "mawid-rs", "2026-12-01T08:00:00+03:00");
        Browser browser;
        auto visited = browser.follow(mawid.base() + "/api/v1/identity/start");
        CHECK(visited.back() == mawid.base() + kFailed);
        CHECK(browser.get(mawid.base() + "/api/v1/me").status == 401);
        CHECK(mawid.log().find("the ID token was refused: expired") != std::string::npos);
    }

    TEST_CASE("without --oidc-issuer there is no sign-in with the national identity") {
        TempDir dir;
        ServerProcess server(dir.database(), with_verification(test_server_flags(dir)),
                             dir.file("server.log"));
        Client client(server.port());
        CHECK(client.get("/api/v1/config").json()["identity"] == false);
        CHECK(client.get("/api/v1/identity/start").status == 404);
        CHECK(client.get("/api/v1/identity/callback?code=x&state=y").status == 404);
    }
}
