#include "identity/jwk.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <sodium.h>

#include <memory>
#include "identity/json_text.hpp"

namespace mawid::server {
namespace {

constexpr int kLeastRsaBits = 2048;
constexpr std::size_t kP256Bytes = 32;

struct Free {
    void operator()(BIGNUM* n) const { BN_free(n); }
    void operator()(BIO* b) const { BIO_free(b); }
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
    void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
    void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
    void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Free>;

std::optional<std::string> member_bytes(const Json& jwk, const char* name) {
    auto it = jwk.find(name);
    if (it == jwk.end() || !it->is_string()) return std::nullopt;
    return base64url_decode(it->get_ref<const std::string&>());
}

Owned<BIGNUM> big_number(const std::string& bytes) {
    return Owned<BIGNUM>(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                                   static_cast<int>(bytes.size()), nullptr));
}

// A public key from OpenSSL parameters of the key type `type` ("RSA", "EC").
Owned<EVP_PKEY> key_from(const char* type, OSSL_PARAM_BLD* build) {
    Owned<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(build));
    Owned<EVP_PKEY_CTX> context(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* key = nullptr;
    if (!params || !context || EVP_PKEY_fromdata_init(context.get()) <= 0 ||
        EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0) {
        return nullptr;
    }
    return Owned<EVP_PKEY>(key);
}

Owned<EVP_PKEY> rsa_key(const Json& jwk) {
    auto n = member_bytes(jwk, "n");
    auto e = member_bytes(jwk, "e");
    if (!n || !e || n->empty() || e->empty()) return nullptr;
    Owned<BIGNUM> modulus = big_number(*n), exponent = big_number(*e);
    Owned<OSSL_PARAM_BLD> build(OSSL_PARAM_BLD_new());
    if (!modulus || !exponent || !build ||
        !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) ||
        !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get())) {
        return nullptr;
    }
    Owned<EVP_PKEY> key = key_from("RSA", build.get());
    if (!key || EVP_PKEY_get_bits(key.get()) < kLeastRsaBits) return nullptr;
    return key;
}

Owned<EVP_PKEY> p256_key(const Json& jwk) {
    auto x = member_bytes(jwk, "x");
    auto y = member_bytes(jwk, "y");
    if (text_of(jwk, "crv") != "P-256" || !x || !y || x->size() != kP256Bytes ||
        y->size() != kP256Bytes) {
        return nullptr;
    }
    std::string point = "\x04" + *x + *y;  // an uncompressed point (SEC 1)
    Owned<OSSL_PARAM_BLD> build(OSSL_PARAM_BLD_new());
    if (!build ||
        !OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1",
                                         0) ||
        !OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                          point.size())) {
        return nullptr;
    }
    // OpenSSL refuses a point that is not on the curve.
    return key_from("EC", build.get());
}

}  // namespace

std::optional<std::string> base64url_decode(std::string_view text) {
    std::string out(text.size() * 3 / 4 + 3, '\0');
    std::size_t size = 0;
    const char* end = nullptr;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                          text.size(), nullptr, &size, &end,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        end != text.data() + text.size()) {
        return std::nullopt;
    }
    out.resize(size);
    return out;
}

std::optional<std::string> jwk_to_pem(const Json& jwk) {
    if (!jwk.is_object()) return std::nullopt;
    const std::string type = text_of(jwk, "kty");
    Owned<EVP_PKEY> key = type == "RSA" ? rsa_key(jwk) : type == "EC" ? p256_key(jwk) : nullptr;
    if (!key) return std::nullopt;
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1) return std::nullopt;
    char* data = nullptr;
    long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace mawid::server
