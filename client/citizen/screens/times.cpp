// Step 4: which time on the chosen day, with the free seats of each.
#include <algorithm>

#include <mawid/catalog.hpp>

#include "format.hpp"
#include "screens.hpp"

namespace mawid::client::screens {

void times(CitizenApp& app, ui::Column& col) {
    const Strings& tr = app.tr;
    if (!app.flow.day) return;
    offline_notice(app, col);
    if (const Centre* c = app.centre()) {
        ui::paragraph(col, "times/centre", localized(c->name, tr.chain()), ui::TextStyle::body,
                      ui::colour::muted);
    }
    ui::heading(col, "times/date", date_long(tr, *app.flow.day));
    const int columns = col.width() >= 420 ? 4 : 3;
    const float cw = col.width() / columns;
    // A time over its seats line: both measured in the language's font.
    const float line_h = std::max(64.0f, ui::line_height(ui::TextStyle::body_bold) +
                                             ui::line_height(ui::TextStyle::small) + 14);
    int i = 0;
    ImRect line;
    for (const ViewSlot& s : app.availability.slots) {
        if (s.date != *app.flow.day) continue;
        if (i % columns == 0) line = col.take(line_h);
        ImRect cell = col.piece(line, (i % columns) * cw + 3, cw - 6);
        cell.Min.y += 3, cell.Max.y -= 3;
        std::string time = time_text(s.minute);  // ids stay ASCII
        std::string shown = time_text(tr, s.minute);
        std::string seats = s.free > 0 ? tr.count("times.free", s.free) : tr("times.full");
        if (ui::tile("time/" + time, cell, shown, shown + ", " + seats, s.free > 0,
                     app.flow.start == s.start, ui::TextStyle::body_bold, seats)) {
            app.choose_time(s.start);
        }
        ++i;
    }
    if (i == 0) ui::notice(col, "times/none", tr("times.none"), ui::Tone::info);
    col.gap(12);
}

}  // namespace mawid::client::screens
