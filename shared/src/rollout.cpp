#include "mawid/rollout.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "formatting.hpp"
#include "json_members.hpp"

namespace mawid {

using detail::fixed3;
using detail::flag_of;
using detail::int_of;
using detail::list_of;
using detail::optional_date;
using detail::text_of;

std::vector<RolloutPhase> rollout_phases(const Catalog& catalog, const Date& today) {
    std::map<Date, std::vector<std::string>> by_date;  // ordered: earliest first
    for (const Centre& centre : catalog.centres) {
        if (centre.live_from) by_date[*centre.live_from].push_back(centre.id);
    }
    std::vector<RolloutPhase> phases;
    for (auto& [date, centres] : by_date) {
        phases.push_back(RolloutPhase{date, std::move(centres), date <= today});
    }
    return phases;
}

namespace {

// "phase 2027-01-01 -> 2027-01-15" when `centres` are exactly the centres of one phase;
// otherwise "centre X -> 2027-01-15" or "centres X, Y -> 2027-01-15". Ids only.
std::string change_detail(const Catalog& catalog, const std::vector<std::string>& centres,
                          const Date& date) {
    const std::string to = " -> " + format_date(date);
    const std::set<std::string> moved(centres.begin(), centres.end());
    for (const RolloutPhase& phase : rollout_phases(catalog, date)) {
        if (std::set<std::string>(phase.centres.begin(), phase.centres.end()) == moved) {
            return "phase " + format_date(phase.date) + to;
        }
    }
    std::string ids;
    for (const std::string& id : centres) ids += (ids.empty() ? "" : ", ") + id;
    return (centres.size() == 1 ? "centre " : "centres ") + ids + to;
}

}  // namespace

Result<RolloutChange> move_go_live(const Catalog& catalog, const std::vector<std::string>& centres,
                                   const Date& date, const Date& today) {
    if (centres.empty()) return make_error(ErrorCode::bad_request, "centres", "Name a centre.");
    if (date < today) {
        return make_error(ErrorCode::date_in_past, "live_from",
                          "A go-live date is today or a later day.");
    }
    std::set<std::string> seen;
    RolloutChange change{catalog, {}, change_detail(catalog, centres, date)};
    for (const std::string& id : centres) {
        if (!seen.insert(id).second) {
            return make_error(ErrorCode::bad_request, "centres", "A centre is named twice.");
        }
        auto centre = std::find_if(change.catalog.centres.begin(), change.catalog.centres.end(),
                                   [&](const Centre& c) { return c.id == id; });
        if (centre == change.catalog.centres.end()) {
            return make_error(ErrorCode::unknown_centre, "centres");
        }
        if (centre->live_from == date) continue;
        change.moves.push_back({id, "", optional_date(centre->live_from), format_date(date)});
        centre->live_from = date;
    }
    return change;
}

namespace {

void add_figures(ReportRow& into, const ReportRow& row) {
    into.bookings += row.bookings;
    into.checked_in += row.checked_in;
    into.served += row.served;
    into.no_show += row.no_show;
    into.cancelled += row.cancelled;
    into.walk_ins += row.walk_ins;
    into.seats_offered += row.seats_offered;
    into.seats_used += row.seats_used;
}

CentreFigures centre_figures(const Catalog& catalog, const Centre& centre, const Date& to,
                             const std::map<std::string, std::vector<Booking>>& bookings) {
    CentreFigures figures{centre.id, *centre.live_from, {}};
    figures.from = std::max(*centre.live_from, add_days(to, 1 - kRolloutReportDays));
    if (to < figures.from) return figures;
    static const std::vector<Booking> none;
    auto found = bookings.find(centre.id);
    for (const ReportRow& row : centre_report(catalog, centre.id, figures.from, to,
                                              found == bookings.end() ? none : found->second,
                                              {})) {
        add_figures(figures.figures, row);
    }
    return figures;
}

std::vector<std::string> figure_fields(const ReportRow& r) {
    std::vector<std::string> fields;
    for (int n : {r.bookings, r.checked_in, r.served, r.no_show, r.cancelled, r.seats_offered,
                  r.seats_used}) {
        fields.push_back(std::to_string(n));
    }
    fields.push_back(fixed3(no_show_rate(r)));
    fields.push_back(fixed3(utilisation(r)));
    return fields;
}

Json figures_to_json(const ReportRow& r) {
    return {{"bookings", r.bookings},         {"checked_in", r.checked_in},
            {"served", r.served},             {"no_show", r.no_show},
            {"cancelled", r.cancelled},       {"seats_offered", r.seats_offered},
            {"seats_used", r.seats_used},     {"no_show_rate", no_show_rate(r)},
            {"utilisation", utilisation(r)}};
}

ReportRow figures_from_json(const Json& json) {
    ReportRow r;
    r.bookings = int_of(json, "bookings");
    r.checked_in = int_of(json, "checked_in");
    r.served = int_of(json, "served");
    r.no_show = int_of(json, "no_show");
    r.cancelled = int_of(json, "cancelled");
    r.seats_offered = int_of(json, "seats_offered");
    r.seats_used = int_of(json, "seats_used");
    return r;
}

Date date_of(const Json& json, const char* name) {
    auto found = json.find(name);
    auto date = found != json.end() && found->is_string() ? parse_date(found->get<std::string>())
                                                          : std::nullopt;
    return date.value_or(Date{});
}

}  // namespace

Json rollout_change_answer_to_json(const RolloutChangeAnswer& answer) {
    Json changes = Json::array();
    for (const GoLiveMove& move : answer.changes) {
        changes.push_back({{"centre", move.centre}, {"from", move.from}, {"to", move.to}});
    }
    Json stranded = Json::array();
    for (const StaffBookingRow& row : answer.stranded) {
        stranded.push_back(staff_booking_row_to_json(row));
    }
    return {{"version", answer.version},     {"dry_run", answer.dry_run},
            {"live_from", answer.live_from}, {"changes", std::move(changes)},
            {"stranded", std::move(stranded)}};
}

RolloutChangeAnswer rollout_change_answer_from_json(const Json& json) {
    RolloutChangeAnswer answer;
    if (!json.is_object()) return answer;
    answer.version = text_of(json, "version");
    answer.dry_run = flag_of(json, "dry_run");
    answer.live_from = text_of(json, "live_from");
    for (const Json& move : list_of(json, "changes")) {
        if (!move.is_object()) continue;
        answer.changes.push_back(
            {text_of(move, "centre"), "", text_of(move, "from"), text_of(move, "to")});
    }
    answer.stranded = staff_booking_rows_from_json(list_of(json, "stranded"));
    return answer;
}

RolloutReport rollout_report(const Catalog& catalog, const Date& today, const Date& to,
                             const std::map<std::string, std::vector<Booking>>& bookings) {
    RolloutReport report{to, {}};
    for (const RolloutPhase& phase : rollout_phases(catalog, today)) {
        PhaseFigures figures{phase.date, phase.live, {}, {}};
        for (const std::string& id : phase.centres) {
            figures.centres.push_back(centre_figures(catalog, *find_centre(catalog, id), to, bookings));
            add_figures(figures.total, figures.centres.back().figures);
        }
        report.phases.push_back(std::move(figures));
    }
    return report;
}

std::string rollout_report_to_csv(const RolloutReport& report) {
    std::string csv = csv_record({"phase", "state", "centre", "from", "to", "bookings",
                                  "checked_in", "served", "no_show", "cancelled", "seats_offered",
                                  "seats_used", "no_show_rate", "utilisation"});
    const std::string to = format_date(report.to);
    for (const PhaseFigures& phase : report.phases) {
        const std::string date = format_date(phase.date);
        const std::string state = phase.live ? "live" : "planned";
        std::vector<std::string> fields = {date, state, "", date, to};
        for (std::string& f : figure_fields(phase.total)) fields.push_back(std::move(f));
        csv += csv_record(fields);
        for (const CentreFigures& centre : phase.centres) {
            fields = {date, state, centre.centre, format_date(centre.from), to};
            for (std::string& f : figure_fields(centre.figures)) fields.push_back(std::move(f));
            csv += csv_record(fields);
        }
    }
    return csv;
}

Json rollout_report_to_json(const RolloutReport& report) {
    Json phases = Json::array();
    for (const PhaseFigures& phase : report.phases) {
        Json centres = Json::array();
        for (const CentreFigures& centre : phase.centres) {
            Json item = figures_to_json(centre.figures);
            item["centre"] = centre.centre;
            item["from"] = format_date(centre.from);
            centres.push_back(std::move(item));
        }
        Json item = figures_to_json(phase.total);
        item["date"] = format_date(phase.date);
        item["live"] = phase.live;
        item["centres"] = std::move(centres);
        phases.push_back(std::move(item));
    }
    return {{"to", format_date(report.to)}, {"phases", std::move(phases)}};
}

RolloutReport rollout_report_from_json(const Json& json) {
    RolloutReport report{date_of(json, "to"), {}};
    for (const Json& item : list_of(json, "phases")) {
        if (!item.is_object()) continue;
        PhaseFigures phase{date_of(item, "date"), flag_of(item, "live"),
                           figures_from_json(item), {}};
        for (const Json& centre : list_of(item, "centres")) {
            if (!centre.is_object()) continue;
            phase.centres.push_back({text_of(centre, "centre"),
                                     date_of(centre, "from"), figures_from_json(centre)});
        }
        report.phases.push_back(std::move(phase));
    }
    return report;
}

}  // namespace mawid
