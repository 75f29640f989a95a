// Step 2: which centre. By governorate, by name, or nearest first with location.
#include <algorithm>
#include <cstdio>

#include <mawid/catalog.hpp>

#include "format.hpp"
#include "screens.hpp"

namespace mawid::client::screens {

namespace {

const char* const kGovernorates[] = {"capital", "muharraq", "northern", "southern"};

void summary(CitizenApp& app, ui::Column& col) {
    if (const Service* s = app.service()) {
        ui::paragraph(col, "centres/service", localized(s->name, app.tr.chain()),
                      ui::TextStyle::body_bold, ui::colour::primary);
    }
}

void filters(CitizenApp& app, ui::Column& col) {
    const Strings& tr = app.tr;
    ui::Flow flow(col, 44);
    if (flow.chip("gov/all", tr("gov.all"), app.governorate.empty())) app.governorate.clear();
    for (const char* g : kGovernorates) {
        if (flow.chip(std::string("gov/") + g, tr(std::string("gov.") + g), app.governorate == g)) {
            app.governorate = g;
        }
    }
    flow.end();
}

void location_controls(CitizenApp& app, ui::Column& col) {
    const Strings& tr = app.tr;
    if (app.location) return;
    std::string label = app.locating ? tr("centres.locating") : tr("centres.nearest");
    if (ui::button(col, "centres/nearest", label, ui::Kind::secondary, !app.locating)) {
        app.locate();
    }
    if (app.location_denied) {
        ui::notice(col, "centres/no-location", tr("centres.location_denied"), ui::Tone::info);
    }
}

std::string km_text(const Strings& tr, double km) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f", km);
    return tr.format("centres.km", {{"km", tr.digits(buf)}});
}

}  // namespace

void centres(CitizenApp& app, ui::Column& col) {
    const Strings& tr = app.tr;
    if (!app.catalog) return;
    offline_notice(app, col);
    summary(app, col);
    ui::field(col, kCentreSearch, tr("centres.search"), platform::InputKind::search,
              app.input(kCentreSearch), {});
    filters(app, col);
    location_controls(app, col);

    std::vector<std::pair<double, const Centre*>> list;
    for (const Centre& c : app.catalog->centres) {
        if (!offers(c, app.flow.service)) continue;
        if (!app.governorate.empty() && c.governorate != app.governorate) continue;
        if (!matches_search(c.name, app.input(kCentreSearch))) continue;
        double d =
            app.location ? distance_km(app.location->first, app.location->second, c.lat, c.lon) : 0;
        list.emplace_back(d, &c);
    }
    if (app.location) {
        std::stable_sort(list.begin(), list.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
    }
    for (const auto& [km, c] : list) {
        std::string trailing = app.location ? km_text(tr, km) : std::string();
        if (ui::row(col, "ctr/" + c->id, localized(c->name, tr.chain()), tr("gov." + c->governorate),
                    trailing)) {
            app.choose_centre(c->id);
        }
    }
    if (list.empty()) {
        ui::paragraph(col, "centres/none", tr("centres.none"), ui::TextStyle::body,
                      ui::colour::muted);
    }
}

}  // namespace mawid::client::screens
