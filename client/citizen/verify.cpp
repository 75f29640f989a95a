// The citizen app's verified session (docs/api.md, "Verified citizens"): the server's
// configuration at start, the verify step (a code by SMS, then the action that waited for
// it), My bookings from the server, and signing out. The session itself is an HttpOnly
// cookie the browser keeps and sends; the app only knows its phone.
#include <cmath>

#include <mawid/booking.hpp>
#include <mawid/codec.hpp>

#include "citizen_api.hpp"
#include "citizen_app.hpp"
#include "json_read.hpp"

namespace mawid::client {

namespace {

bool is_code(const std::string& text) {
    if (text.size() != 6) return false;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}
}  // namespace

void CitizenApp::ask_config() {
    send(Purpose::config, {}, "GET", "/api/v1/config");
}

int CitizenApp::resend_wait() const {
    double left = verify.resend_at_ms - platform::monotonic_ms();
    return left > 0 ? static_cast<int>(std::ceil(left / 1000)) : 0;
}

void CitizenApp::start_verify(Verify::Then then, const std::string& phone) {
    verify = {};
    verify.then = then;
    verify.phone = phone;
    outcome = {};
    shell.set_input(kCode, {});
    go(Screen::verify);
    if (!phone.empty()) send_code();
}

void CitizenApp::send_code() {
    if (outcome.pending) return;
    if (!verify.sent) {  // the phone stage: the number typed there
        auto phone = normalize_phone(input(kPhone));
        if (!phone.ok()) {
            outcome.error_key = "error.invalid_phone";
            return;
        }
        verify.phone = phone.value();
    }
    outcome.pending = true;
    outcome.error_key.clear();
    send(Purpose::send_code, {}, "POST", "/api/v1/verifications",
         Json{{"phone", verify.phone}, {"lang", tr.lang()}}.dump(), kJson);
    shell.wake();
}

void CitizenApp::confirm_code() {
    if (outcome.pending) return;
    std::string code = input(kCode);
    std::erase(code, ' ');  // "123 456" as some SMS apps copy it
    if (!is_code(code)) {
        outcome.error_key = "error.invalid_verification";
        return;
    }
    outcome.pending = true;
    outcome.error_key.clear();
    send(Purpose::confirm_code, {}, "POST", "/api/v1/verifications/confirm",
         Json{{"phone", verify.phone}, {"code", code}}.dump(), kJson);
    shell.wake();
}

void CitizenApp::change_phone() {
    verify.sent = false;
    verify.resend_at_ms = 0;
    outcome = {};
    shell.set_input(kCode, {});
}

void CitizenApp::verify_for_mine() {
    start_verify(Verify::Then::mine, {});
}

void CitizenApp::sign_out() {
    forget_session(session);
    send(Purpose::sign_out, {}, "POST", "/api/v1/me/sign-out", "{}", kJson);
    shell.wake();
}

void CitizenApp::sign_in_with_identity() {
    // Back from the identity provider the page starts afresh: the booking under way waits
    // on this device, and the app takes it up again at the details (resume_after_identity).
    if (verify.then == Verify::Then::book && flow.start != 0 && flow.day) {
        // The choice only: the phone and e-mail are typed again, so none is left on the
        // device should the citizen not come back.
        Json kept = {{"service", flow.service}, {"centre", flow.centre},
                     {"day", format_date(*flow.day)}, {"start", flow.start}, {"left", now()}};
        platform::save(kIdentityReturn, kept.dump());
    }
    platform::navigate(kIdentityStart);
}

void CitizenApp::resume_after_identity() {
    Json kept = parse(std::exchange(identity_return_, std::string()));
    auto number = [&](const char* field) {
        auto it = kept.is_object() ? kept.find(field) : kept.end();
        return it != kept.end() && it->is_number_integer() ? it->get<UnixSeconds>() : 0;
    };
    auto day = parse_date(str(kept, "day"));
    const UnixSeconds start = number("start");
    // Taken up only on the way back from the sign-in (a choice left there long ago, or for
    // a time now past, is not the citizen's intention any more).
    constexpr UnixSeconds kFreshSeconds = 15 * 60;
    if (!day || start <= now() || now() - number("left") > kFreshSeconds ||
        !find_service(*catalog, str(kept, "service")) ||
        !find_centre(*catalog, str(kept, "centre"))) {
        return;
    }
    // The same steps a tap takes, so "back" walks the times, days and centres as before.
    choose_service(str(kept, "service"));
    choose_centre(str(kept, "centre"));
    choose_day(*day);
    choose_time(start);
}

void CitizenApp::fetch_mine() {
    if (!signed_in(session)) return;
    send(Purpose::mine, {}, "GET", "/api/v1/me/bookings");
}

void CitizenApp::resume(Verify::Then then) {
    switch (then) {
        case Verify::Then::book:
            return book();
        case Verify::Then::reschedule:
            return reschedule();
        case Verify::Then::cancel:
            confirm_cancel = false;
            return cancel_shown();
        case Verify::Then::lookup:
            if (shown) lookup(shown->code);
            return;
        case Verify::Then::mine:
            return refresh_bookings();
    }
}

bool CitizenApp::on_unverified(Purpose purpose, const Answer& a) {
    std::string code = error_code(a.body);
    bool mismatch = purpose == Purpose::book && code == "phone_mismatch";
    if (!(a.status == 401 && code == "verification_required") && !mismatch) return false;
    session.verification = true;
    forget_session(session);
    switch (purpose) {
        case Purpose::book: {
            auto phone = normalize_phone(input(kPhone));
            start_verify(Verify::Then::book, phone.ok() ? phone.value() : std::string());
            return true;
        }
        case Purpose::reschedule:
            start_verify(Verify::Then::reschedule, {});
            return true;
        case Purpose::cancel:
            start_verify(Verify::Then::cancel, {});
            return true;
        default:
            return true;  // a lookup: the booking screen says a session is needed
    }
}

// ---------------------------------------------------------------- answers

void CitizenApp::on_session_answer(Purpose purpose, const Answer& a) {
    switch (purpose) {
        case Purpose::config:
            read_config(session, a.status, a.body);
            if (session.verification.value_or(false)) send(Purpose::me, {}, "GET", "/api/v1/me");
            return;
        case Purpose::me:
            return read_me(session, a.status, a.body);
        case Purpose::send_code:
            return on_code_sent(a);
        case Purpose::confirm_code:
            return on_code_confirmed(a);
        case Purpose::mine:
            return on_mine(a);
        default:
            return;  // signed out: the session was forgotten when asked
    }
}

void CitizenApp::on_code_sent(const Answer& a) {
    outcome.pending = false;
    outcome.retry_after = a.retry_after;
    bool resend = verify.sent;
    if (a.status == 202 || a.status == 429) {
        // A 429 says a code went to this phone moments ago: it can be typed all the same.
        int wait = a.status == 202 ? num(parse(a.body), "resend_in") : a.retry_after;
        verify.sent = true;
        verify.resend_at_ms = platform::monotonic_ms() + wait * 1000.0;
        if (a.status == 202) {
            shell.set_input(kCode, {});
        } else if (resend) {
            outcome.error_key = "error.rate_limited";
        }
        return;
    }
    outcome.error_key = error_key(a.status, a.body);
}

void CitizenApp::on_code_confirmed(const Answer& a) {
    outcome.pending = false;
    outcome.retry_after = a.retry_after;
    if (a.status != 200) {
        outcome.error_key = error_key(a.status, a.body);  // what was typed stays
        return;
    }
    session.verification = true;
    session.phone = str(parse(a.body), "phone");
    session.identity = false;
    shell.set_input(kCode, {});
    resume_ = verify.then;
    back();  // on_back() then resumes, on the screen that asked
}

void CitizenApp::on_mine(const Answer& a) {
    if (a.status == 401) return forget_session(session);
    if (a.status != 200) return;
    for (SavedBooking b : parse_my_bookings(a.body)) {
        const SavedBooking* saved = bookings.find(b.code);
        b.cpr = saved ? saved->cpr : std::string();  // the server's bookings carry no CPR
        bookings.put(b);
    }
    shell.wake();
}

}  // namespace mawid::client
