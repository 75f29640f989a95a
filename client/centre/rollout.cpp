// The centre app: the roll-out plan's changes and figures for admins. A phase opened on the
// plan screen moves (all its centres, or those chosen) to the date typed: a dry run first,
// whose preview says which centres get which date and which bookings it strands, then the
// change itself, against the catalogue version the preview was made on.
#include <mawid/codec.hpp>

#include <algorithm>

#include "keys.hpp"
#include "platform.hpp"
#include "platform_centre.hpp"
#include "staff.hpp"

namespace mawid::client::staff {

void Controller::open_phase(const RolloutPhase& phase) {
    const std::string date = format_date(phase.date);
    rollout_preview.reset();
    rollout_message = {};
    if (rollout_phase == date) {
        rollout_phase.clear();
        return;
    }
    rollout_phase = date;
    rollout_centres = phase.centres;
    app.set_input(kRolloutDate, date);
}

void Controller::toggle_rollout_centre(const std::string& id) {
    auto found = std::find(rollout_centres.begin(), rollout_centres.end(), id);
    if (found != rollout_centres.end()) {
        rollout_centres.erase(found);
    } else {
        rollout_centres.push_back(id);
    }
    rollout_preview.reset();  // the preview was of another change
}

Json Controller::rollout_body(bool dry_run) const {
    return {{"centres", rollout_centres}, {"live_from", input(kRolloutDate)}, {"dry_run", dry_run}};
}

void Controller::preview_rollout() {
    if (rollout_busy || rollout_centres.empty()) return;
    rollout_busy = true;
    rollout_preview.reset();
    rollout_message = {};
    send(Purpose::rollout_preview, {}, "POST", kApi + "/rollout", rollout_body(true).dump());
}

void Controller::apply_rollout() {
    // Only the change previewed, for the date it was previewed with, may be applied.
    if (!rollout_preview || !rollout_preview->dry_run || rollout_busy ||
        rollout_preview->live_from != input(kRolloutDate)) {
        return;
    }
    rollout_busy = true;
    Json body = rollout_body(false);
    body["version"] = rollout_preview->version;
    send(Purpose::rollout_apply, {}, "POST", kApi + "/rollout", body.dump());
}

void Controller::on_rollout(bool applied, int status, const std::string& body) {
    rollout_busy = false;
    auto json = parse_json(body);
    if (status != 200 || !json) {
        rollout_message = error_message(status, body, 0);
        return;
    }
    rollout_preview = rollout_change_answer_from_json(*json);
    if (!applied) return;
    rollout_message = {"staff.rollout.applied",
                       {{"date", rollout_preview->live_from}},
                       ui::Tone::success};
    rollout_phase.clear();
    app.reload_catalog();  // the plan is read from the catalogue
}

void Controller::load_rollout_report() {
    if (rollout_report_busy) return;
    rollout_report_busy = true;
    rollout_report_message = {};
    send(Purpose::rollout_report, {}, "GET", kApi + "/rollout/report");
}

void Controller::export_rollout_csv() {
    send(Purpose::rollout_csv, {}, "GET", kApi + "/rollout/report?format=csv");
}

void Controller::on_rollout_report(bool csv, int status, const std::string& body) {
    if (!csv) rollout_report_busy = false;
    if (status != 200) {
        rollout_report_message = error_message(status, body, 0);
        return;
    }
    if (csv) return platform::download("mawid-rollout-" + today() + ".csv", "text/csv;charset=utf-8", body);
    auto json = parse_json(body);
    if (json) rollout_figures = rollout_report_from_json(*json);
}

}  // namespace mawid::client::staff
