// Step 3: which day. A month calendar; days with free seats can be chosen.
// Columns run Sunday..Saturday from the leading edge, so Arabic mirrors them.
#include <array>
#include <map>

#include <mawid/catalog.hpp>

#include "format.hpp"
#include "screens.hpp"

namespace mawid::client::screens {

namespace {

const char* const kWeekdays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

struct DayInfo {
    int free = 0;
    int slots = 0;
};

void ensure_month(CitizenApp& app, const Date& today, const std::map<Date, DayInfo>& days) {
    if (app.calendar_year != 0) return;
    Date first = today;
    for (const auto& [date, info] : days) {
        if (info.free > 0) {
            first = date;
            break;
        }
    }
    app.calendar_year = first.year;
    app.calendar_month = first.month;
}

void step_month(CitizenApp& app, int delta) {
    int m = app.calendar_month + delta;
    int y = app.calendar_year;
    if (m < 1) m = 12, --y;
    if (m > 12) m = 1, ++y;
    app.calendar_year = y;
    app.calendar_month = m;
}

void month_header(CitizenApp& app, ui::Column& col, bool can_prev, bool can_next) {
    const Strings& tr = app.tr;
    ImRect row = col.take(ui::fit(ui::TextStyle::heading, ui::kTouch, 8));
    ImRect prev = col.piece(row, 0, ui::kTouch);
    ImRect next = col.piece(row, col.width() - ui::kTouch, ui::kTouch);
    if (ui::tile("cal/prev", prev, {}, tr("days.prev_month"), can_prev, false,
                 ui::TextStyle::body)) {
        step_month(app, -1);
    }
    ui::draw_backward_chevron(prev, can_prev ? ui::colour::primary : ui::colour::disabled);
    if (ui::tile("cal/next", next, {}, tr("days.next_month"), can_next, false,
                 ui::TextStyle::body)) {
        step_month(app, +1);
    }
    ui::draw_forward_chevron(next, can_next ? ui::colour::primary : ui::colour::disabled);
    std::string title = month_title(tr, app.calendar_year, app.calendar_month);
    ui::draw_text_in(row, title, ui::TextStyle::heading, ui::colour::text, ui::Align::centre);
    ui::note("cal/month", row, title, "heading");
    col.gap(8);
}

// The weekday names over the calendar's columns: the short ones, or, when one would not fit
// its column (Persian's short names are whole words that run into each other), the
// table's narrow ones (its `weekday_narrow.*`: a letter or two where its calendars write
// that) where it has them.
std::array<std::string, 7> weekday_headings(const Strings& tr, float column_width) {
    std::array<std::string, 7> names;
    bool fit = true;
    for (std::size_t c = 0; c < names.size(); ++c) {
        names[c] = tr(std::string("weekday_short.") + kWeekdays[c]);
        fit = fit && ui::measure(names[c], ui::TextStyle::small).x <= column_width - 6;
    }
    if (fit) return names;
    for (std::size_t c = 0; c < names.size(); ++c) {
        const std::string key = std::string("weekday_narrow.") + kWeekdays[c];
        if (tr(key) != key) names[c] = tr(key);  // tr gives the key back when it has no text
    }
    return names;
}

void grid(CitizenApp& app, ui::Column& col, const std::map<Date, DayInfo>& days) {
    const Strings& tr = app.tr;
    float cw = col.width() / 7;
    ImRect head = col.take(ui::fit(ui::TextStyle::small, 28, 4));
    const std::array<std::string, 7> names = weekday_headings(tr, cw);
    for (int c = 0; c < 7; ++c) {
        ui::draw_text_in(col.piece(head, c * cw, cw), names[static_cast<std::size_t>(c)],
                         ui::TextStyle::small, ui::colour::muted, ui::Align::centre);
    }
    Date first{app.calendar_year, app.calendar_month, 1};
    int lead = static_cast<int>(weekday_of(first));
    int count = days_in_month(first.year, first.month);
    // Room for the number and the dot under it, however tall the script's digits are.
    const float line_h = ui::fit(ui::TextStyle::body_bold, 56, 28);
    for (int week = 0; week * 7 < lead + count; ++week) {
        ImRect line = col.take(line_h);
        for (int c = 0; c < 7; ++c) {
            int day = week * 7 + c - lead + 1;
            if (day < 1 || day > count) continue;
            Date d{first.year, first.month, day};
            auto it = days.find(d);
            int free = it == days.end() ? 0 : it->second.free;
            ImRect cell = col.piece(line, c * cw + 2, cw - 4);
            cell.Min.y += 2, cell.Max.y -= 2;
            std::string label = date_long(tr, d) + ", " +
                                (free > 0 ? tr.count("days.free_count", free) : tr("days.no_free"));
            bool selected = app.flow.day && *app.flow.day == d;
            if (ui::tile("day/" + format_date(d), cell, tr.number(day), label, free > 0, selected,
                         ui::TextStyle::body_bold)) {
                app.choose_day(d);
            }
            if (free > 0 && !selected) {  // a dot under the number: this day has seats
                ImVec2 c2(cell.GetCenter().x, cell.Max.y - 8);
                ui::context().draw->AddCircleFilled(c2, 3, ui::colour::primary);
            }
        }
    }
    col.gap(12);
}

}  // namespace

void days(CitizenApp& app, ui::Column& col) {
    const Strings& tr = app.tr;
    const Centre* centre = app.centre();
    const Service* service = app.service();
    if (!centre || !service) return;
    offline_notice(app, col);
    ui::paragraph(col, "days/service", localized(service->name, tr.chain()),
                  ui::TextStyle::body_bold, ui::colour::primary);
    ui::paragraph(col, "days/centre", localized(centre->name, tr.chain()), ui::TextStyle::body,
                  ui::colour::muted);
    if (!app.flow.reschedule_code.empty()) {
        const std::string code = ltr(code_text(app.flow.reschedule_code));
        ui::notice(col, "days/moving", tr.format("reschedule.moving", {{"code", code}}),
                   ui::Tone::info);
    }
    // Not live yet: when it opens, and no times (the server would refuse them).
    const Date local_today = to_local(app.now(), centre->utc_offset_minutes).date;
    if (!is_live(*centre, service->id, local_today)) {
        ui::notice(col, "days/not-live",
                   tr.format("centres.opens_on",
                             {{"date", date_long(tr, *live_from(*centre, service->id))}}),
                   ui::Tone::info);
        return;
    }
    const Availability& a = app.availability;
    if (a.loading) {
        ui::paragraph(col, "days/loading", tr("common.loading"), ui::TextStyle::body,
                      ui::colour::muted);
        return;
    }
    if (!a.loaded) {
        ui::notice(col, "days/no-data", tr("offline.no_snapshot"), ui::Tone::warning);
        return;
    }
    std::map<Date, DayInfo> days;
    for (const ViewSlot& s : a.slots) {
        days[s.date].free += s.free;
        days[s.date].slots += 1;
    }
    Date today = to_local(app.now(), centre->utc_offset_minutes).date;
    BookingWindow window = booking_window(*centre, *service, app.now());
    ensure_month(app, today, days);
    bool can_prev = app.calendar_year * 12 + app.calendar_month > today.year * 12 + today.month;
    bool can_next =
        app.calendar_year * 12 + app.calendar_month < window.last.year * 12 + window.last.month;
    month_header(app, col, can_prev, can_next);
    grid(app, col, days);
    if (days.empty()) {
        ui::notice(col, "days/none", tr("days.none"), ui::Tone::info);
    } else {
        ui::paragraph(col, "days/legend", tr("days.legend"), ui::TextStyle::small,
                      ui::colour::muted);
    }
}

}  // namespace mawid::client::screens
