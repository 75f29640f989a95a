#include "citizen/session_cache.hpp"

#include <chrono>
#include <cstdint>
#include <unordered_map>

namespace mawid::server {
namespace {

// Long enough that a connection's bookings during a storm read their session once, short
// enough that a change made by another server (sharing the database) shows within it.
// Changes made by this server (sign-out, expiry, refusals) show at once: see generation.
constexpr auto kTrust = std::chrono::seconds(1);
constexpr std::size_t kMostEntries = 4096;

struct Entry {
    CachedSession cached;
    std::chrono::steady_clock::time_point read_at;
};

std::unordered_map<std::string, Entry>& entries() {
    thread_local std::unordered_map<std::string, Entry> cache;
    return cache;
}

}  // namespace

std::optional<CachedSession> cached_citizen_session(const std::string& hash) {
    auto& cache = entries();
    auto found = cache.find(hash);
    if (found == cache.end()) return std::nullopt;
    const Entry& entry = found->second;
    if (entry.cached.generation != citizen_sessions_generation() ||
        std::chrono::steady_clock::now() - entry.read_at > kTrust) {
        cache.erase(found);
        return std::nullopt;
    }
    return entry.cached;
}

void note_citizen_session_seen(const std::string& hash, UnixSeconds now) {
    auto found = entries().find(hash);
    if (found != entries().end()) found->second.cached.session.last_seen = now;
}

void keep_citizen_session(const std::string& hash, const CachedSession& cached) {
    auto& cache = entries();
    if (cache.size() >= kMostEntries) cache.clear();  // the entries of a past storm
    cache[hash] = Entry{cached, std::chrono::steady_clock::now()};
}

}  // namespace mawid::server
