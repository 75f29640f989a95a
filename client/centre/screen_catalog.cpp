// The catalogue as CSV (admins): download both files, upload a changed one, read its preview
// (every problem by line and column, what would change, the bookings it would strand) and
// apply it, which only a clean preview allows (docs/catalog-csv.md).
#include "staff_screens.hpp"

namespace mawid::client::staff::screens {

namespace {

// "Line 3, column 12 (hours_mon)", or "The whole file" for line 0.
std::string where(const Strings& tr, const ImportProblem& p) {
    if (p.line == 0) return tr("staff.catalog.whole_file");
    return tr.format("staff.catalog.at", {{"line", std::to_string(p.line)},
                                          {"column", std::to_string(p.column)},
                                          {"name", p.column_name}});
}

void problems(Controller& c, ui::Column& col, const CatalogImportReport& report) {
    const Strings& tr = c.app.tr;
    ui::notice(col, "staff/catalog/problems",
               tr.format("staff.catalog.problems", {{"count", std::to_string(report.problems.size())}}),
               ui::Tone::error);
    int i = 0;
    for (const ImportProblem& p : report.problems) {
        info_row(col, "staff/catalog/problem/" + std::to_string(i++), where(tr, p),
                 tr("staff.catalog.reason." + p.reason), "");
    }
}

std::string joined(const Controller& c, const std::vector<std::string>& ids, bool centres) {
    std::string text;
    for (const std::string& id : ids) {
        if (!text.empty()) text += " · ";
        const std::string name = centres ? centre_name(c, id) : service_name(c, id);
        text += name.empty() ? id : name;
    }
    return text;
}

void changes(Controller& c, ui::Column& col, const CatalogImportReport& report) {
    const Strings& tr = c.app.tr;
    const ImportChanges& ch = report.changes;
    if (ch.empty()) {
        ui::notice(col, "staff/catalog/unchanged", tr("staff.catalog.no_changes"), ui::Tone::info);
        return;
    }
    const std::tuple<const char*, const std::vector<std::string>*, bool> lists[] = {
        {"services_added", &ch.services_added, false},
        {"services_changed", &ch.services_changed, false},
        {"centres_added", &ch.centres_added, true},
        {"centres_changed", &ch.centres_changed, true},
        {"hours_changed", &ch.hours_changed, true}};
    for (const auto& [key, ids, centres] : lists) {
        if (ids->empty()) continue;
        info_row(col, std::string("staff/catalog/") + key, tr(std::string("staff.catalog.") + key),
                 joined(c, *ids, centres), std::to_string(ids->size()));
    }
    int i = 0;
    for (const GoLiveMove& move : ch.golive_moved) {
        std::string what = joined(c, {move.centre}, true);
        if (!move.service.empty()) what += " · " + joined(c, {move.service}, false);
        auto day = [&](const std::string& date) {
            return date.empty() ? tr("staff.catalog.live_now") : date;
        };
        info_row(col, "staff/catalog/golive/" + std::to_string(i++), tr("staff.catalog.golive_moved"),
                 what, day(move.from) + " → " + day(move.to));
    }
}

void stranded(Controller& c, ui::Column& col, const CatalogImportReport& report) {
    const Strings& tr = c.app.tr;
    if (report.stranded.empty()) return;
    ui::notice(col, "staff/catalog/stranded",
               tr.format("staff.catalog.stranded", {{"count", std::to_string(report.stranded.size())}}),
               ui::Tone::warning);
    for (const StaffBookingRow& row : report.stranded) {
        info_row(col, "staff/catalog/stranded/" + row.code,
                 joined(c, {row.centre}, true) + " · " + joined(c, {row.service}, false),
                 row.code + " · " + row.start, row.status);
    }
}

}  // namespace

void catalog(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    const bool on = c.app.online && !c.import_busy;
    ui::paragraph(col, "staff/catalog/intro", tr("staff.catalog.intro"), ui::TextStyle::small,
                  ui::colour::muted);
    int d = button_row(col,
                       {{"staff/catalog/get-centres", tr("staff.catalog.download_centres")},
                        {"staff/catalog/get-services", tr("staff.catalog.download_services")}},
                       {on, on});
    if (d == 0) c.download_catalog("centres");
    if (d == 1) c.download_catalog("services");
    int u = button_row(col,
                       {{"staff/catalog/upload-centres", tr("staff.catalog.upload_centres")},
                        {"staff/catalog/upload-services", tr("staff.catalog.upload_services")}},
                       {on, on});
    if (u == 0) c.pick_import("centres");
    if (u == 1) c.pick_import("services");
    if (c.import_busy) {
        ui::paragraph(col, "staff/catalog/busy", tr("common.loading"), ui::TextStyle::body,
                      ui::colour::muted);
    }
    message(c, col, "staff/catalog/message", c.import_message);
    if (!c.import_report) return;
    const CatalogImportReport& report = *c.import_report;
    ui::heading(col, "staff/catalog/preview",
                tr(report.file == "services" ? "staff.catalog.preview_services"
                                             : "staff.catalog.preview_centres"));
    if (!report.problems.empty()) {
        problems(c, col, report);
    } else {
        changes(c, col, report);
        stranded(c, col, report);
    }
    if (!report.dry_run) return;
    const bool clean = report.problems.empty();
    if (ui::button(col, "staff/catalog/apply", tr("staff.catalog.apply"), ui::Kind::primary,
                   on && clean)) {
        c.apply_import();
    }
    if (!clean) {
        ui::paragraph(col, "staff/catalog/fix", tr("staff.catalog.fix_first"), ui::TextStyle::small,
                      ui::colour::muted);
    }
}

}  // namespace mawid::client::staff::screens
