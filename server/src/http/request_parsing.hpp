// Reading what a request sends: query parameters, percent-escapes and JSON object bodies.
// Shared by the citizen and the staff API so both read input by the same rules.
#pragma once

#include <mawid/codec.hpp>
#include <mawid/errors.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace mawid::server {

// Decodes %XX escapes (and '+' as space when `plus_is_space`); nullopt when malformed.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// The value of one query parameter, percent-decoded; nullopt when absent. A malformed
// escape gives a value no check accepts (a lone NUL), so it fails like any bad value.
std::optional<std::string> query_param(std::string_view query, std::string_view name);

// True for "application/json", in any case and with parameters ("; charset=utf-8").
bool is_json_media_type(std::string_view content_type);

// A JSON object body, or the 400 to answer with.
Result<Json> object_body(std::string_view body);

// POST, PUT, DELETE, PATCH.
bool changes_state(std::string_view method);

// A "YYYY-MM-DD" member; bad_request naming it otherwise.
Result<Date> date_member(const Json& body, const char* field);

// The optional "dry_run" member (false when absent).
Result<bool> dry_run_member(const Json& body);

// bad_request naming the first field not in `known` (typos must not pass silently).
std::optional<Error> unknown_field(const Json& object, std::initializer_list<const char*> known);

}  // namespace mawid::server
