// The roll-out plan (admins, read-only): phases are the centres that go live on the same
// date, each with its date, its centres and whether it is live yet or still planned. It is
// read from the catalogue the app already holds; today is the server's (the day list's).
#include <mawid/rollout.hpp>

#include "format.hpp"
#include "staff_screens.hpp"

namespace mawid::client::staff::screens {

namespace {

// "Manama Service Centre · Sitra Health Centre · ..." in the reader's language.
std::string centre_names(const Controller& c, const std::vector<std::string>& ids) {
    std::string names;
    for (const std::string& id : ids) {
        if (!names.empty()) names += " · ";
        names += centre_name(c, id);
    }
    return names;
}

}  // namespace

void rollout(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    ui::paragraph(col, "staff/rollout/intro", tr("staff.rollout.intro"), ui::TextStyle::small,
                  ui::colour::muted);
    auto today = parse_date(c.today());
    if (!c.app.catalog || !today) {
        ui::paragraph(col, "staff/rollout/loading", tr("common.loading"), ui::TextStyle::body,
                      ui::colour::muted);
        return;
    }
    const auto phases = rollout_phases(*c.app.catalog, *today);
    if (phases.empty()) {
        ui::notice(col, "staff/rollout/none", tr("staff.rollout.none"), ui::Tone::info);
        return;
    }
    for (const RolloutPhase& phase : phases) {
        const std::string date = format_date(phase.date);
        std::string title =
            date_long(tr, phase.date) + " · " +
            tr.count("staff.rollout.centres", static_cast<long long>(phase.centres.size()));
        info_row(col, "staff/rollout/" + date, title, centre_names(c, phase.centres),
                 tr(phase.live ? "staff.rollout.live" : "staff.rollout.planned"));
    }
}

}  // namespace mawid::client::staff::screens
