#include "staff/staff_common.hpp"

#include <memory>

#include "http/json_responses.hpp"
#include "storage/store.hpp"

namespace mawid::server::staff {

// This thread's read connection for staff reads (sessions, the day, reports).
Connection& reader(const std::string& db_path) {
    thread_local std::unique_ptr<Connection> connection;
    thread_local std::string opened_for;
    if (!connection || opened_for != db_path) {
        connection = open_read_connection(db_path);
        opened_for = db_path;
    }
    return *connection;
}

bool changes_state(std::string_view method) {
    return method == "POST" || method == "PUT" || method == "DELETE" || method == "PATCH";
}

Result<Date> date_member(const Json& body, const char* field) {
    auto text = string_field(body, field);
    if (!text) return text.error();
    auto date = parse_date(*text);
    if (!date)
        return make_error(ErrorCode::bad_request, field, "Expected a real date as YYYY-MM-DD.");
    return *date;
}

Result<bool> dry_run_member(const Json& body) {
    if (!body.contains("dry_run")) return false;
    if (!body["dry_run"].is_boolean()) {
        return make_error(ErrorCode::bad_request, "dry_run", "Expected true or false.");
    }
    return body["dry_run"].get<bool>();
}

Json walk_in_json(const StoredWalkIn& stored, int offset_minutes) {
    return walk_in_ticket_to_json(
        walk_in_ticket_row(stored.id, stored.centre, stored.walk_in, offset_minutes));
}

int offset_of(const Catalog& catalog, const std::string& centre) {
    const Centre* found = find_centre(catalog, centre);
    return found ? found->utc_offset_minutes : 180;
}

Date local_today(const Catalog& catalog, const std::string& centre, UnixSeconds now) {
    return to_local(now, offset_of(catalog, centre)).date;
}

HttpResponse rate_limited(int retry_after_seconds) {
    HttpResponse limited = error_response(ErrorCode::rate_limited);
    limited.headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
    return limited;
}

}  // namespace mawid::server::staff
