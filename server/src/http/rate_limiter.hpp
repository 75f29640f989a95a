// Per-client rate limiting: a token bucket per IP address that refills continuously at
// `per_minute` tokens a minute and holds at most `per_minute` tokens (a minute's burst).
#pragma once

#include <array>
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "http/http_types.hpp"

namespace mawid::server {

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    // per_minute = 0 turns limiting off.
    explicit RateLimiter(int per_minute) : per_minute_(per_minute) {}

    // What the bucket said about one request.
    struct Decision {
        int retry_after = 0;  // 0: go ahead (a token was taken); else seconds to wait
        int remaining = 0;    // whole tokens left
        int reset = 0;        // seconds until the next token is back (0 when one is there)
    };
    Decision take(const std::string& client, Clock::time_point now = Clock::now());

    // 0 when the request may go ahead (a token is taken); otherwise the whole seconds the
    // client should wait before trying again (for Retry-After).
    int retry_after_seconds(const std::string& client, Clock::time_point now = Clock::now()) {
        return take(client, now).retry_after;
    }

    // Adds the IETF draft's RateLimit-Policy ("120;w=60": 120 requests a 60-second window)
    // and RateLimit ("limit=120, remaining=0, reset=1") headers
    // (draft-ietf-httpapi-ratelimit-headers) for `decision`.
    void describe(HttpResponse& response, const Decision& decision) const;
    // The 429 for a refused decision: Retry-After and the headers of describe().
    HttpResponse refusal(const Decision& decision) const;

    bool enabled() const { return per_minute_ > 0; }

private:
    struct Bucket {
        double tokens = 0;
        Clock::time_point updated;
    };
    // Sharded so that two threads rarely wait for the same lock.
    struct Shard {
        std::mutex mutex;
        std::unordered_map<std::string, Bucket> buckets;
        Clock::time_point last_sweep;
    };
    void sweep(Shard& shard, Clock::time_point now);

    const int per_minute_;
    std::array<Shard, 16> shards_;
};

}  // namespace mawid::server
