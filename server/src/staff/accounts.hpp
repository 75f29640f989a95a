// Staff accounts made outside the API: the first admin (`--create-admin NAME`, password on
// standard input) and the demo accounts that --seed-demo adds with the demo catalogue.
#pragma once

#include <mawid/catalog.hpp>

#include <string>

#include "options.hpp"
#include "storage/database.hpp"

namespace mawid::server {

// The password of the demo accounts (README). Only ever set on a freshly seeded demo database.
inline constexpr const char* kDemoPassword = "mawid-demo-2026";

// The centre the demo supervisor and staff member belong to.
inline constexpr const char* kDemoCentre = "isa-town-service-centre";

// --create-admin: reads the password from standard input (without echo on a terminal, where
// it is asked twice), stores its argon2id hash. Returns the process exit status: 0 done,
// 2 bad name or weak password, 3 the user exists, 1 anything else. Messages on stderr.
int create_admin_command(const Options& options);

// Adds admin `admin`, supervisor `isa.supervisor` and staff `isa.staff` (of kDemoCentre), all
// with kDemoPassword, when the users table is empty and the catalogue has kDemoCentre.
// `must_change_password` marks them so that the published password has to be replaced at
// first sign-in (a server others can reach). Returns how many were added.
int seed_demo_accounts(Connection& db, const Catalog& catalog, bool fast_hashing, UnixSeconds now,
                       bool must_change_password);

}  // namespace mawid::server
