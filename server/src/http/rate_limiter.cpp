#include "http/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "http/json_responses.hpp"

namespace mawid::server {

RateLimiter::Decision RateLimiter::take(const std::string& client, Clock::time_point now) {
    if (per_minute_ <= 0) return Decision{};
    Shard& shard = shards_[std::hash<std::string>{}(client) % shards_.size()];
    std::lock_guard lock(shard.mutex);
    sweep(shard, now);
    const double capacity = per_minute_;
    const double per_second = per_minute_ / 60.0;
    auto [it, inserted] = shard.buckets.try_emplace(client, Bucket{capacity, now});
    Bucket& bucket = it->second;
    if (!inserted) {
        double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
        bucket.tokens = std::min(capacity, bucket.tokens + elapsed * per_second);
        bucket.updated = now;
    }
    Decision decision;
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
    } else {
        decision.retry_after =
            std::max(1, static_cast<int>(std::ceil((1.0 - bucket.tokens) / per_second)));
    }
    decision.remaining = static_cast<int>(std::floor(bucket.tokens));
    double missing = 1.0 - (bucket.tokens - std::floor(bucket.tokens));
    decision.reset = bucket.tokens >= capacity ? 0
                                               : std::max(1, static_cast<int>(std::ceil(
                                                                 missing / per_second)));
    return decision;
}

void RateLimiter::describe(HttpResponse& response, const Decision& decision) const {
    // A narrower limit (codes per client) that refused the request has said its own.
    for (const auto& [name, value] : response.headers) {
        if (name == "RateLimit") return;
    }
    response.headers.emplace_back("RateLimit-Policy", std::to_string(per_minute_) + ";w=60");
    response.headers.emplace_back("RateLimit", "limit=" + std::to_string(per_minute_) +
                                                   ", remaining=" +
                                                   std::to_string(decision.remaining) +
                                                   ", reset=" + std::to_string(decision.reset));
}

HttpResponse RateLimiter::refusal(const Decision& decision) const {
    HttpResponse response = rate_limited_response(decision.retry_after);
    describe(response, decision);
    return response;
}

// Forgets clients whose buckets have refilled: they are indistinguishable from new ones.
// Bounds memory when many addresses pass by.
void RateLimiter::sweep(Shard& shard, Clock::time_point now) {
    if (now - shard.last_sweep < std::chrono::minutes(1)) return;
    shard.last_sweep = now;
    std::erase_if(shard.buckets, [now](const auto& entry) {
        return now - entry.second.updated > std::chrono::minutes(1);
    });
}

}  // namespace mawid::server
