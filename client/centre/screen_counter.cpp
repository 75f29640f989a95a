// At the counter: a booking code typed (its check character catches a typo before any
// request) or scanned from the citizen's QR code, then check in, served or no-show.
// Walk-in tickets, priority first, on their own screen.
#include <cctype>

#include <mawid/booking_code.hpp>

#include "format.hpp"
#include "platform_centre.hpp"
#include "staff_screens.hpp"

namespace mawid::client::staff::screens {

namespace {

int typed_length(const std::string& text) {
    int n = 0;
    for (char ch : text) n += std::isalnum(static_cast<unsigned char>(ch)) ? 1 : 0;
    return n;
}

// Shown once a whole code has been typed: a full-length code that fails its check.
std::string code_error(const Controller& c) {
    std::string code = c.input(kCode);
    if (typed_length(code) < kCodeRandomLength + 1 || is_valid_code(code)) return {};
    return c.app.tr("staff.counter.bad_code");
}

const DayBooking* booking_in_day(const Controller& c, const std::string& typed) {
    auto code = normalize_code(typed);
    if (!code || !c.day) return nullptr;
    for (const DayBooking& b : c.day->bookings) {
        if (b.code == *code) return &b;
    }
    return nullptr;
}

void scan_button(Controller& c, ui::Column& col) {
    if (!platform::can_scan()) return;  // no BarcodeDetector here: typing only
    if (ui::button(col, "staff/counter/scan", c.app.tr("staff.counter.scan"),
                   ui::Kind::secondary)) {
        c.counter_message = {};
        platform::scan_start(kCode);
    }
}

}  // namespace

void counter(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    sync_notice(c, col);
    ui::field(col, kCode, tr("staff.counter.code"), platform::InputKind::booking_code,
              c.input(kCode), code_error(c), tr("staff.counter.code_hint"));
    scan_button(c, col);
    std::string code = c.input(kCode);
    // A new code being typed: the message about the last one would mislead.
    static std::string last_code;
    if (code != last_code) {
        last_code = code;
        c.counter_message = {};
    }
    const DayBooking* b = booking_in_day(c, code);
    if (b) {
        info_row(col, "staff/counter/booking", booking_title(c, *b), booking_detail(c, *b),
                 status_label(c, *b));
    }
    bool valid = is_valid_code(code);
    int a = button_row(col,
                       {{"staff/counter/check-in", tr("staff.action.check-in")},
                        {"staff/counter/serve", tr("staff.action.serve")},
                        {"staff/counter/no-show", tr("staff.action.no-show")}},
                       {valid, valid, valid});
    static const char* kActions[] = {"check-in", "serve", "no-show"};
    if (a >= 0) c.counter_action(code, kActions[a]);
    // A booking still to come may go to another time (the citizen asked, or the day closed).
    if (b && b->status == "booked" &&
        ui::button(col, "staff/counter/move", tr("staff.move.open"), ui::Kind::secondary,
                   c.app.online)) {
        c.open_move(*b);
    }
    message(c, col, "staff/counter/message", c.counter_message);
}

void walk_in(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    if (c.last_ticket) {
        ui::paragraph(col, "staff/ticket/label", tr("staff.walk_in.ticket"), ui::TextStyle::small,
                      ui::colour::muted, ui::Align::centre);
        ui::paragraph(col, "staff/ticket", ltr(c.last_ticket->ticket), ui::TextStyle::code,
                      ui::colour::primary, ui::Align::centre);
        std::string what = service_name(c, c.last_ticket->service);
        if (c.last_ticket->priority) what += " · " + tr("staff.walk_in.priority_short");
        ui::paragraph(col, "staff/ticket/what", what, ui::TextStyle::body, ui::colour::text,
                      ui::Align::centre);
        col.gap(8);
    }
    ui::heading(col, "staff/walk-in/service", tr("staff.walk_in.service"));
    if (service_chips(c, col, "staff/wi", c.walk_in_service)) c.walk_in_key.clear();
    ui::Flow flags(col, 44);
    if (flags.chip("staff/wi/priority", tr("staff.walk_in.priority"), c.walk_in_priority)) {
        c.walk_in_priority = !c.walk_in_priority;
        c.walk_in_key.clear();  // a different ticket: a new key
    }
    flags.end();
    ui::field(col, kWalkInPhone, tr("staff.walk_in.phone"), platform::InputKind::tel,
              c.input(kWalkInPhone), {}, tr("staff.walk_in.phone_hint"));
    if (ui::button(col, "staff/walk-in/issue", tr("staff.walk_in.issue"), ui::Kind::primary,
                   !c.walk_in_service.empty() && !c.walk_in_busy && c.app.online)) {
        c.issue_walk_in();
    }
    if (!c.app.online)
        ui::notice(col, "staff/walk-in/offline", tr("staff.needs_network"), ui::Tone::warning);
    message(c, col, "staff/walk-in/message", c.walk_in_message);
    if (!c.day || c.day->queue.empty()) return;
    ui::heading(col, "staff/walk-in/queue", tr("staff.walk_in.queue"));
    for (int id : c.day->queue) {
        for (const WalkInTicket& w : c.day->walk_ins) {
            if (w.id != id) continue;
            std::string label =
                tr.format("staff.walk_in.serve",
                          {{"ticket", w.ticket}, {"service", service_name(c, w.service)}});
            if (ui::button(col, "staff/wi/served/" + std::to_string(id), label, ui::Kind::secondary,
                           c.app.online)) {
                c.walk_in_served(id);
            }
        }
    }
}

}  // namespace mawid::client::staff::screens
