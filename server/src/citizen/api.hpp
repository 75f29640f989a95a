// The citizen JSON API of docs/api.md: routes requests to shared/ rules, the read store
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

#include "citizen/availability.hpp"
#include "citizen/verification.hpp"
#include "http/http_types.hpp"
#include "http/rate_limiter.hpp"
#include "http/request_parsing.hpp"
#include "http/static_files.hpp"
#include "identity/identity.hpp"
#include "jobs/bookings.hpp"
#include "keys/api_keys.hpp"
#include "state/catalog_cache.hpp"
#include "state/clock.hpp"
#include "storage/writer.hpp"

namespace mawid::server {

struct ApiOptions {
    std::string db_path;
    Clock clock;
    int rate_limit_per_minute = 120;
    PersonLimits limits;  // for verified citizens
};

class Api {
public:
    // `files` may be null (no --web): then only the API is served.
    Api(ApiOptions options, CatalogCache& catalog, Writer& writer, Verification& verification,
        Identity& identity, const StaticFiles* files);

    // Answers any request: the API, /healthz, or a static file.
    void handle(const HttpRequest& request, Responder respond);

    // Answers a request under /api/v1/staff/ (the staff API, wired in by main.cpp so that
    // the citizen API does not depend on it); it runs ahead of the per-client limit.
    using StaffRoute = std::function<void(const HttpRequest&, std::string_view path,
                                          std::string_view query, Responder)>;
    void attach_staff(StaffRoute staff) { staff_ = std::move(staff); }
    // POST /api/v1/bookings for a booking staff make on a citizen's behalf: the same rules
    // and transaction, without the per-client limit (a centre's counters share an address);
    // the booking records `member` as who handled it, and the audit trail names `member`
    // (booking_made) in that transaction.
    void book_on_behalf(const HttpRequest& request, const std::string& member, Responder& respond) {
        book(request, respond, member);
    }

private:
    void handle_api(const HttpRequest& request, std::string_view path, std::string_view query,
                    Responder& respond);
    HttpResponse catalog(const HttpRequest& request) const;
    HttpResponse availability(const HttpRequest& request, std::string_view query) const;
    HttpResponse lookup(const HttpRequest& request);
    // `handled_by`: the member of staff booking on a citizen's behalf; "" for the citizen.
    // `account`: the service account booking (then handled_by is its audit_name), which
    // must be allowed the booking's service and centre.
    void book(const HttpRequest& request, Responder& respond, const std::string& handled_by = {},
              const ServiceAccount* account = nullptr);
    void cancel(const HttpRequest& request, std::string_view code, Responder& respond);
    void reschedule(const HttpRequest& request, std::string_view code, Responder& respond);
    // me.cpp: the verified citizen's own answers.
    // Who asks: unverified when the server does not require it, else their session or
    // verification_required.
    Result<Asker> asker_of(const HttpRequest& request);
    // /api/v1/config, /api/v1/verifications..., /api/v1/identity/..., /api/v1/me...; false
    // when `path` is none.
    bool handle_citizen_session(const HttpRequest& request, std::string_view path,
                                std::string_view query, Responder& respond);
    HttpResponse my_bookings(const HttpRequest& request);
    // service_api.cpp: a request with `Authorization: Bearer <key>` of a service account;
    // its key, its own quota and its scopes decide instead of a citizen's session.
    void handle_service(const HttpRequest& request, std::string_view key, std::string_view path,
                        std::string_view query, Responder& respond);
    void route_service(const HttpRequest& request, const ServiceAccount& account,
                       std::string_view path, std::string_view query, Responder& respond);
    void service_lookup(const HttpRequest& request, const ServiceAccount& account,
                        Responder& respond);
    void service_cancel(const HttpRequest& request, const ServiceAccount& account,
                        std::string_view code, Responder& respond);

    ApiOptions options_;
    CatalogCache& catalog_;
    Writer& writer_;
    Verification& verification_;
    Identity& identity_;
    const StaticFiles* files_;
    RateLimiter limiter_;
    ServiceKeys keys_;
    StaffRoute staff_;
    mutable AvailabilityCache availability_cache_;
};

}  // namespace mawid::server
