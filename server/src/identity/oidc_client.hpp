// The server as an OpenID Connect client of the national identity (docs/identity.md): the
// provider's discovery document and signing keys, fetched with libcurl and kept, and the
// exchange of an authorization code for an ID token. Blocking: called on the identity
// workers, never on the HTTP threads. Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "identity/id_token.hpp"

namespace mawid::server {

struct OidcSettings {
    std::string issuer;             // --oidc-issuer; empty: no sign-in with the national identity
    std::string client_id;          // --oidc-client-id
    std::string client_secret;      // MAWID_OIDC_SECRET; empty: a public client (PKCE alone)
    std::string cpr_claim = "cpr";  // --oidc-cpr-claim
};

struct ProviderEndpoints {
    std::string authorization;
    std::string token;
    std::string jwks;
};

class OidcClient {
public:
    explicit OidcClient(OidcSettings settings) : settings_(std::move(settings)) {}

    const OidcSettings& settings() const { return settings_; }

    // The provider's endpoints from {issuer}/.well-known/openid-configuration, fetched once
    // and kept a day; nullopt (and why on stderr) when it cannot be had or names another
    // issuer.
    std::optional<ProviderEndpoints> endpoints();

    // The ID token the token endpoint gives for `code` (client_secret_basic, with the PKCE
    // verifier); nullopt (and why on stderr) when it gives none.
    std::optional<std::string> redeem(const std::string& code, const std::string& verifier,
                                      const std::string& redirect_uri);

    // Checks `id_token` with the provider's keys, fetched once and kept; fetched again once
    // when the token names a key not among them (the provider rotated its keys).
    IdTokenCheck check(const std::string& id_token, const std::string& nonce, UnixSeconds now);

private:
    // The key set, fetched now when `fresh` (at most once a minute) or when none is kept.
    std::optional<Json> keys(bool fresh);

    OidcSettings settings_;
    std::mutex mutex_;
    std::optional<ProviderEndpoints> endpoints_;
    std::chrono::steady_clock::time_point endpoints_at_{};
    std::optional<Json> keys_;
    std::chrono::steady_clock::time_point keys_at_{};
};

}  // namespace mawid::server
