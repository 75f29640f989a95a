// A running test server with a fresh database, and a client connected to it.
#pragma once

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <memory>

#include "support.hpp"

namespace mawid::test {

struct TestServer {
    explicit TestServer(int rate_limit = 0, std::vector<std::string> extra = {})
        : server(dir.database(), with(test_server_flags(dir, rate_limit), extra),
                 dir.file("server.log")),
          client(server.port()) {}

    static std::vector<std::string> with(std::vector<std::string> flags,
                                         const std::vector<std::string>& extra) {
        flags.insert(flags.end(), extra.begin(), extra.end());
        return flags;
    }

    // Books `service` at `start` for CPR n; returns the response.
    Response book(const std::string& service, const std::string& start, int cpr_n,
                  std::vector<std::pair<std::string, std::string>> headers = {}) {
        return client.post("/api/v1/bookings", booking_body(service, start, cpr_n).dump(), headers);
    }

    // Seats free at `start` according to the availability API (-1 when not listed).
    int free_at(const std::string& service, const std::string& start) {
        std::string date = start.substr(0, 10);
        Response r = client.get("/api/v1/availability?centre=test-centre&service=" + service +
                                "&from=" + date + "&days=1");
        REQUIRE(r.status == 200);
        Json body = r.json();  // kept: a range-for over r.json()["slots"] would dangle
        for (const auto& slot : body["slots"]) {
            if (slot["start"] == start) return slot["free"].get<int>();
        }
        MESSAGE("no slot " << start << " in " << r.body.substr(0, 300));
        return -1;
    }

    std::string log() const {
        std::ifstream in(dir.file("server.log"));
        return std::string(std::istreambuf_iterator<char>(in), {});
    }

    TempDir dir;
    ServerProcess server;
    Client client;
};

}  // namespace mawid::test
