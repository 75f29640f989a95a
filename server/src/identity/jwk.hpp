// JSON Web Keys (RFC 7517) as the PEM public keys libjwt verifies with, made by OpenSSL:
// the national identity publishes its signing keys as a JWKS.
#pragma once

#include <mawid/codec.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace mawid::server {

// base64url without padding (as in JWTs and JWKs) decoded; nullopt when `text` is not.
std::optional<std::string> base64url_decode(std::string_view text);

// The public key of `jwk` as PEM (SubjectPublicKeyInfo): RSA from n and e (2048 bits at
// least), or EC on P-256 from x and y (a point on the curve). nullopt for any other key
// or a malformed one.
std::optional<std::string> jwk_to_pem(const Json& jwk);

}  // namespace mawid::server
