// The availability answer: written directly, byte for byte as shared/'s
// availability_to_json(...).dump() would write it, and cached until the next commit.
#pragma once

#include <mawid/slots.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "http/compression.hpp"

namespace mawid::server {

// {"centre","service","slots":[{"capacity","free","start"}...]} without building a JSON tree:
// the read path's hot spot was building and freeing that tree.
std::string availability_text(const std::string& centre, const std::string& service,
                              const std::vector<Slot>& slots, const Occupancy& taken,
                              int offset_minutes);

// Availability answers, with their ETags and gzip forms, reused until the writer commits
// again or the minute changes (the minimum notice moves with the clock, minute by minute),
// and for at most `trust`: seats taken by other servers on the same database do not move
// this server's writer. Bounded; sharded by key.
class AvailabilityCache {
public:
    explicit AvailabilityCache(std::chrono::steady_clock::duration trust) : trust_(trust) {}

    struct Key {
        std::string text;  // centre, service, from, days
        std::int64_t minute = 0;
    };
    // The cached answer (body, ETag, gzip form once asked for), if made at `generation`.
    std::shared_ptr<const PreparedAnswer> find(const Key& key, std::uint64_t generation);
    void store(const Key& key, std::uint64_t generation,
               std::shared_ptr<const PreparedAnswer> answer);

private:
    struct Entry {
        std::uint64_t generation = 0;
        std::int64_t minute = 0;
        std::chrono::steady_clock::time_point made;
        std::shared_ptr<const PreparedAnswer> answer;
    };
    struct Shard {
        std::mutex mutex;
        std::unordered_map<std::string, Entry> entries;
        std::size_t bytes = 0;  // of the bodies held
    };
    Shard& shard_for(const std::string& text);
    const std::chrono::steady_clock::duration trust_;
    std::array<Shard, 16> shards_;
};

}  // namespace mawid::server
