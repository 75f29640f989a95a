// Sign-ins with the national identity under way (docs/identity.md): what the callback must
// check, kept in the database between the redirect to the provider and its return, so any
// server sharing the database can take the callback. Plain functions over a Connection;
// they run in the writer.
#pragma once

#include <mawid/civil_time.hpp>

#include <optional>
#include <string>

#include "storage/database.hpp"

namespace mawid::server {

// A sign-in is good for this long between the redirect and the callback.
inline constexpr UnixSeconds kIdentityLoginSeconds = 10 * 60;

struct IdentityLogin {
    std::string nonce;     // the ID token must carry it
    std::string verifier;  // the PKCE code verifier, sent with the code
    UnixSeconds created_at = 0;
};

// Keeps a sign-in under the hash of its state (token_hash of the state).
void insert_identity_login(Connection& db, const std::string& state_hash,
                           const IdentityLogin& login);
// Deletes and returns the sign-in kept under `state_hash`: a state is used once. nullopt
// when there is none or it is older than kIdentityLoginSeconds at `now`.
std::optional<IdentityLogin> take_identity_login(Connection& db, const std::string& state_hash,
                                                 UnixSeconds now);
// Deletes the sign-ins begun before `before` that nobody came back to; returns how many.
int forget_identity_logins(Connection& db, UnixSeconds before);

}  // namespace mawid::server
