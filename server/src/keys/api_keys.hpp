// API keys of service accounts (docs/service-accounts.md): how a key looks, how it is kept
// (the BLAKE2b hash of its secret, as citizen and staff session tokens), the check of
// `Authorization: Bearer <key>` on each request, and each account's own quota.
// Beast-free.
#pragma once

#include <mawid/errors.hpp>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/http_types.hpp"
#include "http/rate_limiter.hpp"
#include "storage/service_account_store.hpp"

namespace mawid::server {

inline constexpr std::string_view kCatalogRead = "catalog:read";
inline constexpr std::string_view kAvailabilityRead = "availability:read";
inline constexpr std::string_view kBookingsWrite = "bookings:write";

// True for one of the three scopes above.
bool is_scope(std::string_view scope);

// A new key: "mwk_" + key_id (16 hex digits, public) + "_" + secret (43 base64url characters).
struct NewApiKey {
    std::string key;     // shown once, to the admin who made it
    std::string key_id;  // stored, to find the account
    std::string hash;    // stored: BLAKE2b of the secret
};
NewApiKey new_api_key();

// The key id and secret of a key as sent; nullopt when it cannot be a key of ours.
struct KeyParts {
    std::string key_id;
    std::string secret;
};
std::optional<KeyParts> parse_api_key(std::string_view key);

// True when `secret` hashes to `stored` (compared in constant time).
bool secret_matches(const std::string& stored, std::string_view secret);

// The key of an `Authorization: Bearer <key>` header, empty when the scheme comes without a
// key (a malformed key, refused like one); nullopt without the header or for another scheme.
std::optional<std::string_view> bearer_token(std::string_view authorization);

// The audit trail's name for an account's actions: "api:<name>" (no staff user name has ':').
std::string audit_name(const ServiceAccount& account);

// True when the account has `scope`.
bool has_scope(const ServiceAccount& account, std::string_view scope);
// True when the account may book for `service` at `centre` (bookings:write and both listed).
bool may_book(const ServiceAccount& account, const std::string& service,
              const std::string& centre);

class ServiceKeys {
public:
    explicit ServiceKeys(std::string db_path) : db_path_(std::move(db_path)) {}

    // The live account of the request's key: read from the database on every request (one
    // indexed row on this thread's read connection; nothing cached), so a revocation the
    // writer has committed refuses the very next request on every thread. invalid_api_key
    // for a key unknown, revoked or malformed.
    Result<ServiceAccount> authenticate(std::string_view key) const;

    // The account's own quota (per_minute a minute). The limiter lives as long as this
    // object: a reference may be kept by an answer sent later from the writer's thread.
    RateLimiter& quota(const ServiceAccount& account);

private:
    std::string db_path_;
    std::mutex mutex_;
    // One limiter per account (a handful), made at its first request; the quota never
    // changes (an account is revoked and made again), so a limiter is never replaced.
    std::unordered_map<std::int64_t, std::unique_ptr<RateLimiter>> limiters_;
};

}  // namespace mawid::server
