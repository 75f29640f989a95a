// A small load engine: many keep-alive HTTP/1.1 connections driven by one epoll loop,
// each sending its next request as soon as the previous answer arrives, recording latency.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace mawid::load {

struct Request {
    std::string method;
    std::string target;
    std::string body;
    std::string headers;  // more header lines, each ending in \r\n (a session's cookie)
};

struct Answer {
    int status = 0;
    std::string body;
    std::string set_cookie;  // the Set-Cookie header's value, if any
};

struct PhaseResult {
    std::uint64_t requests = 0;
    std::uint64_t failures = 0;  // network errors
    double seconds = 0;
    std::vector<double> latencies_ms;  // one per answered request
    double per_second() const { return seconds > 0 ? requests / seconds : 0; }
    double percentile(double p) const;  // p in 0..100, of latencies_ms
};

struct PhaseConfig {
    int port = 0;
    int connections = 64;
    std::chrono::milliseconds duration{5000};
    std::uint64_t max_requests = 0;  // 0 = until the duration ends
};

// Runs until the duration ends (or max_requests were sent). `next(connection)` makes each
// request; `done(request, answer)` sees each answer. Both run on the calling thread.
PhaseResult run_phase(const PhaseConfig& config, const std::function<Request(int connection)>& next,
                      const std::function<void(const Request&, const Answer&)>& done);

// One request on a fresh blocking connection (for set-up and checks).
Answer fetch(int port, const Request& request);

}  // namespace mawid::load
