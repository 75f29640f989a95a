// The day at the centre: bookings by time and service with their status, counts at a
// glance (tapping one filters the list), search by code or the phone's last digits,
// and the way to the counter, walk-ins, bookings for citizens and administration.
#include <algorithm>

#include <mawid/catalog.hpp>

#include "format.hpp"
#include "staff_screens.hpp"

namespace mawid::client::staff::screens {

namespace {

std::string g_filter;  // a status chosen from the counts ("" = all); the screen's own choice

void date_bar(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    std::string shown = c.day_date.empty() ? c.today() : c.day_date;
    auto d = parse_date(shown);
    std::string label = d ? date_long(tr, *d) : shown;
    if (shown == c.today()) label = tr.format("staff.day.today", {{"date", label}});
    ImRect line = col.take(ui::fit(ui::TextStyle::body_bold, 52, 16));
    const float arrow = ui::kTouch + 8;
    ImRect prev = col.piece(line, 0, arrow), next = col.piece(line, col.width() - arrow, arrow);
    if (ui::tile("staff/day/prev", prev, "", tr("staff.day.prev"), true, false,
                 ui::TextStyle::body)) {
        c.shift_day(-1);
    }
    ui::draw_backward_chevron(prev, ui::colour::text);
    if (ui::tile("staff/day/next", next, "", tr("staff.day.next"), true, false,
                 ui::TextStyle::body)) {
        c.shift_day(1);
    }
    ui::draw_forward_chevron(next, ui::colour::text);
    ImRect mid = col.piece(line, arrow + 8, col.width() - 2 * arrow - 16);
    ui::draw_text_in(mid, label, ui::TextStyle::body_bold, ui::colour::text, ui::Align::centre);
    ui::note("staff/day/date", mid, label, "heading");
    col.gap(12);
}

void counts(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    // With every page here the counts follow the counter at once; with some, the server's
    // whole-day figures are the truth until the next refresh.
    auto n = c.day->next_after.empty() ? count_statuses(c.day->bookings) : c.day->counts;
    const float gap = 6;
    // Five across when every name fits; fewer per line on a phone.
    int per_line = 5;
    for (const char* s : kStatuses) {
        float need = ui::measure(tr(std::string("status.") + s), ui::TextStyle::small).x + 12;
        while (per_line > 2 && need > (col.width() - (per_line - 1) * gap) / per_line) --per_line;
    }
    float w = (col.width() - static_cast<float>(per_line - 1) * gap) / static_cast<float>(per_line);
    ImRect line;
    int i = 0;
    for (const char* s : kStatuses) {
        if (i % per_line == 0) {
            if (i > 0) col.gap(gap);
            line = col.take(std::max(64.0f, ui::line_height(ui::TextStyle::heading) +
                                                ui::line_height(ui::TextStyle::small) + 12));
        }
        ImRect r = col.piece(line, static_cast<float>(i++ % per_line) * (w + gap), w);
        std::string count = std::to_string(n[s]);
        std::string label = tr(std::string("status.") + s);
        if (ui::tile(std::string("staff/count/") + s, r, count, label + ": " + count, true,
                     g_filter == s, ui::TextStyle::heading, label)) {
            g_filter = g_filter == s ? std::string() : std::string(s);
        }
    }
    col.gap(12);
}

void walk_in_summary(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    if (c.day->queue.empty()) return;
    std::string next;
    for (const WalkInTicket& w : c.day->walk_ins) {
        if (w.id == c.day->queue.front()) next = w.ticket;
    }
    ui::paragraph(col, "staff/day/walk-ins",
                  tr.format("staff.day.walk_ins_waiting",
                            {{"count", std::to_string(c.day->queue.size())}, {"next", next}}),
                  ui::TextStyle::body_bold, ui::colour::primary);
}

void actions(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    int a = button_row(col, {{"staff/go/counter", tr("staff.title.counter")},
                             {"staff/go/walk-in", tr("staff.title.walk_in")},
                             {"staff/go/book", tr("staff.title.book")}});
    if (a == 0) c.go(Screen::counter);
    if (a == 1) c.go(Screen::walk_in);
    if (a == 2) {
        if (c.input(kBookDay).empty()) c.app.set_input(kBookDay, c.day_date);
        c.go(Screen::book);
    }
    if (c.member && c.member->administers()) {
        // Supervisors and admins: their centre's settings, reports and audit trail; admins
        // also every account.
        std::vector<std::pair<std::string, std::string>> items = {
            {"staff/go/admin", tr("staff.title.admin")},
            {"staff/go/reports", tr("staff.title.reports")},
            {"staff/go/audit", tr("staff.title.audit")}};
        if (c.member->role == "admin") {
            items.push_back({"staff/go/accounts", tr("staff.title.accounts")});
            items.push_back({"staff/go/rollout", tr("staff.title.rollout")});
            items.push_back({"staff/go/catalog", tr("staff.title.catalog")});
        }
        int b = button_row(col, items);
        if (b == 0) c.open_admin();
        if (b == 1) {
            Date today = *parse_date(c.today());
            c.app.set_input(kReportFrom, format_date(add_days(today, -6)));
            c.app.set_input(kReportTo, format_date(today));
            c.go(Screen::reports);
        }
        if (b == 2) c.open_audit();
        if (b == 3) c.open_accounts();
        if (b == 4) c.go(Screen::rollout);
        if (b == 5) c.go(Screen::catalog);
    }
}

void booking_list(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    std::string query = c.input(kSearch);
    int shown = 0;
    for (const DayBooking& b : c.day->bookings) {
        if (!matches_booking(b, query) || (!g_filter.empty() && b.status != g_filter)) continue;
        ++shown;
        if (ui::row(col, "staff/bk/" + b.code, booking_title(c, b), booking_detail(c, b),
                    status_label(c, b))) {
            c.app.set_input(kCode, code_text(b.code));
            c.counter_message = {};
            c.go(Screen::counter);
        }
    }
    // A search or a filter looks at the whole day: the pages not here yet are asked for, and
    // "no match" waits until they are in.
    const bool narrowed = !query.empty() || !g_filter.empty();
    const bool more_to_come = !c.day->next_after.empty() && c.app.online &&
                              c.day->next_after != c.day_more_failed;
    if (narrowed && more_to_come) c.load_more_day();
    if (shown == 0) {
        const char* key = c.day->bookings.empty()    ? "staff.day.empty"
                          : narrowed && more_to_come ? "common.loading"
                                                     : "staff.day.no_match";
        ui::paragraph(col, "staff/day/none", tr(key), ui::TextStyle::body, ui::colour::muted);
    }
    if (!c.day->next_after.empty() &&
        ui::button(col, "staff/day/more", tr("staff.list.more"), ui::Kind::secondary,
                   !c.day_loading && c.app.online)) {
        c.load_more_day();
    }
}

void footer(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    col.gap(8);
    if (c.member && c.member->role == "admin" &&
        ui::button(col, "staff/go/centres", tr("staff.centres.change"), ui::Kind::secondary)) {
        c.go(Screen::centres);
    }
    ui::paragraph(col, "staff/who",
                  tr.format("staff.signed_in_as", {{"name", c.member ? c.member->username : ""}}),
                  ui::TextStyle::small, ui::colour::muted);
    if (ui::button(col, "staff/password/open", tr("staff.password.open"), ui::Kind::quiet,
                   c.app.online)) {
        c.open_password();
    }
    if (ui::button(col, "staff/signout", tr("staff.signout"), ui::Kind::quiet)) c.sign_out();
}

}  // namespace

void day(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    ui::heading(col, "staff/day/centre", centre_name(c, c.centre_id));
    date_bar(c, col);
    message(c, col, "staff/day/notice", c.day_notice);
    sync_notice(c, col);
    if (!c.day) {
        message(c, col, "staff/day/error", c.day_error);
    }
    actions(c, col);
    bool refresh_on = !c.day_loading && c.app.online;
    if (ui::button(col, "staff/day/refresh",
                   tr(c.day_loading ? "common.loading" : "staff.day.refresh"), ui::Kind::quiet,
                   refresh_on)) {
        c.load_day(c.day_date);
    }
    if (!c.day) return footer(c, col);
    counts(c, col);
    walk_in_summary(c, col);
    ui::field(col, kSearch, tr("staff.day.search"), platform::InputKind::search, c.input(kSearch),
              {}, tr("staff.day.search_hint"));
    booking_list(c, col);
    footer(c, col);
}

}  // namespace mawid::client::staff::screens
