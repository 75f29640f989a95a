// Step 5: who is coming. CPR, mobile number and an optional e-mail, checked on the spot
// with the same rules the server applies (shared/booking.hpp).
#include <mawid/booking.hpp>

#include "screens.hpp"

namespace mawid::client::screens {

namespace {

// An error is shown once the person has tried to continue, or has typed a full-length value.
std::string cpr_error(const CitizenApp& app) {
    std::string cpr = app.input(kCpr);
    if (cpr.empty() && !app.flow.show_field_errors) return {};
    if (!app.flow.show_field_errors && cpr.size() < 9) return {};
    return validate_cpr(cpr).ok() ? std::string() : app.tr("error.invalid_cpr");
}

std::string phone_error(const CitizenApp& app) {
    std::string phone = app.input(kPhone);
    if (!app.flow.show_field_errors) return {};
    return normalize_phone(phone).ok() ? std::string() : app.tr("error.invalid_phone");
}

// Empty is fine (the e-mail is optional); what was typed stays in the field either way.
std::string email_error(const CitizenApp& app) {
    if (!app.flow.show_field_errors || app.email().empty()) return {};
    return validate_email(app.email()).ok() ? std::string() : app.tr("error.invalid_email");
}

bool email_ok(const CitizenApp& app) {
    return app.email().empty() || validate_email(app.email()).ok();
}

}  // namespace

void details(CitizenApp& app, ui::Column& col) {
    const Strings& tr = app.tr;
    // Signed in with the national identity, the server knows the CPR: only the phone is asked.
    const bool cpr = asks_cpr(app.session);
    ui::paragraph(col, "details/intro", tr(cpr ? "details.intro" : "details.intro_identity"),
                  ui::TextStyle::body, ui::colour::muted);
    if (cpr) {
        ui::field(col, kCpr, tr("details.cpr"), platform::InputKind::numeric, app.input(kCpr),
                  cpr_error(app), tr("details.cpr_hint"));
    }
    ui::field(col, kPhone, tr("details.phone"), platform::InputKind::tel, app.input(kPhone),
              phone_error(app), tr("details.phone_hint"));
    ui::field(col, kEmail, tr("details.email"), platform::InputKind::email, app.input(kEmail),
              email_error(app), tr("details.email_hint"));
    if (ui::button(col, "details/continue", tr("details.continue"))) {
        app.flow.show_field_errors = true;
        bool cpr_ok = !cpr || validate_cpr(app.input(kCpr)).ok();
        if (cpr_ok && normalize_phone(app.input(kPhone)).ok() &&
            email_ok(app)) {
            app.go(Screen::confirm);
        }
    }
    if (cpr) {
        ui::paragraph(col, "details/privacy", tr("details.privacy"), ui::TextStyle::small,
                      ui::colour::muted);
    }
}

}  // namespace mawid::client::screens
