// The database schema, in one place: every migration from an empty file to the version this
// build writes, for the citizens' bookings and the centre app's tables alike.
#pragma once

#include "storage/database.hpp"

namespace mawid::server {

// The schema version this build writes; older databases are migrated on open.
int current_schema_version();

// Brings `db` to current_schema_version() in one transaction; throws StorageError when the
// database is newer than this build.
void migrate(Connection& db);

}  // namespace mawid::server
