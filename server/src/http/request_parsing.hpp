// Reading what a request sends: query parameters, percent-escapes and JSON object bodies
// (one declarative reader: a body is a list of field specs, read in one call).
// Shared by the citizen and the staff API so both read input by the same rules.
#pragma once

#include <mawid/civil_time.hpp>
#include <mawid/codec.hpp>
#include <mawid/errors.hpp>
#include <mawid/paging.hpp>

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace mawid::server {

// `text` without the spaces and tabs around it (header values, list items).
std::string_view trim_blanks(std::string_view text);

// Decodes %XX escapes (and '+' as space when `plus_is_space`); nullopt when malformed.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// The value of one query parameter, percent-decoded; nullopt when absent. A malformed
// escape gives a value no check accepts (a lone NUL), so it fails like any bad value.
std::optional<std::string> query_param(std::string_view query, std::string_view name);

// The page a list asks for (docs/staff-api.md, "Pages"): `limit` (kDefaultPageSize when
// absent) and `after`, the last row seen, as the caller's reader of it parses it.
template <typename Cursor>
struct PageRequest {
    int limit = kDefaultPageSize;
    Cursor after{};  // a default cursor starts from the first row
};

// `limit` from the query, or the 400 naming it.
Result<int> page_size_param(std::string_view query);

// `limit` and `after` (a booking cursor), or the 400 naming the one that is malformed.
Result<PageRequest<BookingCursor>> booking_page_param(std::string_view query);

// True for "application/json", in any case and with parameters ("; charset=utf-8").
bool is_json_media_type(std::string_view content_type);

// A JSON object body, or the 400 to answer with.
Result<Json> object_body(std::string_view body);

// How one field of a request body is read.
enum class FieldType {
    string,   // a JSON string
    date,     // "YYYY-MM-DD", a real date
    instant,  // an RFC 3339 time such as "2026-12-06T09:30:00+03:00"
    boolean,  // true or false; false when absent
    any,      // any JSON value, checked by the caller; null when absent
};

// One field a body may carry. `required` fields must be present (booleans and `any` are
// never required today: an absent one reads as false or null).
struct FieldSpec {
    const char* name;
    FieldType type;
    bool required = true;
};

// The fields of a body, read by `read_body` by their specs.
class BodyFields {
public:
    const Json& json() const { return json_; }  // the whole body, e.g. for idempotency hashes
    const std::string& text(const std::string& name) const { return texts_.at(name); }
    // An optional string field, or `fallback` when absent.
    std::string text_or(const std::string& name, std::string fallback) const {
        auto found = texts_.find(name);
        return found == texts_.end() ? fallback : found->second;
    }
    Date date(const std::string& name) const { return dates_.at(name); }
    UnixSeconds instant(const std::string& name) const { return instants_.at(name); }
    bool flag(const std::string& name) const { return flags_.at(name); }
    Json value(const std::string& name) const { return json_.value(name, Json()); }

private:
    friend Result<BodyFields> read_body(std::string_view, std::initializer_list<FieldSpec>);
    Json json_;
    std::map<std::string, std::string> texts_;
    std::map<std::string, Date> dates_;
    std::map<std::string, UnixSeconds> instants_;
    std::map<std::string, bool> flags_;
};

// Reads a JSON object body by `fields`, in their order: bad_request naming the first field
// not listed (typos must not pass silently), then the first field missing or malformed.
Result<BodyFields> read_body(std::string_view body, std::initializer_list<FieldSpec> fields);

// POST, PUT, DELETE, PATCH.
bool changes_state(std::string_view method);

}  // namespace mawid::server
