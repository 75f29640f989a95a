// The staff API's audit trail: GET /staff/audit, in JSON or CSV, filtered and paged; and
// answers sent only once the entry recording them (an export) is on disk.
#include "staff/staff_api.hpp"

#include <charconv>
#include <cstdint>
#include <limits>
#include <memory>

#include <mawid/staff_codec.hpp>
#include "http/json_responses.hpp"
#include "http/request_parsing.hpp"
#include "storage/audit_store.hpp"
#include "storage/store.hpp"

namespace mawid::server {

namespace {

// A whole number in [low, high]; nullopt for anything else (signs, spaces, overflow).
std::optional<std::int64_t> parse_whole(std::string_view text, std::int64_t low,
                                        std::int64_t high) {
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < low ||
        value > high) {
        return std::nullopt;
    }
    return value;
}

// True when the Accept header names text/csv (any case): a browser's download link or a
// script asking for the file rather than the JSON.
bool accepts_csv(std::string_view accept) {
    return lowercase(accept).find("text/csv") != std::string::npos;
}

// What the query asks for, read and checked; `detail` says it in words for the export's own
// entry ("from=2026-12-01 action=check_in").
struct AuditRequest {
    AuditQuery query;
    bool csv = false;
    std::string from_text, to_text;
    std::string detail;
};

void add_detail(std::string& detail, const char* name, const std::string& value) {
    if (value.empty()) return;
    if (!detail.empty()) detail += ' ';
    detail += std::string(name) + "=" + value;
}

// Reads the filters; the error to answer with when one is malformed. `centre` is already
// decided (the supervisor's own, or the admin's choice); its offset makes days instants.
Result<AuditRequest> read_audit_request(std::string_view query, std::string_view accept,
                                        const std::optional<std::string>& centre,
                                        int offset_minutes) {
    AuditRequest r;
    r.query.centre = centre;
    std::optional<Date> from;
    if (auto text = query_param(query, "from")) {
        from = parse_date(*text);
        if (!from) return make_error(ErrorCode::bad_request, "from", "Expected YYYY-MM-DD.");
        r.from_text = *text;
        r.query.from = to_unix(*from, 0, offset_minutes);
    }
    if (auto text = query_param(query, "to")) {
        auto to = parse_date(*text);
        if (!to) return make_error(ErrorCode::bad_request, "to", "Expected YYYY-MM-DD.");
        if (from && *to < *from) {
            return make_error(ErrorCode::bad_request, "to", "The range runs forward.");
        }
        r.to_text = *text;
        r.query.to = to_unix(add_days(*to, 1), 0, offset_minutes);
    }
    if (auto user = query_param(query, "user")) {
        r.query.username = lowercase(*user);
        if (!is_valid_username(r.query.username)) {
            return make_error(ErrorCode::bad_request, "user", "Expected a user name.");
        }
    }
    if (auto action = query_param(query, "action")) {
        if (!is_audit_action(*action)) {
            return make_error(ErrorCode::bad_request, "action", "Not an audit action.");
        }
        r.query.action = *action;
    }
    auto limit = page_size_param(query);
    if (!limit) return limit.error();
    r.query.limit = *limit;
    if (auto before = query_param(query, "before")) {
        auto n = parse_whole(*before, 1, std::numeric_limits<std::int64_t>::max());
        if (!n) return make_error(ErrorCode::bad_request, "before", "Expected an entry id.");
        r.query.before = *n;
    }
    auto format = query_param(query, "format");
    if (format && *format != "json" && *format != "csv") {
        return make_error(ErrorCode::bad_request, "format", "Expected json or csv.");
    }
    r.csv = format ? *format == "csv" : accepts_csv(accept);
    add_detail(r.detail, "from", r.from_text);
    add_detail(r.detail, "to", r.to_text);
    add_detail(r.detail, "user", r.query.username);
    add_detail(r.detail, "action", r.query.action);
    return r;
}

// One more entry than the page is read, to know whether there is a next page.
AuditPage read_page(Connection& db, const Catalog& catalog, AuditQuery query) {
    const int limit = query.limit;
    query.limit = limit + 1;
    AuditPage page;
    for (const StoredAuditEntry& stored : read_audit(db, query)) {
        if (static_cast<int>(page.entries.size()) == limit) {
            page.next_before = page.entries.back().id;
            break;
        }
        const AuditEntry& e = stored.entry;
        page.entries.push_back({stored.id,
                                format_rfc3339(e.at, centre_utc_offset(catalog, e.centre)),
                                e.username, e.centre, e.action, e.booking, e.detail});
    }
    return page;
}

}  // namespace

void StaffApi::audit(const Caller& caller, std::string_view query, const HttpRequest& request,
                     Responder& respond) {
    const StaffMember& member = caller.member;
    if (member.role == Role::staff) return respond(error_response(ErrorCode::forbidden));
    auto state = catalog_.get();
    // A supervisor reads their own centre's trail; asking for another's is refused before
    // anything says whether it exists.
    std::optional<std::string> centre = query_param(query, "centre");
    if (member.role == Role::supervisor) {
        if (centre && *centre != member.centre) {
            return respond(error_response(ErrorCode::forbidden));
        }
        centre = member.centre;
    } else if (centre && !find_centre(state->catalog, *centre)) {
        return respond(
            error_response(ErrorCode::bad_request, "centre", "There is no such centre."));
    }
    auto asked = read_audit_request(query, request.accept, centre,
                                    centre_utc_offset(state->catalog, centre.value_or("")));
    if (!asked) return respond(error_response(asked.error()));
    AuditPage page = read_page(thread_read_connection(db_path_), state->catalog, asked->query);
    if (!asked->csv) return respond(json_response(200, audit_page_to_json(page)));

    HttpResponse response;
    response.content_type = "text/csv; charset=utf-8";
    response.body = audit_to_csv(page.entries);
    const std::string name = "mawid-audit-" + centre.value_or("all") +
                             (asked->from_text.empty() ? "" : "-" + asked->from_text) +
                             (asked->to_text.empty() ? "" : "-" + asked->to_text) + ".csv";
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
    if (page.next_before > 0) {
        response.headers.emplace_back("Mawid-Next-Before", std::to_string(page.next_before));
    }
    answer_recorded(
        AuditEntry{0, member.username, centre.value_or(""), "audit_exported", "", asked->detail},
        std::move(response), std::move(respond));
}

void StaffApi::answer_recorded(AuditEntry entry, HttpResponse response, Responder respond) {
    entry.at = clock_.now();
    auto answer = std::make_shared<HttpResponse>(std::move(response));
    writer_.submit(WriteJob{[entry](WriteStore& store) {
                                record_audit(store.connection(), entry);
                                HttpResponse recorded;
                                recorded.status = 204;
                                return recorded;
                            },
                            [answer, respond = std::move(respond)](HttpResponse recorded) {
                                // Not on record (a 500): not sent either.
                                if (recorded.status != 204) return respond(std::move(recorded));
                                respond(std::move(*answer));
                            }});
}

}  // namespace mawid::server
