// Reading an uploaded CSV file (RFC 4180) into records with the line each starts on, with
// libcsv (Debian's libcsv-dev) rather than by hand: quotes, commas and line breaks inside
// fields, CRLF or LF, UTF-8 with or without a byte order mark.
#pragma once

#include <mawid/catalog_csv.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace mawid::server {

// The records of a file, or the problem that stops it being read.
struct CsvRead {
    std::vector<CsvRecord> records;
    std::optional<ImportProblem> problem;  // not_utf8 or malformed_csv, at its line and column
};

// Reads `bytes` strictly (a stray quote is malformed); blank lines are skipped. A field that
// the report export protected against spreadsheet formulas ("'=...") is read without the
// apostrophe it was given (csv_record), so an exported file reads back as it was.
CsvRead read_csv(std::string_view bytes);

}  // namespace mawid::server
