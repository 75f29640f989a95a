// Pieces the staff API's files share: request parsing, answers, and this thread's read
// connection. Internal to server/src/staff_*.cpp.
#pragma once

#include <mawid/catalog.hpp>
#include <mawid/codec.hpp>
#include <mawid/staff.hpp>
#include <mawid/staff_codec.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "http/http_types.hpp"
#include "http/request_parsing.hpp"
#include "storage/sqlite.hpp"
#include "storage/staff_store.hpp"

namespace mawid::server::staff {

// This thread's read connection for staff reads (sessions, the day, reports).
Connection& reader(const std::string& db_path);

// 429 rate_limited with Retry-After.
HttpResponse rate_limited(int retry_after_seconds);

// POST, PUT, DELETE, PATCH.
bool changes_state(std::string_view method);

// A "YYYY-MM-DD" member; bad_request naming it otherwise.
Result<Date> date_member(const Json& body, const char* field);
// The optional "dry_run" member (false when absent).
Result<bool> dry_run_member(const Json& body);

// A stored walk-in as the API writes it (shared/'s walk_in_ticket_to_json), its issue time at
// the centre's offset.
Json walk_in_json(const StoredWalkIn& stored, int offset_minutes);

// The centre's UTC offset (+03:00 for an unknown centre).
int offset_of(const Catalog& catalog, const std::string& centre);
// Today's date at the centre.
Date local_today(const Catalog& catalog, const std::string& centre, UnixSeconds now);

}  // namespace mawid::server::staff
