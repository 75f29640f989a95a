// Booking on a citizen's behalf (by phone or in person): the same rules as the citizen
// app, through the staff endpoint. Also the admin's centre list.
#include <mawid/booking.hpp>

#include "format.hpp"
#include "staff_screens.hpp"

namespace mawid::client::staff::screens {

namespace {

// The free times of a day as tiles (`prefix` + "HH:MM"); tapping one chooses it.
void times_grid(Controller& c, ui::Column& col, const std::string& prefix,
                const std::vector<std::pair<long long, int>>& times, long long& chosen) {
    const Strings& tr = c.app.tr;
    int free = 0;
    for (const auto& t : times) free += t.second > 0 ? 1 : 0;
    if (free == 0) {
        ui::paragraph(col, "staff/book/none", tr("staff.book.no_times"), ui::TextStyle::body,
                      ui::colour::muted);
        return;
    }
    const float w = 92, h = 56, gap = 8;
    int per_line = std::max(1, static_cast<int>((col.width() + gap) / (w + gap)));
    int i = 0;
    ImRect line;
    for (const auto& [start, seats] : times) {
        if (seats <= 0) continue;
        if (i % per_line == 0) {
            if (i > 0) col.gap(gap);
            line = col.take(h);
        }
        ImRect r = col.piece(line, static_cast<float>(i % per_line) * (w + gap), w);
        LocalTime t = to_local(start, c.centre_offset());
        std::string hhmm = time_text(t.minute_of_day);
        if (ui::tile(prefix + hhmm, r, hhmm, hhmm, true, start == chosen,
                     ui::TextStyle::body_bold,
                     tr.count("staff.book.free", seats))) {
            chosen = start;
        }
        ++i;
    }
    col.gap(16);
}

}  // namespace

void book(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    if (!c.book_code.empty()) {
        ui::paragraph(col, "staff/book/code", ltr(code_text(c.book_code)), ui::TextStyle::display,
                      ui::colour::primary, ui::Align::centre);
    }
    message(c, col, "staff/book/message", c.book_message);
    ui::heading(col, "staff/book/service", tr("staff.walk_in.service"));
    if (service_chips(c, col, "staff/bs", c.book_service)) {
        c.book_message = {};
        c.book_code.clear();
        c.load_book_times();
    }
    ui::field(col, kBookDay, tr("staff.book.day"), platform::InputKind::date, c.input(kBookDay),
              {});
    if (ui::button(col, "staff/book/times", tr("staff.book.show_times"), ui::Kind::secondary,
                   !c.book_service.empty() && c.app.online)) {
        c.load_book_times();
    }
    const long long before = c.book_start;
    if (c.book_times_loaded) times_grid(c, col, "staff/time/", c.book_times, c.book_start);
    if (c.book_start != before) c.book_key.clear();  // another time is another booking
    if (c.book_start == 0) return;
    ui::field(col, kBookCpr, tr("details.cpr"), platform::InputKind::numeric, c.input(kBookCpr),
              {});
    ui::field(col, kBookPhone, tr("details.phone"), platform::InputKind::tel, c.input(kBookPhone),
              {});
    ui::field(col, kBookEmail, tr("details.email"), platform::InputKind::email,
              c.input(kBookEmail), {});
    if (ui::button(col, "staff/book/go", tr("staff.book.go"), ui::Kind::primary,
                   !c.book_busy && c.app.online)) {
        c.book_code.clear();
        c.book_for_citizen();
    }
}

// Moving a booking: the booking as it is, a day, its free times for the same service, and
// "Move". The citizen is told by the server (SMS and e-mail through the outbox).
void move(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    if (!c.moving) return;
    const DayBooking& b = *c.moving;
    info_row(col, "staff/move/booking", booking_title(c, b), booking_detail(c, b),
             status_label(c, b));
    message(c, col, "staff/move/message", c.move_message);
    ui::field(col, kMoveDay, tr("staff.book.day"), platform::InputKind::date, c.input(kMoveDay),
              {});
    if (ui::button(col, "staff/move/times", tr("staff.book.show_times"), ui::Kind::secondary,
                   c.app.online)) {
        c.load_move_times();
    }
    if (c.move_times_loaded) times_grid(c, col, "staff/move/time/", c.move_times, c.move_start);
    if (c.move_start == 0) return;
    ui::paragraph(col, "staff/move/hint", tr("staff.move.hint"), ui::TextStyle::small,
                  ui::colour::muted);
    if (ui::button(col, "staff/move/go", tr("staff.move.go"), ui::Kind::primary,
                   !c.move_busy && c.app.online)) {
        c.move_booking();
    }
}

void centres(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    if (!c.app.catalog) return;
    ui::field(col, kCentreSearch, tr("centres.search"), platform::InputKind::search,
              c.input(kCentreSearch), {});
    for (const Centre& centre : c.app.catalog->centres) {
        if (!matches_search(centre.name, c.input(kCentreSearch))) continue;
        if (ui::row(col, "staff/centre/" + centre.id, localized(centre.name, tr.chain()), {}, {},
                    true, centre.id == c.centre_id)) {
            c.choose_centre(centre.id);
        }
    }
}

}  // namespace mawid::client::staff::screens
