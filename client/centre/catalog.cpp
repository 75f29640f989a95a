// The centre app: the catalogue as CSV for admins (docs/catalog-csv.md). Downloads go
// through the browser like the report's; an upload is picked in a hidden file input
// (web/staff.js), checked at once as a dry run, and applied only when the check was clean,
// against the catalogue version it was checked with.
#include <mawid/codec.hpp>

#include "keys.hpp"
#include "platform.hpp"
#include "platform_centre.hpp"
#include "staff.hpp"

namespace mawid::client::staff {

void Controller::download_catalog(const std::string& kind) {
    send(Purpose::catalog_csv, kind, "GET", kApi + "/catalog/" + kind + ".csv");
}

void Controller::on_catalog_csv(const std::string& kind, int status, const std::string& body) {
    if (status != 200) {
        import_message = error_message(status, body, 0);
        return;
    }
    platform::download("mawid-" + kind + ".csv", "text/csv;charset=utf-8", body);
}

void Controller::pick_import(const std::string& kind) {
    import_kind = kind;
    import_report.reset();
    import_message = {};
    platform::pick_file(kCatalogFile);
}

void Controller::check_import() {
    if (input(kCatalogFile).empty() || import_busy) return;
    import_busy = true;
    import_report.reset();
    import_message = {};
    send(Purpose::import_check, {}, "POST",
         kApi + "/catalog/import?file=" + import_kind + "&dry_run=1", input(kCatalogFile));
}

void Controller::apply_import() {
    // Only a clean preview of this very file may be applied.
    if (!import_report || !import_report->dry_run || !import_report->problems.empty() ||
        import_busy) {
        return;
    }
    import_busy = true;
    send(Purpose::import_apply, {}, "POST",
         kApi + "/catalog/import?file=" + import_kind + "&version=" + import_report->version,
         input(kCatalogFile));
}

void Controller::on_import(bool applied, int status, const std::string& body) {
    import_busy = false;
    auto json = parse_json(body);
    if (status == 200 && json) {
        import_report = catalog_import_report_from_json(*json);
        if (applied) {
            import_message = {"staff.catalog.applied", {{"version", import_report->version}},
                              ui::Tone::success};
            app.reload_catalog();
        }
        return;
    }
    // A refusal with problems (422) still carries the report: show it.
    if (json && json->contains("report")) {
        import_report = catalog_import_report_from_json((*json)["report"]);
    }
    import_message = error_message(status, body, 0);
}

}  // namespace mawid::client::staff
