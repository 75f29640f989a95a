// The first screen: book, or look at the bookings made on this phone.
#include <mawid/catalog.hpp>

#include "format.hpp"
#include "screens.hpp"

namespace mawid::client::screens {

namespace {

// The booking people come back for, one tap away.
void next_appointment(CitizenApp& app, ui::Column& col) {
    auto next = app.next_booking();
    if (!next || !app.catalog) return;
    const Strings& tr = app.tr;
    const Service* s = find_service(*app.catalog, next->service);
    const Centre* c = find_centre(*app.catalog, next->centre);
    if (!s || !c) return;
    col.gap(8);
    ui::heading(col, "home/next", tr("home.next"));
    std::string detail =
        std::string(localized(c->name, tr.chain())) + "\n" + start_text(tr, next->start);
    if (ui::row(col, "home/next/" + next->code, localized(s->name, tr.chain()), detail,
                ltr(code_text(next->code)))) {
        app.open_booking(*next);
    }
}

}  // namespace

void home(CitizenApp& app, ui::Column& col) {
    const Strings& tr = app.tr;
    ui::title(col, "home/welcome", tr("home.welcome"));
    ui::paragraph(col, "home/intro", tr("home.intro"), ui::TextStyle::body, ui::colour::muted);
    col.gap(8);
    offline_notice(app, col);
    if (app.identity_failed) {
        ui::notice(col, "home/identity-failed", tr("identity.failed"), ui::Tone::error);
    }
    if (ui::button(col, "home/book", tr("home.book"))) {
        app.flow = {};
        app.outcome = {};
        app.go(Screen::services);
    }
    std::string mine = tr("home.my_bookings");
    if (!app.bookings.all().empty()) {
        mine = tr.format("home.my_bookings_count",
                         {{"count", tr.number(static_cast<long long>(app.bookings.all().size()))}});
    }
    if (ui::button(col, "home/mine", mine, ui::Kind::secondary)) app.open_bookings();
    next_appointment(app, col);
    if (!app.catalog && app.shell.sync.failed) {
        ui::notice(col, "home/no-catalog", tr("error.no_catalog"), ui::Tone::error);
    }
}

}  // namespace mawid::client::screens
