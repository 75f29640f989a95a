// The JSON API of ../shared/API.md: routes requests to shared/ rules, the read store
// and the writer. Beast-free: it sees HttpRequest and answers through a Responder.
#pragma once

#include <mawid/catalog.hpp>
#include <mawid/civil_time.hpp>
#include <mawid/errors.hpp>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "availability.hpp"
#include "http_types.hpp"
#include "rate_limiter.hpp"
#include "request_parsing.hpp"
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
    // Read on every catalogue and availability request, replaced only when it changes.
    std::atomic<std::shared_ptr<const State>> state_;
};

struct ApiOptions {
    std::string db_path;
    Clock clock;
    int rate_limit_per_minute = 120;
};

class StaffApi;

class Api {
public:
    // `files` may be null (no --web): then only the API is served.
    Api(ApiOptions options, CatalogCache& catalog, Writer& writer, const StaticFiles* files);

    // Answers any request: the API, /healthz, or a static file.
    void handle(const HttpRequest& request, Responder respond);

    // Routes /api/v1/staff/... to `staff` (staff_api.hpp), ahead of the per-client limit.
    void attach_staff(StaffApi* staff) { staff_ = staff; }
    // POST /api/v1/bookings for a booking staff make on a citizen's behalf: the same rules
    // and transaction, without the per-client limit (a centre's counters share an address).
    void book_on_behalf(const HttpRequest& request, Responder& respond) { book(request, respond); }

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
    StaffApi* staff_ = nullptr;
    mutable AvailabilityCache availability_cache_;
};

// The request target as it may be logged: no query string, booking codes masked.
std::string loggable_path(std::string_view target);

}  // namespace mawid::server
