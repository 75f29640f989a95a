// The ID token check (server/src/identity/id_token.hpp) with keys this test makes (OpenSSL)
// and tokens it signs (libjwt): what a provider could send that must be refused, beside the
// end-to-end sign-in of identity_test.cpp.
#include <doctest/doctest.h>
#include <jwt.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sodium.h>

#include <memory>
#include <string>

#include "identity/id_token.hpp"
#include "identity/jwk.hpp"
#include "support.hpp"

using namespace mawid::server;
using mawid::Json;

namespace {

constexpr mawid::UnixSeconds kNowSeconds = 1796094000;  // 2026-12-01T03:00:00Z
const std::string kIssuer = "https://identity.example.bh";
const std::string kClient = "mawid";
const std::string kNonce = "the-nonce";
const std::string kCpr = "880101234";

std::string base64url(const std::string& bytes) {
    const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string text(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
    sodium_bin2base64(text.data(), text.size(),
                      reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), variant);
    text.resize(std::char_traits<char>::length(text.c_str()));
    return text;
}

struct KeyFree {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};

// A signing key pair made here, its private key as PEM and its public half as a JWK.
struct TestKey {
    TestKey(bool rsa, const std::string& kid)
        : key(rsa ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048))
                  : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")),
          alg(rsa ? JWT_ALG_RS256 : JWT_ALG_ES256) {
        REQUIRE(key);
        BIO* bio = BIO_new(BIO_s_mem());
        PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
        char* data = nullptr;
        long size = BIO_get_mem_data(bio, &data);
        private_pem.assign(data, static_cast<std::size_t>(size));
        BIO_free(bio);
        jwk = rsa ? rsa_jwk() : ec_jwk();
        jwk["kid"] = kid;
    }

    Json rsa_jwk() const {
        return {{"kty", "RSA"},
                {"n", number(OSSL_PKEY_PARAM_RSA_N)},
                {"e", number(OSSL_PKEY_PARAM_RSA_E)}};
    }
    Json ec_jwk() const {
        unsigned char point[65];
        size_t size = 0;
        EVP_PKEY_get_octet_string_param(key.get(), OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point,
                                        &size);
        REQUIRE(size == 65);
        std::string bytes(reinterpret_cast<char*>(point), size);
        return {{"kty", "EC"},
                {"crv", "P-256"},
                {"x", base64url(bytes.substr(1, 32))},
                {"y", base64url(bytes.substr(33, 32))}};
    }
    std::string number(const char* name) const {
        BIGNUM* n = nullptr;
        EVP_PKEY_get_bn_param(key.get(), name, &n);
        std::string bytes(static_cast<std::size_t>(BN_num_bytes(n)), '\0');
        BN_bn2bin(n, reinterpret_cast<unsigned char*>(bytes.data()));
        BN_free(n);
        return base64url(bytes);
    }

    // A token with `claims`, signed by this key (libjwt), its header naming `kid`.
    std::string sign(const Json& claims) const {
        jwt_t* jwt = nullptr;
        jwt_new(&jwt);
        jwt_add_grants_json(jwt, claims.dump().c_str());
        jwt_add_header(jwt, "kid", jwk["kid"].get<std::string>().c_str());
        jwt_set_alg(jwt, alg, reinterpret_cast<const unsigned char*>(private_pem.data()),
                    static_cast<int>(private_pem.size()));
        char* text = jwt_encode_str(jwt);
        std::string token = text ? text : "";
        std::free(text);
        jwt_free(jwt);
        return token;
    }

    std::unique_ptr<EVP_PKEY, KeyFree> key;
    jwt_alg_t alg;
    std::string private_pem;
    Json jwk;
};

Json good_claims() {
    return {
        {"iss", kIssuer},     {"sub", "citizen-1"}, {"aud", kClient}, {"exp", kNowSeconds + 600},
        {"iat", kNowSeconds}, {"nonce", kNonce},    {"cpr", kCpr}};
}

IdTokenRules rules() {
    return IdTokenRules{kIssuer, kClient, kNonce, "cpr", kNowSeconds};
}

Json key_set(std::initializer_list<const TestKey*> keys) {
    Json set = {{"keys", Json::array()}};
    for (const TestKey* key : keys) set["keys"].push_back(key->jwk);
    return set;
}

IdTokenRefusal refusal(const std::string& token, const Json& jwks,
                       const IdTokenRules& r = rules()) {
    return check_id_token(token, jwks, r).refusal;
}

// `token` with its payload replaced by `claims`, the signature kept.
std::string with_payload(const std::string& token, const Json& claims) {
    std::size_t first = token.find('.'), second = token.rfind('.');
    return token.substr(0, first + 1) + base64url(claims.dump()) + token.substr(second);
}

}  // namespace

TEST_SUITE("identity") {
    TEST_CASE("ID tokens signed RS256 and ES256 by a key of the set are accepted") {
        TestKey rsa(true, "rsa-1"), ec(false, "ec-1");
        Json jwks = key_set({&rsa, &ec});
        for (const TestKey* key : {&rsa, &ec}) {
            IdTokenCheck checked = check_id_token(key->sign(good_claims()), jwks, rules());
            CHECK(checked.refusal == IdTokenRefusal::none);
            CHECK(checked.cpr == kCpr);
        }
        // `aud` may be a list holding the client; `exp` may be under a minute past.
        Json listed = good_claims();
        listed["aud"] = Json::array({"someone-else", kClient});
        listed["azp"] = kClient;
        listed["exp"] = kNowSeconds - 30;
        CHECK(refusal(rsa.sign(listed), jwks) == IdTokenRefusal::none);
    }

    TEST_CASE("a token with a tampered signature or payload is refused") {
        TestKey rsa(true, "rsa-1"), ec(false, "ec-1");
        Json jwks = key_set({&rsa, &ec});
        for (const TestKey* key : {&rsa, &ec}) {
            std::string token = key->sign(good_claims());
            std::string flipped = token;
            char& last = flipped[flipped.size() - 2];
            last = last == 'A' ? 'B' : 'A';
            CHECK(refusal(flipped, jwks) == IdTokenRefusal::bad_signature);
            Json other = good_claims();
            other["cpr"] = "880101235";
            CHECK(refusal(with_payload(token, other), jwks) == IdTokenRefusal::bad_signature);
        }
        // Signed by another key under the same key id.
        TestKey impostor(true, "rsa-1");
        CHECK(refusal(impostor.sign(good_claims()), jwks) == IdTokenRefusal::bad_signature);
    }

    TEST_CASE("expired, wrong audience, issuer or nonce, and a missing CPR are refused") {
        TestKey rsa(true, "rsa-1");
        Json jwks = key_set({&rsa});
        auto with = [&](const char* name, const Json& value) {
            Json claims = good_claims();
            if (value.is_null()) {
                claims.erase(name);
            } else {
                claims[name] = value;
            }
            return rsa.sign(claims);
        };
        CHECK(refusal(with("exp", kNowSeconds - 61), jwks) == IdTokenRefusal::expired);
        CHECK(refusal(with("exp", nullptr), jwks) == IdTokenRefusal::expired);
        CHECK(refusal(with("nbf", kNowSeconds + 600), jwks) == IdTokenRefusal::expired);
        CHECK(refusal(with("aud", "another-client"), jwks) == IdTokenRefusal::wrong_audience);
        CHECK(refusal(with("aud", Json::array({"another-client"})), jwks) ==
              IdTokenRefusal::wrong_audience);
        CHECK(refusal(with("iss", kIssuer + "/other"), jwks) == IdTokenRefusal::wrong_issuer);
        CHECK(refusal(with("nonce", "another-nonce"), jwks) == IdTokenRefusal::wrong_nonce);
        CHECK(refusal(with("nonce", nullptr), jwks) == IdTokenRefusal::wrong_nonce);
        CHECK(refusal(with("cpr", nullptr), jwks) == IdTokenRefusal::bad_cpr);
        CHECK(refusal(with("cpr", "12345"), jwks) == IdTokenRefusal::bad_cpr);
        // The CPR from the claim the server is told to read.
        IdTokenRules national = rules();
        national.cpr_claim = "national_id";
        CHECK(refusal(with("national_id", kCpr), jwks, national) == IdTokenRefusal::none);
    }

    TEST_CASE("an unknown key, alg none and an HMAC keyed with the public key are refused") {
        TestKey rsa(true, "rsa-1"), ec(false, "ec-1");
        CHECK(refusal(rsa.sign(good_claims()), key_set({&ec})) == IdTokenRefusal::unknown_key);
        TestKey renamed(true, "rsa-2");
        CHECK(refusal(renamed.sign(good_claims()), key_set({&rsa})) == IdTokenRefusal::unknown_key);

        std::string none = base64url(R"({"alg":"none","kid":"rsa-1"})") + "." +
                           base64url(good_claims().dump()) + ".";
        CHECK(refusal(none, key_set({&rsa})) == IdTokenRefusal::bad_algorithm);

        // HS256 with the provider's public key as the secret: anyone can make one.
        auto pem = jwk_to_pem(rsa.jwk);
        REQUIRE(pem);
        jwt_t* jwt = nullptr;
        jwt_new(&jwt);
        jwt_add_grants_json(jwt, good_claims().dump().c_str());
        jwt_add_header(jwt, "kid", "rsa-1");
        jwt_set_alg(jwt, JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(pem->data()),
                    static_cast<int>(pem->size()));
        char* forged = jwt_encode_str(jwt);
        REQUIRE(forged);
        CHECK(refusal(forged, key_set({&rsa})) == IdTokenRefusal::bad_algorithm);
        std::free(forged);
        jwt_free(jwt);

        CHECK(refusal("not.a-token", key_set({&rsa})) == IdTokenRefusal::malformed);
    }

    TEST_CASE("JWKs that are not RSA of 2048 bits or more or a P-256 point are not keys") {
        TestKey ec(false, "ec-1");
        Json off_curve = ec.jwk;
        std::string y = *base64url_decode(off_curve["y"].get<std::string>());
        y[31] = static_cast<char>(y[31] ^ 1);
        off_curve["y"] = base64url(y);
        CHECK_FALSE(jwk_to_pem(off_curve));
        Json small = {{"kty", "RSA"}, {"n", base64url(std::string(128, '\xC5'))}, {"e", "AQAB"}};
        CHECK_FALSE(jwk_to_pem(small));
        CHECK_FALSE(jwk_to_pem(Json{{"kty", "oct"}, {"k", "c2VjcmV0"}}));
        CHECK(jwk_to_pem(ec.jwk));
    }
}
