#include "catalog/csv_reader.hpp"

#include <csv.h>
#include <unicode/ustring.h>

#include <memory>
#include <string>

namespace mawid::server {

namespace {

// What libcsv's callbacks build: the records so far, the record being read and the line the
// parser has reached (counted as bytes are fed in).
struct Reading {
    std::vector<CsvRecord> records;
    CsvRecord current;
    int line = 1;
    bool between_records = true;
};

// Undoes csv_record's guard: "'=x" was written for "=x".
std::string unguarded(std::string field) {
    if (field.size() >= 2 && field[0] == '\'' &&
        std::string_view("=+-@\t\r").find(field[1]) != std::string_view::npos) {
        field.erase(0, 1);
    }
    return field;
}

void on_field(void* data, std::size_t size, void* reading) {
    auto& r = *static_cast<Reading*>(reading);
    r.current.fields.push_back(unguarded(std::string(static_cast<const char*>(data), size)));
}

void on_record(int, void* reading) {
    auto& r = *static_cast<Reading*>(reading);
    r.records.push_back(std::move(r.current));
    r.current = CsvRecord{};
    r.between_records = true;
}

// The 1-based line of the first byte that is not UTF-8, or 0 when all are.
int first_bad_utf8_line(std::string_view bytes) {
    int line = 1;
    std::size_t start = 0;
    while (start <= bytes.size()) {
        std::size_t end = bytes.find('\n', start);
        if (end == std::string_view::npos) end = bytes.size();
        UErrorCode status = U_ZERO_ERROR;
        int32_t length = 0;
        u_strFromUTF8(nullptr, 0, &length, bytes.data() + start,
                      static_cast<int32_t>(end - start), &status);
        if (status == U_INVALID_CHAR_FOUND || status == U_ILLEGAL_CHAR_FOUND) return line;
        start = end + 1;
        ++line;
    }
    return 0;
}

}  // namespace

CsvRead read_csv(std::string_view bytes) {
    CsvRead result;
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    if (int line = first_bad_utf8_line(bytes)) {
        result.problem = ImportProblem{line, 0, "", "not_utf8", "The file is not UTF-8 text."};
        return result;
    }
    csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0) throw std::bad_alloc();
    std::unique_ptr<csv_parser, void (*)(csv_parser*)> owned(&parser, csv_free);
    Reading reading;
    // One byte at a time, so each record knows the line it starts on.
    for (char c : bytes) {
        if (reading.between_records && c != '\r' && c != '\n') {
            reading.current.line = reading.line;
            reading.between_records = false;
        }
        if (csv_parse(&parser, &c, 1, on_field, on_record, &reading) != 1) {
            result.problem =
                ImportProblem{reading.line, static_cast<int>(reading.current.fields.size()) + 1, "",
                              "malformed_csv",
                              "A quote inside a field must be doubled, and a quoted field "
                              "must end with a quote before the next comma or line."};
            return result;
        }
        if (c == '\n') ++reading.line;
    }
    if (csv_fini(&parser, on_field, on_record, &reading) != 0) {
        result.problem = ImportProblem{reading.current.line,
                                       static_cast<int>(reading.current.fields.size()) + 1, "",
                                       "malformed_csv", "A quoted field is never closed."};
        return result;
    }
    result.records = std::move(reading.records);
    return result;
}

}  // namespace mawid::server
