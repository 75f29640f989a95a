// The first screen: book, or look at the bookings made on this phone.
#include "screens.hpp"

namespace mawid::client::screens {

void home(App& app, ui::Column& col) {
    const Strings& tr = app.tr;
    ui::title(col, "home/welcome", tr("home.welcome"));
    ui::paragraph(col, "home/intro", tr("home.intro"), ui::TextStyle::body, ui::colour::muted);
    col.gap(8);
    offline_notice(app, col);
    if (ui::button(col, "home/book", tr("home.book"))) {
        app.flow = {};
        app.outcome = {};
        app.go(Screen::services);
    }
    std::string mine = tr("home.my_bookings");
    if (!app.bookings.all().empty()) {
        mine = tr.format("home.my_bookings_count",
                         {{"count", std::to_string(app.bookings.all().size())}});
    }
    if (ui::button(col, "home/mine", mine, ui::Kind::secondary)) app.open_bookings();
    if (!app.catalog && app.catalog_failed) {
        ui::notice(col, "home/no-catalog", tr("error.no_catalog"), ui::Tone::error);
    }
}

}  // namespace mawid::client::screens
