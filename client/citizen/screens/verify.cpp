// The verify step: the server wants to know the mobile number is the person's. A code goes
// by SMS; typed here (phones offer it from the SMS), it opens a session and the action that
// waited for it goes on. Reached from a booking, the number is known and the code is sent
// at once; from My bookings or a change, the number is asked first.
#include <cstdio>

#include <mawid/booking.hpp>

#include "format.hpp"
#include "screens.hpp"

namespace mawid::client::screens {

namespace {

// Errors about the code show under its field; others in a box.
bool about_code(const std::string& key) {
    return key == "error.invalid_verification" || key == "error.verification_expired";
}

// "0:42" (minutes: the hourly limit can mean a long wait), in the table's digits.
std::string wait_text(const Strings& tr, int seconds) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%d:%02d", seconds / 60, seconds % 60);
    return ltr(tr.digits(buf));
}

void phone_stage(CitizenApp& app, ui::Column& col) {
    const Strings& tr = app.tr;
    ui::paragraph(col, "verify/intro", tr("verify.intro"), ui::TextStyle::body, ui::colour::muted);
    std::string error = app.outcome.error_key == "error.invalid_phone" ? tr("error.invalid_phone")
                                                                        : std::string();
    ui::field(col, kPhone, tr("details.phone"), platform::InputKind::tel, app.input(kPhone), error,
              tr("details.phone_hint"));
    if (!app.outcome.error_key.empty() && error.empty()) {
        ui::notice(col, "verify/error", app.outcome_message(), ui::Tone::error);
    }
    std::string label = app.outcome.pending ? tr("confirm.sending") : tr("verify.send");
    if (ui::button(col, "verify/send", label, ui::Kind::primary,
                   app.online && !app.outcome.pending)) {
        app.send_code();
    }
}

void resend(CitizenApp& app, ui::Column& col) {
    const Strings& tr = app.tr;
    int wait = app.resend_wait();
    if (wait > 0) {
        // Drawn again when the next second begins, not every frame until then.
        app.shell.wake_at(app.verify.resend_at_ms - (wait - 1) * 1000.0);
        ui::button(col, "verify/resend", tr.format("verify.resend_in", {{"time", wait_text(tr, wait)}}),
                   ui::Kind::quiet, false);
    } else if (ui::button(col, "verify/resend", tr("verify.resend"), ui::Kind::quiet,
                          app.online && !app.outcome.pending)) {
        app.send_code();
    }
}

void code_stage(CitizenApp& app, ui::Column& col) {
    const Strings& tr = app.tr;
    ui::paragraph(col, "verify/sent", tr.format("verify.sent", {{"phone", ltr(app.verify.phone)}}));
    const std::string& key = app.outcome.error_key;
    ui::field(col, kCode, tr("verify.code"), platform::InputKind::one_time_code, app.input(kCode),
              about_code(key) ? tr(key) : std::string(), tr("verify.code_hint"));
    if (!key.empty() && !about_code(key)) {
        ui::notice(col, "verify/error", app.outcome_message(), ui::Tone::error);
    }
    std::string label = app.outcome.pending ? tr("verify.checking") : tr("verify.confirm");
    if (ui::button(col, "verify/confirm", label, ui::Kind::primary,
                   app.online && !app.outcome.pending)) {
        app.confirm_code();
    }
    resend(app, col);
    if (ui::button(col, "verify/change", tr("verify.change_phone"), ui::Kind::quiet,
                   !app.outcome.pending)) {
        app.change_phone();
    }
}

}  // namespace

void verify(CitizenApp& app, ui::Column& col) {
    const Strings& tr = app.tr;
    if (!app.online) {
        ui::notice(col, "verify/offline", tr("offline.booking_needs_network"), ui::Tone::warning);
    }
    if (app.verify.sent) {
        code_stage(app, col);
    } else if (app.outcome.pending && !app.verify.phone.empty()) {
        ui::paragraph(col, "verify/sending",
                      tr.format("verify.sending", {{"phone", ltr(app.verify.phone)}}),
                      ui::TextStyle::body, ui::colour::muted);
    } else {
        phone_stage(app, col);
    }
    if (offers_identity(app.session)) {
        col.gap(8);
        if (ui::button(col, "verify/identity", tr("verify.identity"), ui::Kind::secondary)) {
            app.sign_in_with_identity();
        }
    }
    ui::paragraph(col, "verify/why", tr("verify.why"), ui::TextStyle::small, ui::colour::muted);
}

}  // namespace mawid::client::screens
