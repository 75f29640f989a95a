#include "keys/api_keys.hpp"

#include <sodium.h>

#include <algorithm>

#include "staff/auth.hpp"
#include "storage/store.hpp"

namespace mawid::server {
namespace {

constexpr std::string_view kPrefix = "mwk_";
constexpr std::size_t kKeyIdBytes = 8;
constexpr std::size_t kSecretLength = 43;  // new_session_token(): 32 bytes in base64url

bool contains(const std::vector<std::string>& list, std::string_view item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

bool is_hex(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

bool is_scope(std::string_view scope) {
    return scope == kCatalogRead || scope == kAvailabilityRead || scope == kBookingsWrite;
}

NewApiKey new_api_key() {
    unsigned char id[kKeyIdBytes];
    randombytes_buf(id, sizeof id);
    char hex[kKeyIdBytes * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, id, sizeof id);
    std::string secret = new_session_token();
    NewApiKey made;
    made.key_id = hex;
    made.key = std::string(kPrefix) + made.key_id + "_" + secret;
    made.hash = token_hash(secret);
    return made;
}

std::optional<KeyParts> parse_api_key(std::string_view key) {
    const std::size_t id_length = kKeyIdBytes * 2;
    if (key.size() != kPrefix.size() + id_length + 1 + kSecretLength) return std::nullopt;
    if (key.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
    std::string_view id = key.substr(kPrefix.size(), id_length);
    if (!is_hex(id) || key[kPrefix.size() + id_length] != '_') return std::nullopt;
    return KeyParts{std::string(id), std::string(key.substr(kPrefix.size() + id_length + 1))};
}

bool secret_matches(const std::string& stored, std::string_view secret) {
    std::string hash = token_hash(secret);
    return stored.size() == hash.size() &&
           sodium_memcmp(stored.data(), hash.data(), hash.size()) == 0;
}

std::optional<std::string_view> bearer_token(std::string_view authorization) {
    constexpr std::string_view kScheme = "bearer";
    if (authorization.size() < kScheme.size()) return std::nullopt;
    for (std::size_t i = 0; i < kScheme.size(); ++i) {
        char c = authorization[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != kScheme[i]) return std::nullopt;
    }
    std::string_view token = authorization.substr(kScheme.size());
    if (!token.empty() && token.front() != ' ') return std::nullopt;  // "Bearerx": another scheme
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
    return token;
}

std::string audit_name(const ServiceAccount& account) {
    return "api:" + account.name;
}

bool has_scope(const ServiceAccount& account, std::string_view scope) {
    return contains(account.scopes, scope);
}

bool may_book(const ServiceAccount& account, const std::string& service,
              const std::string& centre) {
    return has_scope(account, kBookingsWrite) && contains(account.services, service) &&
           contains(account.centres, centre);
}

Result<ServiceAccount> ServiceKeys::authenticate(std::string_view key) const {
    const Error refused = make_error(ErrorCode::invalid_api_key);
    auto parts = parse_api_key(key);
    if (!parts) return refused;
    auto stored = find_service_account_by_key(thread_read_connection(db_path_), parts->key_id);
    // The secret is compared even for a revoked account: the answer takes as long either way.
    if (!stored || !secret_matches(stored->key_hash, parts->secret)) return refused;
    if (stored->account.revoked_at) return refused;
    return std::move(stored->account);
}

RateLimiter& ServiceKeys::quota(const ServiceAccount& account) {
    std::lock_guard lock(mutex_);
    auto& slot = limiters_[account.id];
    if (!slot) slot = std::make_unique<RateLimiter>(account.per_minute);
    return *slot;
}

}  // namespace mawid::server
