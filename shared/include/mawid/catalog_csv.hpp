// The catalogue as two CSV files (docs/catalog-csv.md): centres.csv and services.csv, written
// for download and read back as an import. Pure: the server reads the bytes (RFC 4180, with
// libcsv) into records and stores the result; here records become catalogue values, checked
// field by field, and the import is compared with the catalogue it would replace.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog.hpp"
#include "codec.hpp"
#include "staff_codec.hpp"

namespace mawid {

// Every centre and service name is given in each of these languages.
inline constexpr std::array<std::string_view, 6> kCatalogLanguages = {"en", "ar", "ur",
                                                                      "hi", "bn", "fa"};

// One CSV record as read: its fields and the line of the file it starts on (1 = the header).
struct CsvRecord {
    int line = 0;
    std::vector<std::string> fields;
};

// A problem of an imported file. `line` 0 is the file as a whole (a centre it leaves out);
// `column` is 1-based (0: the whole line) and `column_name` the header's name for it.
// `reason` is a stable code (docs/catalog-csv.md); `detail` says it in English.
struct ImportProblem {
    int line = 0;
    int column = 0;
    std::string column_name;
    std::string reason;
    std::string detail;
    bool operator==(const ImportProblem&) const = default;
};

// A go-live date that the import moves; `service` empty for the centre's own date, and an
// empty date for "live from the start".
struct GoLiveMove {
    std::string centre;
    std::string service;
    std::string from;
    std::string to;
    bool operator==(const GoLiveMove&) const = default;
};

// What an import would change, by id, in file order.
struct ImportChanges {
    std::vector<std::string> services_added;
    std::vector<std::string> services_changed;
    std::vector<std::string> centres_added;
    std::vector<std::string> centres_changed;  // any of its columns differs
    std::vector<std::string> hours_changed;    // of those, the ones whose week differs
    std::vector<GoLiveMove> golive_moved;
    bool empty() const;
    bool operator==(const ImportChanges&) const = default;
};

// Which file an import reads.
enum class CsvFile { centres, services };

// "centres" or "services"; the parse accepts exactly these.
std::string_view csv_file_name(CsvFile file);
std::optional<CsvFile> parse_csv_file_name(std::string_view name);

// The catalogue's centres as CSV (csv_record, header first, catalogue order).
std::string centres_to_csv(const Catalog& catalog);

// The catalogue's services as CSV (csv_record, header first, catalogue order).
std::string services_to_csv(const Catalog& catalog);

// The result of reading one file against the catalogue: the catalogue it would make (the
// current one with the file's rows in place; columns the file does not carry, such as
// closures and schedule changes, kept), every problem, and what would change.
struct CatalogImport {
    Catalog catalog;
    std::vector<ImportProblem> problems;
    ImportChanges changes;
};

// Reads `records` (header first) of `file` against `current`. `today` is the date dates in
// the past are judged by (a date already in the catalogue may stay, past or not).
CatalogImport import_catalog_csv(const Catalog& current, CsvFile file,
                                 const std::vector<CsvRecord>& records, const Date& today);

// The answer of a dry run or an applied import.
struct CatalogImportReport {
    std::string file;     // centres | services
    std::string version;  // the catalogue version it was checked against, or made
    bool dry_run = true;
    bool applied = false;
    std::vector<ImportProblem> problems;
    ImportChanges changes;
    std::vector<StaffBookingRow> stranded;  // bookings the import would leave without a seat
    bool operator==(const CatalogImportReport&) const = default;
};

// {"file", "version", "dry_run", "applied", "clean", "problems", "changes", "stranded"}.
Json catalog_import_report_to_json(const CatalogImportReport& report);

// Reads catalog_import_report_to_json's answer (missing members read as empty).
CatalogImportReport catalog_import_report_from_json(const Json& json);

// The report as plain text for the command line: one line per problem
// ("centres.csv:3:11 (hours_mon) overlapping_hours: ..."), then the changes and stranded.
std::string catalog_import_report_text(const CatalogImportReport& report);

}  // namespace mawid
