// The staff API for admins: the roll-out plan changed (POST /staff/rollout: centres moved to
// a go-live date, a preview first) and the figures by phase (GET /staff/rollout/report).
#include "staff/staff_api.hpp"

#include <mawid/rollout.hpp>

#include <memory>

#include "catalog/catalog_import.hpp"
#include "http/json_responses.hpp"
#include "http/request_parsing.hpp"
#include "state/catalog_watcher.hpp"
#include "storage/staff_store.hpp"

namespace mawid::server {

namespace {

// The body's "centres": a non-empty array of ids.
Result<std::vector<std::string>> centre_ids(const Json& value) {
    std::vector<std::string> ids;
    if (!value.is_array() || value.empty()) {
        return make_error(ErrorCode::bad_request, "centres", "Expected a list of centre ids.");
    }
    for (const Json& id : value) {
        if (!id.is_string()) {
            return make_error(ErrorCode::bad_request, "centres", "Expected a list of centre ids.");
        }
        ids.push_back(id.get<std::string>());
    }
    return ids;
}

}  // namespace

void StaffApi::rollout(const Caller& caller, const HttpRequest& request, std::string_view rest,
                       std::string_view query, Responder& respond) {
    if (rest == "rollout/report") {
        if (request.method != "GET") return respond(method_not_allowed("GET"));
        return rollout_report_answer(caller, request, query, respond);
    }
    if (rest != "rollout") return respond(error_response(ErrorCode::not_found));
    if (request.method != "POST") return respond(method_not_allowed("POST"));
    auto body = read_body(request.body, {{"centres", FieldType::any, false},
                                         {"live_from", FieldType::date},
                                         {"dry_run", FieldType::boolean},
                                         {"version", FieldType::string, false}});
    if (!body) return respond(error_response(body.error()));
    auto centres = centre_ids(body->value("centres"));
    if (!centres) return respond(error_response(centres.error()));
    submit_rollout_change(caller.member.username, std::move(centres).value(),
                          body->date("live_from"), body->flag("dry_run"),
                          body->text_or("version", ""), respond);
}

// In the writer, against the stored catalogue, like any catalogue edit: the preview and the
// change see the same bookings; the catalogue is served only after COMMIT.
void StaffApi::submit_rollout_change(const std::string& username, std::vector<std::string> centres,
                                     Date live_from, bool dry_run, std::string version,
                                     Responder& respond) {
    auto applied = std::make_shared<std::optional<Catalog>>();
    const UnixSeconds now = clock_.now();
    auto work = [username, centres = std::move(centres), live_from, dry_run,
                 version = std::move(version), now, applied](WriteStore& store) -> HttpResponse {
        auto stored = store.load_catalog();
        if (!stored) return error_response(ErrorCode::not_found, "", "There is no catalogue yet.");
        if (!version.empty() && version != stored->version) {
            return error_response(ErrorCode::catalog_changed, "version");
        }
        auto current = catalog_of(*stored);
        if (!current) return internal_error_response();
        const Date today = centre_today(*current, "", now);
        auto change = move_go_live(*current, centres, live_from, today);
        if (!change) return error_response(change.error());
        Catalog next = std::move(change->catalog);
        const Stranding stranded = stranding(store.connection(), *current, next, today);
        RolloutChangeAnswer answer{current->version, dry_run, format_date(live_from),
                                   std::move(change->moves), {}};
        for (const Booking& booking : stranded.fresh()) {
            answer.stranded.push_back(staff_booking_row(booking));
        }
        if (!dry_run) {
            next.version = next_catalog_version(current->version);
            answer.version = next.version;
            store.save_catalog(StoredCatalog{next.version, to_text(catalog_to_json(next))}, now);
            record_audit(store.connection(),
                         AuditEntry{now, username, centres.size() == 1 ? centres.front() : "",
                                    "rollout_changed", "", change->detail});
            tell_stranding(store, stranded, now);
            *applied = std::move(next);
        }
        return json_response(200, rollout_change_answer_to_json(answer));
    };
    submit_catalog_change(std::move(work), applied, respond);
}

// Figures per phase and centre since go-live, up to `to` (default today); CSV with
// format=csv or Accept: text/csv, and that export is on record.
void StaffApi::rollout_report_answer(const Caller& caller, const HttpRequest& request,
                                     std::string_view query, Responder& respond) {
    auto state = catalog_.get();
    const Date today = centre_today(state->catalog, "", clock_.now());
    Date to = today;
    if (auto text = query_param(query, "to")) {
        auto parsed = parse_date(*text);
        if (!parsed) return respond(error_response(ErrorCode::bad_request, "to", "Expected YYYY-MM-DD."));
        to = *parsed;
    }
    auto format = query_param(query, "format");
    if (format && *format != "json" && *format != "csv") {
        return respond(error_response(ErrorCode::bad_request, "format", "Expected json or csv."));
    }
    const bool csv = format ? *format == "csv" : request.accept.find("text/csv") != std::string::npos;
    Connection& db = thread_read_connection(db_path_);
    std::map<std::string, std::vector<Booking>> bookings;
    for (const Centre& centre : state->catalog.centres) {
        if (!centre.live_from || to < *centre.live_from) continue;
        const Date from = std::max(*centre.live_from, add_days(to, 1 - kRolloutReportDays));
        bookings[centre.id] =
            bookings_between(db, centre.id, to_unix(from, 0, centre.utc_offset_minutes),
                             to_unix(add_days(to, 1), 0, centre.utc_offset_minutes));
    }
    const RolloutReport report = rollout_report(state->catalog, today, to, bookings);
    if (!csv) return respond(json_response(200, rollout_report_to_json(report)));
    HttpResponse response;
    response.content_type = "text/csv; charset=utf-8";
    response.body = rollout_report_to_csv(report);
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"mawid-rollout-" +
                                                             format_date(to) + ".csv\"");
    // The figures leave the system as a file: that is on record, the screen is not.
    answer_recorded(AuditEntry{0, caller.member.username, "", "report_exported", "",
                               "rollout to " + format_date(to)},
                    std::move(response), std::move(respond));
}

}  // namespace mawid::server
