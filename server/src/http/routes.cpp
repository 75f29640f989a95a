#include "http/routes.hpp"

#include <array>

namespace mawid::server {
namespace {

// In {braces}: a segment that varies (matches any one non-empty segment).
constexpr std::array kRoutes = {
    std::string_view("/healthz"),
    std::string_view("/readyz"),
    std::string_view("/metrics"),
    std::string_view("/api/v1/catalog"),
    std::string_view("/api/v1/availability"),
    std::string_view("/api/v1/config"),
    std::string_view("/api/v1/openapi.json"),
    std::string_view("/api/v1/bookings"),
    std::string_view("/api/v1/bookings/lookup"),
    std::string_view("/api/v1/bookings/{code}/cancel"),
    std::string_view("/api/v1/bookings/{code}/reschedule"),
    std::string_view("/api/v1/identity/start"),
    std::string_view("/api/v1/identity/callback"),
    std::string_view("/api/v1/verifications"),
    std::string_view("/api/v1/verifications/confirm"),
    std::string_view("/api/v1/me"),
    std::string_view("/api/v1/me/sign-out"),
    std::string_view("/api/v1/me/bookings"),
    std::string_view("/api/v1/staff/sign-in"),
    std::string_view("/api/v1/staff/sign-out"),
    std::string_view("/api/v1/staff/me"),
    std::string_view("/api/v1/staff/me/password"),
    std::string_view("/api/v1/staff/catalog/centres.csv"),
    std::string_view("/api/v1/staff/catalog/services.csv"),
    std::string_view("/api/v1/staff/catalog/import"),
    std::string_view("/api/v1/staff/service-accounts"),
    std::string_view("/api/v1/staff/service-accounts/{id}/revoke"),
    std::string_view("/api/v1/staff/users"),
    std::string_view("/api/v1/staff/users/{user}"),
    std::string_view("/api/v1/staff/users/{user}/password"),
    std::string_view("/api/v1/staff/holidays"),
    std::string_view("/api/v1/staff/holidays/remove"),
    std::string_view("/api/v1/staff/outbox"),
    std::string_view("/api/v1/staff/rollout"),
    std::string_view("/api/v1/staff/rollout/report"),
    std::string_view("/api/v1/staff/audit"),
    std::string_view("/api/v1/staff/centres/{centre}/day"),
    std::string_view("/api/v1/staff/centres/{centre}/stranded"),
    std::string_view("/api/v1/staff/centres/{centre}/report"),
    std::string_view("/api/v1/staff/centres/{centre}/schedule"),
    std::string_view("/api/v1/staff/centres/{centre}/schedule/remove"),
    std::string_view("/api/v1/staff/centres/{centre}/closures"),
    std::string_view("/api/v1/staff/centres/{centre}/closures/remove"),
    std::string_view("/api/v1/staff/centres/{centre}/walk-ins"),
    std::string_view("/api/v1/staff/centres/{centre}/bookings"),
    std::string_view("/api/v1/staff/bookings/{code}/check-in"),
    std::string_view("/api/v1/staff/bookings/{code}/serve"),
    std::string_view("/api/v1/staff/bookings/{code}/no-show"),
    std::string_view("/api/v1/staff/bookings/{code}/cancel"),
    std::string_view("/api/v1/staff/bookings/{code}/reschedule"),
    std::string_view("/api/v1/staff/walk-ins/{id}/served"),
    std::string_view("/api/{other}"),
    std::string_view("/{static}"),
};
constexpr std::size_t kOtherApi = kRoutes.size() - 2;
constexpr std::size_t kStatic = kRoutes.size() - 1;

// The next segment of `path` after position `at` (which is at a '/'), and where it ends.
std::string_view next_segment(std::string_view path, std::size_t& at) {
    std::size_t start = at + 1;
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    at = end;
    return path.substr(start, end - start);
}

bool matches(std::string_view pattern, std::string_view path) {
    std::size_t p = 0, q = 0;
    while (p < pattern.size() && q < path.size()) {
        std::string_view want = next_segment(pattern, p);
        std::string_view got = next_segment(path, q);
        bool any = !want.empty() && want.front() == '{';
        if (any ? got.empty() : want != got) return false;
    }
    return p >= pattern.size() && q >= path.size();
}

}  // namespace

std::size_t route_index(std::string_view target) {
    std::string_view path = target.substr(0, target.find('?'));
    if (path.substr(0, 5) != "/api/" && path != "/api") {
        for (std::size_t i = 0; i < 3; ++i) {
            if (path == kRoutes[i]) return i;
        }
        return kStatic;
    }
    for (std::size_t i = 3; i < kOtherApi; ++i) {
        if (matches(kRoutes[i], path)) return i;
    }
    return kOtherApi;
}

std::string_view route_name(std::size_t index) {
    return index < kRoutes.size() ? kRoutes[index] : kRoutes[kStatic];
}

std::size_t route_count() {
    return kRoutes.size();
}

}  // namespace mawid::server
