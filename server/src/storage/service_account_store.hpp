// Service accounts of other government systems (docs/service-accounts.md): who they are,
// what their key may do and how often. The key itself is never stored: only the BLAKE2b
// hash of its secret, found by the key's public id.
#pragma once

#include <mawid/civil_time.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace mawid::server {

struct ServiceAccount {
    std::int64_t id = 0;
    std::string name;
    std::string key_id;                 // the public part of the key ("mwk_<key_id>_...")
    std::vector<std::string> scopes;    // catalog:read, availability:read, bookings:write
    std::vector<std::string> services;  // bookings:write only for these services...
    std::vector<std::string> centres;   // ...at these centres
    int per_minute = 60;                // its own quota
    UnixSeconds created_at = 0;
    std::string created_by;             // the admin who made it
    std::optional<UnixSeconds> revoked_at;
};

// A stored account and the hash of its key's secret.
struct StoredServiceAccount {
    ServiceAccount account;
    std::string key_hash;
};

// Inserts `account` (its id ignored) with its key's hash; returns the new id, or nullopt
// when the name is taken.
std::optional<std::int64_t> insert_service_account(Connection& db, const ServiceAccount& account,
                                                   const std::string& key_hash);
// The account whose key has this public id, revoked or not.
std::optional<StoredServiceAccount> find_service_account_by_key(Connection& db,
                                                                const std::string& key_id);
std::optional<ServiceAccount> find_service_account(Connection& db, std::int64_t id);
// Every account, oldest first.
std::vector<ServiceAccount> list_service_accounts(Connection& db);
// Sets revoked_at unless already set; false when it was (or there is no such account).
bool revoke_service_account(Connection& db, std::int64_t id, UnixSeconds now);

}  // namespace mawid::server
