// Step 1: which service. Searchable by name in any language.
#include <mawid/catalog.hpp>

#include "format.hpp"
#include "screens.hpp"

namespace mawid::client::screens {

void services(CitizenApp& app, ui::Column& col) {
    const Strings& tr = app.tr;
    offline_notice(app, col);
    ui::field(col, kServiceSearch, tr("services.search"), platform::InputKind::search,
              app.input(kServiceSearch), {}, tr("services.search_hint"));
    if (!app.catalog) {
        ui::paragraph(col, "services/loading", tr("common.loading"), ui::TextStyle::body,
                      ui::colour::muted);
        return;
    }
    // A service no centre offers yet says when it starts (at its first centre's go-live).
    const Date today = to_local(app.now(), kDefaultUtcOffsetMinutes).date;
    int shown = 0;
    for (const Service& s : app.catalog->services) {
        if (!matches_search(s.name, app.input(kServiceSearch))) continue;
        ++shown;
        std::string starts;
        if (auto first = service_starts_on(*app.catalog, s.id); first && today < *first) {
            starts = tr.format("services.starts_on", {{"date", date_short(tr, *first)}});
        }
        if (ui::row(col, "svc/" + s.id, localized(s.name, tr.chain()),
                    localized(s.authority, tr.chain()), starts)) {
            app.choose_service(s.id);
        }
    }
    if (shown == 0) {
        ui::paragraph(col, "services/none", tr("services.none"), ui::TextStyle::body,
                      ui::colour::muted);
    }
}

}  // namespace mawid::client::screens
