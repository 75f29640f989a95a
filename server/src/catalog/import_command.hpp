// mawid-server --import-catalog / --import-services [--dry-run]: the catalogue's CSV import
// from the command line (docs/catalog-csv.md), the same checks as the staff API's.
#pragma once

#include "options.hpp"

namespace mawid::server {

// Prints each file's report to standard output. Exit status: 0 clean (applied, or a clean
// dry run), 3 when a file has problems (nothing applied), 1 when a file cannot be read or the
// database has no catalogue.
int import_command(const Options& options);

}  // namespace mawid::server
