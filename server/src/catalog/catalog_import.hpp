// The catalogue's bulk import (docs/catalog-csv.md), shared by the staff API and the command
// line: CSV files checked against the stored catalogue, the bookings they would strand
// listed, and, for a clean run that is not a dry run, the result saved as a new version.
#pragma once

#include <mawid/catalog_csv.hpp>

#include <optional>
#include <string>
#include <vector>

#include "storage/store.hpp"

namespace mawid::server {

// One uploaded file and which of the two it is.
struct ImportFile {
    CsvFile kind = CsvFile::centres;
    std::string bytes;
};

struct ImportRun {
    std::vector<CatalogImportReport> reports;  // one per file, in the order checked
    bool clean = true;                         // no file had a problem
    std::optional<Catalog> applied;            // the catalogue saved (not for a dry run)
};

// The bookings holding a seat (from some day on) that a catalogue change leaves stranded
// (no longer fitting, or before their go-live date), before and after it.
struct Stranding {
    std::vector<Booking> before;
    std::vector<Booking> after;
    // Those stranded after and not before: the ones before were listed, and told, then.
    std::vector<Booking> fresh() const;
};

// The stranding of every centre's bookings from `from` on when `current` becomes `next`.
Stranding stranding(Connection& db, const Catalog& current, const Catalog& next, const Date& from);

// Through the outbox, in the caller's transaction, for coming bookings (still booked, not
// begun by `now`): tells each citizen whose booking the change newly strands that it cannot
// go ahead; for each it no longer strands, drops the notices not yet sent and tells the
// citizen, on each channel a notice reached (or may be reaching), that it goes ahead.
void tell_stranding(WriteStore& store, const Stranding& change, UnixSeconds now);

// Inside the caller's transaction (a writer job, or the command line's own): checks `files`
// in turn, services before centres, each against the catalogue the ones before it make.
// Lists on the last report the bookings the result would newly strand (from today on). When
// all are clean and `dry_run` is false, saves it as the next version, records
// catalog_imported for `username` and tells each citizen whose booking it strands.
ImportRun run_catalog_import(WriteStore& store, std::vector<ImportFile> files, bool dry_run,
                             const std::string& username, UnixSeconds now);

}  // namespace mawid::server
