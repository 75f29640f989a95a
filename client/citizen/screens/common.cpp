// Pieces shared by several screens.
#include <mawid/codec.hpp>

#include "format.hpp"
#include "screens.hpp"

namespace mawid::client::screens {

const char* title_key(Screen screen) {
    switch (screen) {
        case Screen::home:
            return "app.name";
        case Screen::services:
            return "services.title";
        case Screen::centres:
            return "centres.title";
        case Screen::days:
            return "days.title";
        case Screen::times:
            return "times.title";
        case Screen::details:
            return "details.title";
        case Screen::confirm:
            return "confirm.title";
        case Screen::done:
            return "done.title";
        case Screen::bookings:
            return "bookings.title";
        case Screen::booking:
            return "booking.title";
        case Screen::verify:
            return "verify.title";
    }
    return "app.name";
}

void offline_notice(CitizenApp& app, ui::Column& col) {
    if (!app.offline_mode()) return;
    double as_of = app.shell.sync.as_of_ms;
    if (app.availability.from_snapshot && app.availability.as_of_ms > 0) {
        as_of = app.availability.as_of_ms;
    }
    std::string text = app.tr("offline.banner");
    if (as_of > 0)
        text += "\n" + app.tr.format("offline.as_of", {{"when", as_of_text(app.tr, as_of)}});
    text += "\n" + app.tr("offline.booking_needs_network");
    ui::notice(col, "offline", text, ui::Tone::warning);
}

}  // namespace mawid::client::screens
