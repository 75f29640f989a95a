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

// "Opens on Sun 6 Dec" for a centre not taking this service yet; empty once it is live.
std::string opens_text(CitizenApp& app, const Centre& centre) {
    const Date today = to_local(app.now(), centre.utc_offset_minutes).date;
    if (is_live(centre, app.flow.service, today)) return {};
    return app.tr.format("centres.opens_on",
                         {{"date", date_short(app.tr, *live_from(centre, app.flow.service))}});
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

    struct Entry {
        double km;
        const Centre* centre;
        std::string opens;  // empty when live
    };
    std::vector<Entry> list;
    for (const Centre& c : app.catalog->centres) {
        if (!offers(c, app.flow.service)) continue;
        if (!app.governorate.empty() && c.governorate != app.governorate) continue;
        if (!matches_search(c.name, app.input(kCentreSearch))) continue;
        double d =
            app.location ? distance_km(app.location->first, app.location->second, c.lat, c.lon) : 0;
        list.push_back(Entry{d, &c, opens_text(app, c)});
    }
    // Centres that take bookings now come first; nearest first within each group.
    std::stable_sort(list.begin(), list.end(), [&](const Entry& a, const Entry& b) {
        const bool a_later = !a.opens.empty(), b_later = !b.opens.empty();
        if (a_later != b_later) return b_later;
        return app.location && a.km < b.km;
    });
    for (const auto& [km, c, opens] : list) {
        std::string trailing = app.location ? km_text(tr, km) : std::string();
        if (!opens.empty()) trailing = trailing.empty() ? opens : opens + " · " + trailing;
        if (ui::row(col, "ctr/" + c->id, localized(c->name, tr.chain()),
                    tr("gov." + c->governorate), trailing)) {
            app.choose_centre(c->id);
        }
    }
    if (list.empty()) {
        ui::paragraph(col, "centres/none", tr("centres.none"), ui::TextStyle::body,
                      ui::colour::muted);
    }
}

}  // namespace mawid::client::screens
