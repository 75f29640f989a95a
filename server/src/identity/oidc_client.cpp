#include "identity/oidc_client.hpp"

#include <cstdio>

#include "http/fetch.hpp"
#include "identity/json_text.hpp"

namespace mawid::server {
namespace {

constexpr auto kKeepEndpoints = std::chrono::hours(24);
// A token naming an unknown key fetches the keys again, but not more often than this: a
// stream of such tokens does not become a stream of requests to the provider.
constexpr auto kRefetchKeys = std::chrono::minutes(1);

// The JSON object a fetch answered with 200; nullopt (and why on stderr) otherwise.
std::optional<Json> json_of(const Fetched& fetched, const char* what) {
    if (!fetched.ok) {
        std::fprintf(stderr, "identity: %s: %s\n", what, fetched.problem.c_str());
        return std::nullopt;
    }
    if (fetched.status != 200) {
        std::fprintf(stderr, "identity: %s answered %ld\n", what, fetched.status);
        return std::nullopt;
    }
    auto json = parse_json(fetched.body);
    if (!json || !json->is_object()) {
        std::fprintf(stderr, "identity: %s is not a JSON object\n", what);
        return std::nullopt;
    }
    return std::move(*json);
}

}  // namespace

std::optional<ProviderEndpoints> OidcClient::endpoints() {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (endpoints_ && now - endpoints_at_ < kKeepEndpoints) return endpoints_;
    // OpenID Connect Discovery 4.1: the issuer without a trailing slash, then the path.
    std::string base = settings_.issuer;
    while (base.ends_with('/')) base.pop_back();
    auto document =
        json_of(fetch_get(base + "/.well-known/openid-configuration"), "the discovery document");
    if (!document) return endpoints_;  // the one kept, if any, rather than none
    // OpenID Connect Discovery 4.3: the document must name the issuer it was fetched from.
    if (text_of(*document, "issuer") != settings_.issuer) {
        std::fprintf(stderr, "identity: the discovery document names another issuer\n");
        return std::nullopt;
    }
    ProviderEndpoints found{text_of(*document, "authorization_endpoint"),
                            text_of(*document, "token_endpoint"), text_of(*document, "jwks_uri")};
    if (found.authorization.empty() || found.token.empty() || found.jwks.empty()) {
        std::fprintf(stderr, "identity: the discovery document lacks an endpoint\n");
        return std::nullopt;
    }
    endpoints_ = found;
    endpoints_at_ = now;
    return endpoints_;
}

std::optional<std::string> OidcClient::redeem(const std::string& code, const std::string& verifier,
                                              const std::string& redirect_uri) {
    auto found = endpoints();
    if (!found) return std::nullopt;
    FormFields form = {{"grant_type", "authorization_code"},
                       {"code", code},
                       {"redirect_uri", redirect_uri},
                       {"code_verifier", verifier}};
    const bool basic = !settings_.client_secret.empty();
    if (!basic) form.emplace_back("client_id", settings_.client_id);
    Fetched fetched =
        basic ? fetch_post_form(found->token, form, settings_.client_id, settings_.client_secret)
              : fetch_post_form(found->token, form);
    auto answer = json_of(fetched, "the token endpoint");
    if (!answer) return std::nullopt;
    std::string id_token = text_of(*answer, "id_token");
    if (id_token.empty()) {
        std::fprintf(stderr, "identity: the token endpoint gave no ID token\n");
        return std::nullopt;
    }
    return id_token;
}

std::optional<Json> OidcClient::keys(bool fresh) {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (keys_ && (!fresh || now - keys_at_ < kRefetchKeys)) return keys_;
    if (!endpoints_) return keys_;
    auto set = json_of(fetch_get(endpoints_->jwks), "the key set");
    keys_at_ = now;
    if (set) keys_ = std::move(set);
    return keys_;
}

IdTokenCheck OidcClient::check(const std::string& id_token, const std::string& nonce,
                               UnixSeconds now) {
    IdTokenRules rules{settings_.issuer, settings_.client_id, nonce, settings_.cpr_claim, now};
    if (!endpoints()) return IdTokenCheck{IdTokenRefusal::unknown_key, {}};
    auto kept = keys(false);
    IdTokenCheck checked = kept ? check_id_token(id_token, *kept, rules)
                                : IdTokenCheck{IdTokenRefusal::unknown_key, {}};
    if (checked.refusal != IdTokenRefusal::unknown_key) return checked;
    auto fetched = keys(true);
    return fetched ? check_id_token(id_token, *fetched, rules) : checked;
}

}  // namespace mawid::server
