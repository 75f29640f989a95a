// Pieces shared by several screens, the loading screen and the language list.
#include <mawid/codec.hpp>

#include "format.hpp"
#include "screens.hpp"

namespace mawid::client::screens {

const char* title_key(Screen screen) {
    switch (screen) {
        case Screen::loading:
        case Screen::home:
        case Screen::staff:  // the centre app names its own screens
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
        case Screen::language:
            return "language.title";
    }
    return "app.name";
}

void offline_notice(App& app, ui::Column& col) {
    if (!app.offline_mode()) return;
    double as_of = app.catalog_as_of_ms;
    if (app.availability.from_snapshot && app.availability.as_of_ms > 0) {
        as_of = app.availability.as_of_ms;
    }
    std::string text = app.tr("offline.banner");
    if (as_of > 0)
        text += "\n" + app.tr.format("offline.as_of", {{"when", as_of_text(app.tr, as_of)}});
    text += "\n" + app.tr("offline.booking_needs_network");
    ui::notice(col, "offline", text, ui::Tone::warning);
}

void loading(App&, ui::Column& col) {
    // No text yet (the table is on its way): a quiet pulsing bar.
    ImRect r = col.take(6);
    float t = static_cast<float>(ImGui::GetTime());
    float x = r.Min.x + (r.GetWidth() - 80) * (0.5f + 0.5f * std::sin(t * 3));
    ui::context().draw->AddRectFilled(ImVec2(x, r.Min.y), ImVec2(x + 80, r.Max.y),
                                      ui::colour::primary, 3);
}

void language(App& app, ui::Column& col) {
    Json index = Json::parse(platform::language_index(), nullptr, false);
    if (!index.is_array()) return;
    for (const Json& l : index) {
        std::string tag = l.value("tag", std::string());
        std::string name = l.value("name", tag);
        if (ui::row(col, "lang/" + tag, name, {}, {}, true, tag == app.tr.lang())) {
            app.choose_language(tag);
        }
    }
}

}  // namespace mawid::client::screens
