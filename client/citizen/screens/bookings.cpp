// "My bookings": bookings made on this device and, with a verified session, the phone's
// bookings from the server (made on any device); each can be looked up, cancelled or moved.
#include <mawid/catalog.hpp>

#include "format.hpp"
#include "screens.hpp"

namespace mawid::client::screens {

namespace {

std::string service_name(const CitizenApp& app, const std::string& id) {
    const Service* s = app.catalog ? find_service(*app.catalog, id) : nullptr;
    return s ? std::string(localized(s->name, app.tr.chain())) : id;
}

std::string centre_name(const CitizenApp& app, const std::string& id) {
    const Centre* c = app.catalog ? find_centre(*app.catalog, id) : nullptr;
    return c ? std::string(localized(c->name, app.tr.chain())) : id;
}

std::string status_text(const Strings& tr, const std::string& status) {
    return tr("status." + (status.empty() ? std::string("booked") : status));
}

// Whose bookings these are: the verified phone or the national identity and "Sign out",
// or the way to see the bookings made on other devices when the server verifies phones.
void account(CitizenApp& app, ui::Column& col) {
    const Strings& tr = app.tr;
    if (signed_in(app.session)) {
        std::string whose = app.session.identity
                                ? tr("bookings.signed_in_identity")
                                : tr.format("bookings.signed_in", {{"phone", ltr(app.session.phone)}});
        ui::paragraph(col, "bookings/signed-in", whose, ui::TextStyle::small, ui::colour::muted);
        if (ui::button(col, "bookings/sign-out", tr("bookings.sign_out"), ui::Kind::quiet)) {
            app.sign_out();
        }
    } else if (needs_session(app.session)) {
        if (ui::button(col, "bookings/verify", tr("bookings.verify"), ui::Kind::secondary,
                       app.online)) {
            app.verify_for_mine();
        }
    }
}

}  // namespace

void bookings(CitizenApp& app, ui::Column& col) {
    const Strings& tr = app.tr;
    account(app, col);
    if (app.bookings.all().empty()) {
        ui::paragraph(col, "bookings/none", tr("bookings.none"), ui::TextStyle::body,
                      ui::colour::muted);
        return;
    }
    if (!signed_in(app.session)) {
        ui::paragraph(col, "bookings/note", tr("bookings.device_only"), ui::TextStyle::small,
                      ui::colour::muted);
    }
    for (const SavedBooking& b : app.bookings.all()) {
        std::string subtitle = centre_name(app, b.centre) + "\n" + start_text(tr, b.start);
        if (ui::row(col, "bk/" + b.code, service_name(app, b.service), subtitle,
                    status_text(tr, b.status))) {
            app.open_booking(b);
        }
    }
}

void booking(CitizenApp& app, ui::Column& col) {
    const Strings& tr = app.tr;
    if (!app.shown) return;
    if (const SavedBooking* fresh = app.bookings.find(app.shown->code)) app.shown = *fresh;
    const SavedBooking& b = *app.shown;
    ui::paragraph(col, "booking/code-label", tr("done.code"), ui::TextStyle::small,
                  ui::colour::muted);
    ui::paragraph(col, "booking/code", ltr(code_text(b.code)), ui::TextStyle::display);
    ui::paragraph(col, "booking/service", service_name(app, b.service), ui::TextStyle::body_bold);
    ui::paragraph(col, "booking/centre", centre_name(app, b.centre));
    ui::paragraph(col, "booking/when", start_text(tr, b.start), ui::TextStyle::body_bold,
                  ui::colour::primary);
    ui::paragraph(col, "booking/status",
                  tr.format("booking.status", {{"status", status_text(tr, b.status)}}));
    if (!app.outcome.error_key.empty()) {
        ui::notice(col, "booking/error", app.outcome_message(), ui::Tone::error);
    }
    if (!app.online)
        ui::notice(col, "booking/offline", tr("offline.booking_needs_network"), ui::Tone::warning);
    if (needs_session(app.session)) {
        ui::notice(col, "booking/verify", tr("booking.verify_note"), ui::Tone::info);
    }
    bool active = b.status.empty() || b.status == "booked";
    bool can_act = active && app.online && !app.outcome.pending;
    if (ui::button(col, "booking/refresh", tr("booking.refresh"), ui::Kind::quiet,
                   app.online && !app.outcome.pending)) {
        app.lookup(b.code);
    }
    // Finished, cancelled, unknown to the server or erased: the person may tidy the list.
    bool gone = app.outcome.error_key == "error.not_found" ||
                app.outcome.error_key == "error.booking_erased";
    if (!active || gone) {
        if (ui::button(col, "booking/remove", tr("booking.remove"), ui::Kind::secondary)) {
            app.remove_shown();
        }
        return;
    }
    if (ui::button(col, "booking/move", tr("booking.move"), ui::Kind::secondary, can_act)) {
        app.start_reschedule();
    }
    if (!app.confirm_cancel) {
        if (ui::button(col, "booking/cancel", tr("booking.cancel"), ui::Kind::secondary, can_act)) {
            app.confirm_cancel = true;
        }
        return;
    }
    ui::notice(col, "booking/cancel-question", tr("booking.cancel_question"), ui::Tone::warning);
    if (ui::button(col, "booking/cancel-yes", tr("booking.cancel_yes"), ui::Kind::danger,
                   can_act)) {
        app.cancel_shown();
    }
    if (ui::button(col, "booking/cancel-no", tr("booking.cancel_no"), ui::Kind::quiet)) {
        app.confirm_cancel = false;
    }
}

}  // namespace mawid::client::screens
