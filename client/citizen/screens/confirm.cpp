// Step 6: check and confirm. Failures keep everything typed; a full slot offers the
// next free times right here.
#include <mawid/booking.hpp>
#include <mawid/catalog.hpp>

#include "format.hpp"
#include "screens.hpp"

namespace mawid::client::screens {

namespace {

void summary_line(ui::Column& col, const std::string& id, const std::string& label,
                  const std::string& value) {
    ui::paragraph(col, id + "/label", label, ui::TextStyle::small, ui::colour::muted);
    col.gap(-6);
    ui::paragraph(col, id, value, ui::TextStyle::body_bold);
    col.gap(4);
}

std::string masked_cpr(const std::string& cpr) {
    if (cpr.size() <= 3) return cpr;
    return std::string(cpr.size() - 3, '*') + cpr.substr(cpr.size() - 3);
}

void alternatives(CitizenApp& app, ui::Column& col) {
    const Strings& tr = app.tr;
    if (app.outcome.alternatives.empty()) return;
    ui::heading(col, "confirm/next-free", tr("confirm.next_free"));
    for (const ViewSlot& s : app.outcome.alternatives) {
        std::string label = date_short(tr, s.date) + " " + time_text(tr, s.minute);
        if (ui::row(col, "alt/" + format_date(s.date) + "T" + time_text(s.minute), label,
                    tr.count("times.free", s.free))) {
            app.flow.start = s.start;
            app.flow.day = s.date;
            app.flow.idempotency_key.clear();
            app.outcome = {};  // frees the list this loop walks: stop here
            return;
        }
    }
}

}  // namespace

void confirm(CitizenApp& app, ui::Column& col) {
    const Strings& tr = app.tr;
    const Centre* c = app.centre();
    const Service* s = app.service();
    if (!c || !s) return;
    bool moving = !app.flow.reschedule_code.empty();
    LocalTime when = to_local(app.flow.start, c->utc_offset_minutes);
    summary_line(col, "confirm/service", tr("confirm.service"),
                 std::string(localized(s->name, tr.chain())));
    summary_line(col, "confirm/centre", tr("confirm.centre"),
                 std::string(localized(c->name, tr.chain())));
    summary_line(col, "confirm/when", tr("confirm.when"),
                 tr.format("fmt.date_time", {{"date", date_long(tr, when.date)},
                                             {"time", time_text(tr, when.minute_of_day)}}));
    if (!moving) {
        if (asks_cpr(app.session)) {
            summary_line(col, "confirm/cpr", tr("confirm.cpr"), ltr(masked_cpr(app.input(kCpr))));
        }
        auto phone = normalize_phone(app.input(kPhone));
        summary_line(col, "confirm/phone", tr("confirm.phone"),
                     ltr(phone.ok() ? phone.value() : app.input(kPhone)));
        if (!app.email().empty()) {
            summary_line(col, "confirm/email", tr("confirm.email"), ltr(app.email()));
        }
    }
    if (!app.online) {
        ui::notice(col, "confirm/offline", tr("offline.booking_needs_network"), ui::Tone::warning);
    }
    if (!app.outcome.error_key.empty()) {
        ui::notice(col, "confirm/error", app.outcome_message(), ui::Tone::error);
    }
    alternatives(app, col);
    std::string label = app.outcome.pending ? tr("confirm.sending")
                        : moving            ? tr("confirm.move")
                                            : tr("confirm.book");
    // A time someone else just took is not offered again: the person picks another.
    if (ui::button(col, "confirm/book", label, ui::Kind::primary,
                   app.online && !app.outcome.pending && !app.outcome.time_taken)) {
        if (moving) {
            app.reschedule();
        } else {
            app.book();
        }
    }
    if (!moving && ui::button(col, "confirm/edit", tr("confirm.edit"), ui::Kind::quiet)) {
        app.back();
    }
}

}  // namespace mawid::client::screens
