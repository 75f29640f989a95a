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
    int shown = 0;
    for (const Service& s : app.catalog->services) {
        if (!matches_search(s.name, app.input(kServiceSearch))) continue;
        ++shown;
        if (ui::row(col, "svc/" + s.id, localized(s.name, tr.chain()),
                    localized(s.authority, tr.chain()))) {
            app.choose_service(s.id);
        }
    }
    if (shown == 0) {
        ui::paragraph(col, "services/none", tr("services.none"), ui::TextStyle::body,
                      ui::colour::muted);
    }
}

}  // namespace mawid::client::screens
