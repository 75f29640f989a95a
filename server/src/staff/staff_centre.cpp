// The staff API for supervisors: the centre's schedule, closures and holidays (and taking
// them back), and the centre report in JSON and CSV.
#include "staff/staff_api.hpp"

#include <memory>

#include <mawid/staff_codec.hpp>
#include "catalog/catalog_import.hpp"
#include "http/json_responses.hpp"
#include "http/request_parsing.hpp"
#include "staff/staff_admin.hpp"
#include "state/catalog_watcher.hpp"
#include "storage/audit_store.hpp"
#include "storage/staff_store.hpp"
#include "storage/store.hpp"

namespace mawid::server {

namespace {

constexpr int kMaxReportDays = 366;

// The body of a closure or a holiday: {"from", "to", "name"?, "dry_run"?}.
struct ClosureBody {
    Date from;
    Date to;
    Json name;
    bool dry_run = false;
};

// A span of days as the trail's detail: "2026-12-03/2026-12-05" (ISO 8601's interval).
std::string days_detail(const Date& from, const Date& to) {
    return format_date(from) + "/" + format_date(to);
}

Result<ClosureBody> closure_body(std::string_view text) {
    auto body = read_body(text, {{"from", FieldType::date},
                                 {"to", FieldType::date},
                                 {"name", FieldType::any, false},
                                 {"dry_run", FieldType::boolean}});
    if (!body) return body.error();
    return ClosureBody{body->date("from"), body->date("to"), body->value("name"),
                       body->flag("dry_run")};
}

}  // namespace

// --- Centre administration ------------------------------------------------------------------

HttpResponse StaffApi::schedule(const std::string& centre) const {
    auto state = catalog_.get();
    Json catalog = catalog_to_json(state->catalog);
    for (const Json& item : catalog["centres"]) {
        if (item["id"] != centre) continue;
        return json_response(200, {{"centre", centre},
                                   {"version", state->catalog.version},
                                   {"utc_offset_minutes", item["utc_offset_minutes"]},
                                   {"services", item["services"]},
                                   {"hours", item["hours"]},
                                   {"counters", item["counters"]},
                                   {"closures", item["closures"]},
                                   {"changes", item.value("changes", Json::array())},
                                   {"holidays", catalog["holidays"]}});
    }
    return error_response(ErrorCode::unknown_centre);
}

// The to-do list a change leaves behind, for as long as it lasts: bookings from `from` on
// (default today) that hold a seat the current catalogue no longer has.
HttpResponse StaffApi::stranded(const std::string& centre, std::string_view query) const {
    auto state = catalog_.get();
    Date from = centre_today(state->catalog, centre, clock_.now());
    if (auto text = query_param(query, "from")) {
        auto parsed = parse_date(*text);
        if (!parsed) return error_response(ErrorCode::bad_request, "from", "Expected YYYY-MM-DD.");
        from = *parsed;
    }
    auto page = booking_page_param(query);
    if (!page) return error_response(page.error());
    std::vector<Booking> stranded =
        stranded_after_change(thread_read_connection(db_path_), state->catalog, {centre}, from);
    // Computed whole (a booking is stranded by the catalogue, not by a column), sent by pages.
    std::erase_if(stranded, [&](const Booking& b) { return !(page->after < booking_cursor(b)); });
    StrandedList list{centre, format_date(from), state->catalog.version, {}, {}};
    if (cut_to_page(stranded, page->limit)) {
        list.next_after = format_booking_cursor(booking_cursor(stranded.back()));
    }
    for (const Booking& booking : stranded) list.stranded.push_back(staff_booking_row(booking));
    return json_response(200, stranded_list_to_json(list));
}

void StaffApi::change_schedule(const Caller& caller, const std::string& centre,
                               const HttpRequest& request, Responder& respond) {
    auto body = read_body(request.body, {{"from", FieldType::date},
                                         {"hours", FieldType::any, false},
                                         {"counters", FieldType::any, false},
                                         {"dry_run", FieldType::boolean}});
    if (!body) return respond(error_response(body.error()));
    const Date from = body->date("from");
    submit_catalog_edit(
        [centre, from, hours = body->value("hours"),
         counters = body->value("counters")](const Catalog& catalog) {
            return with_schedule_change(catalog, centre, from, hours, counters);
        },
        {centre}, from, body->flag("dry_run"),
        AuditEntry{0, caller.member.username, centre, "schedule_changed", "", format_date(from)},
        respond);
}

void StaffApi::add_closure(const Caller& caller, const std::string& centre,
                           const HttpRequest& request, Responder& respond) {
    auto body = closure_body(request.body);
    if (!body) return respond(error_response(body.error()));
    submit_catalog_edit(
        [centre, closure = *body](const Catalog& catalog) {
            return with_closure(catalog, centre, closure.from, closure.to, closure.name);
        },
        {centre}, body->from, body->dry_run,
        AuditEntry{0, caller.member.username, centre, "closure_added", "",
                   days_detail(body->from, body->to)},
        respond);
}

void StaffApi::add_holiday(const Caller& caller, const HttpRequest& request, Responder& respond) {
    auto body = closure_body(request.body);
    if (!body) return respond(error_response(body.error()));
    submit_catalog_edit(
        [closure = *body](const Catalog& catalog) {
            return with_holiday(catalog, closure.from, closure.to, closure.name);
        },
        {}, body->from, body->dry_run,
        AuditEntry{0, caller.member.username, "", "holiday_added", "",
                   days_detail(body->from, body->to)},
        respond);
}

void StaffApi::remove_from_catalog(const Caller& caller, Removal what, const std::string& centre,
                                   const HttpRequest& request, Responder& respond) {
    const bool dated_span = what != Removal::schedule_change;
    auto body =
        dated_span
            ? read_body(request.body, {{"from", FieldType::date},
                                       {"to", FieldType::date},
                                       {"dry_run", FieldType::boolean}})
            : read_body(request.body, {{"from", FieldType::date}, {"dry_run", FieldType::boolean}});
    if (!body) return respond(error_response(body.error()));
    const Date from = body->date("from");
    const Date to = dated_span ? body->date("to") : from;
    const bool dry_run = body->flag("dry_run");
    std::vector<std::string> centres;
    if (!centre.empty()) centres.push_back(centre);
    const char* action = what == Removal::holiday   ? "holiday_removed"
                         : what == Removal::closure ? "closure_removed"
                                                    : "schedule_removed";
    AuditEntry audit{0,      caller.member.username,
                     centre, action,
                     "",     dated_span ? days_detail(from, to) : format_date(from)};
    submit_catalog_edit(
        [what, centre, from, to](const Catalog& catalog) {
            return without(catalog, what, centre, from, to);
        },
        std::move(centres), from, dry_run, std::move(audit), respond);
}

// Runs an edit in the writer against the stored catalogue (the writer is the only one that
// changes it, so edits never overwrite each other), saves it with a new version, and lists
// what it strands. The in-memory catalogue is replaced only after COMMIT.
void StaffApi::submit_catalog_edit(CatalogEdit edit, std::vector<std::string> centres, Date from,
                                   bool dry_run, AuditEntry audit, Responder& respond) {
    // A change to days already past would only rewrite history (and the reports).
    const auto state = catalog_.get();
    const std::string first = centres.empty() ? std::string() : centres.front();
    if (from < centre_today(state->catalog, first, clock_.now())) {
        return respond(error_response(ErrorCode::bad_request, "from",
                                      "A change applies from today or a later day."));
    }
    auto applied = std::make_shared<std::optional<Catalog>>();
    const UnixSeconds now = clock_.now();
    audit.at = now;
    auto work = [edit = std::move(edit), centres = std::move(centres), from, dry_run, now,
                 audit = std::move(audit), applied](WriteStore& store) -> HttpResponse {
        auto stored = store.load_catalog();
        if (!stored) return error_response(ErrorCode::not_found, "", "There is no catalogue yet.");
        auto current = catalog_of(*stored);
        if (!current) return internal_error_response();
        auto edited = edit(*current);
        if (!edited) return error_response(edited.error());
        Catalog next = std::move(edited).value();
        if (!dry_run) next.version = next_catalog_version(current->version);
        std::vector<std::string> affected = centres;
        if (affected.empty()) {
            for (const Centre& centre : next.centres) affected.push_back(centre.id);
        }
        CatalogEditAnswer answer{next.version, dry_run, {}};
        const Stranding change{stranded_after_change(store.connection(), *current, affected, from),
                               stranded_after_change(store.connection(), next, affected, from)};
        for (const Booking& booking : change.after) {
            answer.stranded.push_back(staff_booking_row(booking));
        }
        if (!dry_run) {
            store.save_catalog(StoredCatalog{next.version, to_text(catalog_to_json(next))}, now);
            record_audit(store.connection(), audit);
            tell_stranding(store, change, now);
        }
        if (!dry_run) *applied = std::move(next);
        return json_response(200, catalog_edit_answer_to_json(answer));
    };
    submit_catalog_change(std::move(work), applied, respond);
}

// Availability answers are cached per writer generation. One computed from the old catalogue
// between this edit's COMMIT and catalog_.set() would carry the new generation; an empty
// transaction moves the generation past it, and the supervisor is answered after that, so
// every client that hears of the change also sees it in availability.
void StaffApi::submit_catalog_change(std::function<HttpResponse(WriteStore&)> work,
                                     std::shared_ptr<std::optional<Catalog>> applied,
                                     Responder& respond) {
    writer_.submit(WriteJob{std::move(work),
                            [this, applied, respond = std::move(respond)](HttpResponse response) {
                                if (response.status != 200 || !*applied) {
                                    return respond(std::move(response));
                                }
                                catalog_.set(std::move(**applied));
                                answer_after_next_commit(std::move(response), respond);
                            }});
}

void StaffApi::answer_after_next_commit(HttpResponse response, Responder respond) {
    writer_.submit(WriteJob{[](WriteStore&) { return HttpResponse{}; },
                            [response = std::move(response), respond = std::move(respond)](
                                HttpResponse) mutable { respond(std::move(response)); }});
}

// --- Reports ------------------------------------------------------------------------------

void StaffApi::report(const Caller& caller, const std::string& centre, std::string_view query,
                      Responder& respond) {
    auto from_text = query_param(query, "from");
    auto to_text_value = query_param(query, "to");
    auto from = from_text ? parse_date(*from_text) : std::nullopt;
    auto to = to_text_value ? parse_date(*to_text_value) : std::nullopt;
    if (!from) {
        return respond(error_response(ErrorCode::bad_request, "from", "Expected YYYY-MM-DD."));
    }
    if (!to) return respond(error_response(ErrorCode::bad_request, "to", "Expected YYYY-MM-DD."));
    if (*to < *from || days_between(*from, *to) >= kMaxReportDays) {
        return respond(error_response(ErrorCode::bad_request, "to",
                                      "The range runs forward and covers at most 366 days."));
    }
    auto format = query_param(query, "format").value_or("json");
    if (format != "json" && format != "csv") {
        return respond(error_response(ErrorCode::bad_request, "format", "Expected json or csv."));
    }
    auto state = catalog_.get();
    const int offset = centre_utc_offset(state->catalog, centre);
    Connection& db = thread_read_connection(db_path_);
    auto bookings = bookings_between(db, centre, to_unix(*from, 0, offset),
                                     to_unix(add_days(*to, 1), 0, offset));
    auto walk_ins = walk_ins_by_service(db, centre, format_date(*from), format_date(*to));
    auto rows = centre_report(state->catalog, centre, *from, *to, bookings, walk_ins);
    if (format == "csv") {
        HttpResponse response;
        response.content_type = "text/csv; charset=utf-8";
        response.body = report_to_csv(rows);
        response.headers.emplace_back("Content-Disposition", "attachment; filename=\"mawid-" +
                                                                 centre + "-" + format_date(*from) +
                                                                 "-" + format_date(*to) + ".csv\"");
        // The figures leave the system as a file: that is on record, the screen is not.
        return answer_recorded(AuditEntry{0, caller.member.username, centre, "report_exported", "",
                                          days_detail(*from, *to)},
                               std::move(response), std::move(respond));
    }
    ReportAnswer answer{centre, format_date(*from), format_date(*to), {}};
    for (const ReportRow& row : rows) answer.rows.push_back(report_answer_row(row));
    respond(json_response(200, report_answer_to_json(answer)));
}

}  // namespace mawid::server
