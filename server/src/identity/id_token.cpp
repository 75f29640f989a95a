#include "identity/id_token.hpp"

#include <jwt.h>

#include <mawid/booking.hpp>

#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

#include "identity/jwk.hpp"
#include "identity/json_text.hpp"

namespace mawid::server {
namespace {

// An ID token is a few hundred bytes; a larger one is not worth parsing.
constexpr std::size_t kMostTokenBytes = 16 * 1024;

struct JwtFree {
    void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};

// The three dot-separated parts of a compact JWS; empty when `token` has not three.
std::vector<std::string> parts_of(const std::string& token) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        std::size_t dot = token.find('.', start);
        parts.push_back(token.substr(start, dot - start));
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return parts.size() == 3 ? parts : std::vector<std::string>{};
}

// The JOSE header: base64url JSON, an object.
std::optional<Json> header_of(const std::string& part) {
    auto bytes = base64url_decode(part);
    if (!bytes) return std::nullopt;
    auto json = parse_json_once_each(*bytes);
    if (!json || !json->is_object()) return std::nullopt;
    return std::move(*json);
}

// The PEM of the key in `jwks` that signs with `alg` ("RS256" or "ES256"): the one named
// `kid`, or, when the token names none, the only key of that type. nullopt when none is.
std::optional<std::string> key_for(const Json& jwks, const std::string& alg,
                                   const std::string& kid) {
    auto keys = jwks.find("keys");
    if (!jwks.is_object() || keys == jwks.end() || !keys->is_array()) return std::nullopt;
    const std::string type = alg == "RS256" ? "RSA" : "EC";
    const Json* chosen = nullptr;
    int candidates = 0;
    for (const Json& key : *keys) {
        if (!key.is_object() || text_of(key, "kty") != type) continue;
        const std::string use = text_of(key, "use"), key_alg = text_of(key, "alg");
        if ((!use.empty() && use != "sig") || (!key_alg.empty() && key_alg != alg)) continue;
        if (!kid.empty() && text_of(key, "kid") != kid) continue;
        chosen = &key;
        ++candidates;
    }
    if (candidates != 1) return std::nullopt;
    return jwk_to_pem(*chosen);
}

// The verified token's claims, as libjwt read them.
std::optional<Json> claims_of(jwt_t* jwt) {
    char* text = jwt_get_grants_json(jwt, nullptr);
    if (!text) return std::nullopt;
    auto json = parse_json(text);
    std::free(text);
    if (!json || !json->is_object()) return std::nullopt;
    return std::move(*json);
}

// `aud` is the client id or a list holding it; with other audiences too, `azp` must name
// the client when it is there (Core 3.1.3.7, items 3 and 4).
bool audience_holds(const Json& claims, const std::string& client_id) {
    auto aud = claims.find("aud");
    if (aud == claims.end()) return false;
    if (aud->is_string()) return aud->get<std::string>() == client_id;
    if (!aud->is_array()) return false;
    bool found = false;
    for (const Json& one : *aud) found = found || (one.is_string() && one == client_id);
    if (!found) return false;
    return aud->size() == 1 || !claims.contains("azp") || text_of(claims, "azp") == client_id;
}

// `exp` has not passed (with the skew) and `nbf`, when there, has come.
bool in_time(const Json& claims, const IdTokenRules& rules) {
    auto exp = claims.find("exp");
    if (exp == claims.end() || !exp->is_number()) return false;
    if (rules.now >= exp->get<double>() + rules.skew_seconds) return false;
    auto nbf = claims.find("nbf");
    return nbf == claims.end() ||
           (nbf->is_number() && nbf->get<double>() <= rules.now + rules.skew_seconds);
}

IdTokenCheck refused(IdTokenRefusal refusal) {
    return IdTokenCheck{refusal, {}};
}

// The claims after the signature: issuer, audience, time, nonce, then the CPR.
IdTokenCheck check_claims(const Json& claims, const IdTokenRules& rules) {
    if (text_of(claims, "iss") != rules.issuer) return refused(IdTokenRefusal::wrong_issuer);
    if (!audience_holds(claims, rules.client_id)) return refused(IdTokenRefusal::wrong_audience);
    if (!in_time(claims, rules)) return refused(IdTokenRefusal::expired);
    if (rules.nonce.empty() || text_of(claims, "nonce") != rules.nonce) {
        return refused(IdTokenRefusal::wrong_nonce);
    }
    std::string cpr = text_of(claims, rules.cpr_claim.c_str());
    if (!validate_cpr(cpr)) return refused(IdTokenRefusal::bad_cpr);
    return IdTokenCheck{IdTokenRefusal::none, std::move(cpr)};
}

}  // namespace

const char* refusal_name(IdTokenRefusal refusal) {
    switch (refusal) {
        case IdTokenRefusal::none:
            return "none";
        case IdTokenRefusal::malformed:
            return "malformed";
        case IdTokenRefusal::bad_algorithm:
            return "bad_algorithm";
        case IdTokenRefusal::unknown_key:
            return "unknown_key";
        case IdTokenRefusal::bad_signature:
            return "bad_signature";
        case IdTokenRefusal::wrong_issuer:
            return "wrong_issuer";
        case IdTokenRefusal::wrong_audience:
            return "wrong_audience";
        case IdTokenRefusal::expired:
            return "expired";
        case IdTokenRefusal::wrong_nonce:
            return "wrong_nonce";
        case IdTokenRefusal::bad_cpr:
            return "bad_cpr";
    }
    return "unknown";
}

IdTokenCheck check_id_token(const std::string& token, const Json& jwks, const IdTokenRules& rules) {
    if (token.size() > kMostTokenBytes) return refused(IdTokenRefusal::malformed);
    auto parts = parts_of(token);
    if (parts.empty()) return refused(IdTokenRefusal::malformed);
    auto header = header_of(parts[0]);
    if (!header) return refused(IdTokenRefusal::malformed);
    // The algorithm is ours to choose, not the token's: only these two, each with a key of
    // its own type, so "none" or an HMAC keyed with a public key never gets near libjwt.
    const std::string alg = text_of(*header, "alg");
    if (alg != "RS256" && alg != "ES256") return refused(IdTokenRefusal::bad_algorithm);
    auto pem = key_for(jwks, alg, text_of(*header, "kid"));
    if (!pem) return refused(IdTokenRefusal::unknown_key);
    jwt_t* decoded = nullptr;
    int failed =
        jwt_decode(&decoded, token.c_str(), reinterpret_cast<const unsigned char*>(pem->data()),
                   static_cast<int>(pem->size()));
    std::unique_ptr<jwt_t, JwtFree> jwt(decoded);
    if (failed != 0 || !jwt) return refused(IdTokenRefusal::bad_signature);
    const jwt_alg_t expected = alg == "RS256" ? JWT_ALG_RS256 : JWT_ALG_ES256;
    if (jwt_get_alg(jwt.get()) != expected) return refused(IdTokenRefusal::bad_algorithm);
    auto claims = claims_of(jwt.get());
    if (!claims) return refused(IdTokenRefusal::malformed);
    return check_claims(*claims, rules);
}

}  // namespace mawid::server
