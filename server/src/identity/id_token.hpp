// The check of an ID token from the national identity (OpenID Connect Core 3.1.3.7): its
// signature (RS256 or ES256, verified by libjwt with a key of the provider's JWKS), issuer,
// audience, expiry and nonce, and the CPR it names. Pure: the caller brings the keys and
// the time, so it is tested with keys a test makes.
#pragma once

#include <mawid/civil_time.hpp>
#include <mawid/codec.hpp>

#include <string>

namespace mawid::server {

struct IdTokenRules {
    std::string issuer;     // --oidc-issuer: `iss` must be exactly this
    std::string client_id;  // --oidc-client-id: `aud` must hold it
    std::string nonce;      // the one kept for this sign-in
    std::string cpr_claim;  // --oidc-cpr-claim: the claim that holds the CPR
    UnixSeconds now = 0;    // the server's clock
    int skew_seconds = 60;  // clocks differ: `exp` may be this far past
};

// Why a token is refused; `unknown_key` asks the caller to fetch the keys again once.
enum class IdTokenRefusal {
    none,
    malformed,
    bad_algorithm,
    unknown_key,
    bad_signature,
    wrong_issuer,
    wrong_audience,
    expired,
    wrong_nonce,
    bad_cpr,
};

// The refusal's name, for the log (no personal data in it).
const char* refusal_name(IdTokenRefusal refusal);

struct IdTokenCheck {
    IdTokenRefusal refusal = IdTokenRefusal::none;
    std::string cpr;  // when accepted: the CPR the identity names (9 digits)
};

// Checks `token` against the provider's key set `jwks` ({"keys": [...]}) and `rules`.
IdTokenCheck check_id_token(const std::string& token, const Json& jwks, const IdTokenRules& rules);

}  // namespace mawid::server
