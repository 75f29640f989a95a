// The catalogue import's report: JSON for the API and the centre app, text for the command line.
#include "mawid/catalog_csv.hpp"
#include "json_members.hpp"

namespace mawid {

using detail::flag_of;
using detail::int_of;
using detail::list_of;
using detail::text_of;

namespace {

std::vector<std::string> strings_of(const Json& json, const char* field) {
    std::vector<std::string> items;
    for (const Json& item : list_of(json, field)) {
        if (item.is_string()) items.push_back(item.get<std::string>());
    }
    return items;
}

Json changes_to_json(const ImportChanges& changes) {
    Json moves = Json::array();
    for (const GoLiveMove& move : changes.golive_moved) {
        moves.push_back(
            {{"centre", move.centre}, {"service", move.service}, {"from", move.from}, {"to", move.to}});
    }
    return {{"services_added", changes.services_added},
            {"services_changed", changes.services_changed},
            {"centres_added", changes.centres_added},
            {"centres_changed", changes.centres_changed},
            {"hours_changed", changes.hours_changed},
            {"golive_moved", moves}};
}

ImportChanges changes_from_json(const Json& json) {
    ImportChanges changes{strings_of(json, "services_added"), strings_of(json, "services_changed"),
                          strings_of(json, "centres_added"),  strings_of(json, "centres_changed"),
                          strings_of(json, "hours_changed"),  {}};
    for (const Json& move : list_of(json, "golive_moved")) {
        if (!move.is_object()) continue;
        changes.golive_moved.push_back({text_of(move, "centre"), text_of(move, "service"),
                                        text_of(move, "from"), text_of(move, "to")});
    }
    return changes;
}

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
    return text;
}

}  // namespace

Json catalog_import_report_to_json(const CatalogImportReport& report) {
    Json problems = Json::array();
    for (const ImportProblem& p : report.problems) {
        problems.push_back({{"line", p.line},
                            {"column", p.column},
                            {"column_name", p.column_name},
                            {"reason", p.reason},
                            {"detail", p.detail}});
    }
    Json stranded = Json::array();
    for (const StaffBookingRow& row : report.stranded) {
        stranded.push_back(staff_booking_row_to_json(row));
    }
    return {{"file", report.file},
            {"version", report.version},
            {"dry_run", report.dry_run},
            {"applied", report.applied},
            {"clean", report.problems.empty()},
            {"problems", problems},
            {"changes", changes_to_json(report.changes)},
            {"stranded", stranded}};
}

CatalogImportReport catalog_import_report_from_json(const Json& json) {
    CatalogImportReport report;
    if (!json.is_object()) return report;
    report.file = text_of(json, "file");
    report.version = text_of(json, "version");
    report.dry_run = flag_of(json, "dry_run");
    report.applied = flag_of(json, "applied");
    for (const Json& p : list_of(json, "problems")) {
        if (!p.is_object()) continue;
        report.problems.push_back({int_of(p, "line"), int_of(p, "column"), text_of(p, "column_name"),
                                   text_of(p, "reason"), text_of(p, "detail")});
    }
    if (auto found = json.find("changes"); found != json.end() && found->is_object()) {
        report.changes = changes_from_json(*found);
    }
    report.stranded = staff_booking_rows_from_json(list_of(json, "stranded"));
    return report;
}

std::string catalog_import_report_text(const CatalogImportReport& report) {
    std::string text;
    const std::string file = report.file + ".csv";
    for (const ImportProblem& p : report.problems) {
        text += file + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
        if (!p.column_name.empty()) text += " (" + p.column_name + ")";
        text += " " + p.reason + ": " + p.detail + "\n";
    }
    const ImportChanges& c = report.changes;
    const std::pair<const char*, const std::vector<std::string>*> lists[] = {
        {"services added", &c.services_added}, {"services changed", &c.services_changed},
        {"centres added", &c.centres_added},   {"centres changed", &c.centres_changed},
        {"hours changed", &c.hours_changed}};
    for (const auto& [label, items] : lists) {
        if (!items->empty()) text += std::string(label) + ": " + joined(*items) + "\n";
    }
    for (const GoLiveMove& move : c.golive_moved) {
        text += "go-live moved: " + move.centre + (move.service.empty() ? "" : "/" + move.service) +
                " " + (move.from.empty() ? "live" : move.from) + " -> " +
                (move.to.empty() ? "live" : move.to) + "\n";
    }
    for (const StaffBookingRow& row : report.stranded) {
        text += "stranded: " + row.code + " " + row.service + " " + row.start + "\n";
    }
    if (report.problems.empty() && c.empty()) text += file + ": no changes\n";
    text += file + ": " + std::to_string(report.problems.size()) + " problem(s); " +
            (report.applied ? "applied as version " + report.version
                            : std::string("nothing applied")) +
            "\n";
    return text;
}

}  // namespace mawid
