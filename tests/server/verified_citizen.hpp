// A citizen's browser against the real server, and the verification of a phone by the code
// the stand-in gateway catches: shared by the suites that need a verified citizen.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <regex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "fixture.hpp"
#include "sms_gateway.hpp"

namespace mawid::test {

// A browser of one citizen: keeps the session cookie it is given.
struct Citizen {
    explicit Citizen(int port, const std::string& from = "127.0.0.1") : client(port, from) {}

    Response post(const std::string& target, const Json& body) {
        Response r = client.post(target, body.dump(), headers());
        keep_cookie(r);
        return r;
    }
    Response get(const std::string& target) { return client.get(target, headers()); }

    std::vector<std::pair<std::string, std::string>> headers() const {
        if (cookie.empty()) return {};
        return {{"Cookie", cookie}};
    }
    void keep_cookie(const Response& r) {
        std::string set = r.header("set-cookie");
        if (!set.empty()) cookie = set.substr(0, set.find(';'));
    }

    Client client;
    std::string cookie;
};

// The codes the gateway took for `phone`, in the order it took them.
inline std::vector<std::string> codes_to(StandInGateway& gateway, const std::string& phone) {
    std::vector<std::string> codes;
    static const std::regex kCode(": (\\d{6})\\.");  // "Mawid code: 123456." in every table
    for (const auto& sms : gateway.accepted()) {
        std::smatch found;
        const std::string& body = sms.form.at("Body");
        if (sms.form.at("To") == phone && std::regex_search(body, found, kCode)) {
            codes.push_back(found[1]);
        }
    }
    return codes;
}

// The code sent to `phone` after the first `seen` (30 s at most; "" if none came).
inline std::string next_code(StandInGateway& gateway, const std::string& phone, std::size_t seen) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        auto codes = codes_to(gateway, phone);
        if (codes.size() > seen) return codes[seen];
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return {};
}

// Verifies `phone` on `citizen`: the code asked for, caught and confirmed.
inline void verify(Citizen& citizen, StandInGateway& gateway, const std::string& phone) {
    std::size_t seen = codes_to(gateway, phone).size();
    Response sent = citizen.post("/api/v1/verifications", {{"phone", phone}, {"lang", "en"}});
    REQUIRE_MESSAGE(sent.status == 202, sent.body);
    std::string code = next_code(gateway, phone, seen);
    REQUIRE(code.size() == 6);
    Response confirmed =
        citizen.post("/api/v1/verifications/confirm", {{"phone", phone}, {"code", code}});
    REQUIRE_MESSAGE(confirmed.status == 200, confirmed.body);
}

}  // namespace mawid::test
