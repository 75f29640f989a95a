// Online backup (`mawid-server --db PATH --backup OUT`): a consistent copy of the database
// taken while a server is booking into it, written under a temporary name, checked,
// fsynced, and only then given its final name.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace mawid::server {

// What a finished backup holds, for the operator.
struct BackupSummary {
    std::string path;
    std::uint64_t bytes = 0;
    int schema_version = 0;
    std::int64_t bookings = 0;
};

// The backup's file exists already: it is left exactly as it was.
class BackupTargetExists : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Copies the database at `db_path` (never created, never changed) to the new file
// `out_path` as one snapshot. Throws BackupTargetExists when `out_path` exists (before or at
// the end of the copy), std::runtime_error for anything else; nothing is left at `out_path`
// unless the whole copy succeeded.
BackupSummary backup_database(const std::string& db_path, const std::string& out_path);

}  // namespace mawid::server
