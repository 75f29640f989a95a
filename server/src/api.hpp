// The JSON API of ../shared/API.md: routes requests to shared/ rules, the read store
// and the writer. Beast-free: it sees HttpRequest and answers through a Responder.
#pragma once

#include <mawid/catalog.hpp>
#include <mawid/civil_time.hpp>
#include <mawid/errors.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http_types.hpp"
#include "rate_limiter.hpp"
#include "static_files.hpp"
#include "writer.hpp"

namespace mawid::server {

// "Now" for the booking rules: the real clock, or a fixed instant for tests (--now).
class Clock {
public:
    explicit Clock(std::optional<UnixSeconds> fixed = std::nullopt) : fixed_(fixed) {}
    UnixSeconds now() const;

private:
    std::optional<UnixSeconds> fixed_;
};

// The catalogue in memory, with its JSON answer ready to send and its ETag.
class CatalogCache {
public:
    struct State {
        Catalog catalog;
        std::string json;
        std::string etag;  // quoted, as sent in the ETag header
    };
    CatalogCache();
    std::shared_ptr<const State> get() const;
    void set(Catalog catalog);

private:
    mutable std::mutex mutex_;
    std::shared_ptr<const State> state_;
};

// Availability answers, reused until the writer commits again or the minute changes (the
// minimum notice moves with the clock, minute by minute). Bounded; sharded by key.
class AvailabilityCache {
public:
    struct Key {
        std::string text;  // centre, service, from, days
        std::int64_t minute = 0;
    };
    // The cached body, if it was made at `generation`.
    std::optional<std::string> find(const Key& key, std::uint64_t generation);
    void store(const Key& key, std::uint64_t generation, std::string body);

private:
    struct Entry {
        std::uint64_t generation = 0;
        std::int64_t minute = 0;
        std::string body;
    };
    struct Shard {
        std::mutex mutex;
        std::unordered_map<std::string, Entry> entries;
    };
    Shard& shard_for(const std::string& text);
    std::array<Shard, 16> shards_;
};

struct ApiOptions {
    std::string db_path;
    Clock clock;
    int rate_limit_per_minute = 120;
};

class Api {
public:
    // `files` may be null (no --web): then only the API is served.
    Api(ApiOptions options, CatalogCache& catalog, Writer& writer, const StaticFiles* files);

    // Answers any request: the API, /healthz, or a static file.
    void handle(const HttpRequest& request, Responder respond);

private:
    void handle_api(const HttpRequest& request, std::string_view path, std::string_view query,
                    Responder& respond);
    HttpResponse catalog(const HttpRequest& request) const;
    HttpResponse availability(std::string_view query) const;
    HttpResponse lookup(const HttpRequest& request) const;
    void book(const HttpRequest& request, Responder& respond);
    void cancel(const HttpRequest& request, std::string_view code, Responder& respond);
    void reschedule(const HttpRequest& request, std::string_view code, Responder& respond);

    ApiOptions options_;
    CatalogCache& catalog_;
    Writer& writer_;
    const StaticFiles* files_;
    RateLimiter limiter_;
    mutable AvailabilityCache availability_cache_;
};

// A JSON error answer with the code's standard status and message.
HttpResponse error_http_response(ErrorCode code, std::string message = {});

// The request target as it may be logged: no query string, booking codes masked.
std::string loggable_path(std::string_view target);

// Decodes %XX escapes (and '+' as space when `plus_is_space`); nullopt when malformed.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

}  // namespace mawid::server
