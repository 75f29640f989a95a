// The citizen app's requests about bookings, and their answers.
#include <mawid/codec.hpp>

#include "citizen_api.hpp"
#include "citizen_app.hpp"

namespace mawid::client {

void CitizenApp::send(Purpose purpose, std::string key, const char* method, const std::string& url,
                      const std::string& body, const std::string& headers) {
    int id = shell.requests.fetch(*this, method, url, body, headers);
    pending_[id] = {purpose, std::move(key)};
}

void CitizenApp::book() {
    const Centre* c = centre();
    if (!c || outcome.pending) return;
    auto phone = normalize_phone(input(kPhone));
    bool email_ok = email().empty() || validate_email(email()).ok();
    bool cpr_ok = !asks_cpr(session) || validate_cpr(input(kCpr)).ok();
    if (!cpr_ok || !phone.ok() || !email_ok) return go(Screen::details);
    if (flow.idempotency_key.empty()) flow.idempotency_key = platform::random_key();
    if (must_verify(session, phone.value())) return start_verify(Verify::Then::book, phone.value());
    outcome.pending = true;
    outcome.error_key.clear();
    Json headers = {{"Content-Type", "application/json"},
                    {"Idempotency-Key", flow.idempotency_key}};
    std::string start = format_rfc3339(flow.start, c->utc_offset_minutes);
    std::string cpr = asks_cpr(session) ? input(kCpr) : std::string();
    send(Purpose::book, {}, "POST", "/api/v1/bookings",
         booking_body(c->id, flow.service, start, cpr, phone.value(), tr.lang(), email()),
         headers.dump());
    shell.wake();
}

void CitizenApp::lookup(const std::string& code) {
    const SavedBooking* b = bookings.find(code);
    if (!b || outcome.pending) return;
    outcome = {};
    if (needs_session(session)) return start_verify(Verify::Then::lookup, {});
    outcome.pending = true;
    send(Purpose::lookup, code, "POST", "/api/v1/bookings/lookup", lookup_body(code, b->cpr),
         kJson);
}

void CitizenApp::open_bookings() {
    go(Screen::bookings);
    refresh_bookings();
}

void CitizenApp::refresh_bookings() {
    fetch_mine();
    // Without the session the server requires, a lookup would only be refused: the list
    // shows what the device knows.
    if (needs_session(session)) return;
    for (const SavedBooking& b : bookings.all()) {
        if (b.status != "booked" && b.status != "checked_in" && !b.status.empty()) continue;
        send(Purpose::refresh, b.code, "POST", "/api/v1/bookings/lookup",
             lookup_body(b.code, b.cpr), kJson);
    }
}

void CitizenApp::open_booking(const SavedBooking& booking) {
    shown = booking;
    outcome = {};
    go(Screen::booking);
    if (!needs_session(session)) lookup(booking.code);
}

void CitizenApp::cancel_shown() {
    if (!shown || outcome.pending) return;
    outcome = {};
    if (needs_session(session)) return start_verify(Verify::Then::cancel, {});
    outcome.pending = true;
    send(Purpose::cancel, shown->code, "POST", "/api/v1/bookings/" + shown->code + "/cancel",
         cpr_body(shown->cpr), kJson);
}

void CitizenApp::remove_shown() {
    if (!shown) return;
    bookings.remove(shown->code);
    shown.reset();
    outcome = {};
    back();
}

void CitizenApp::start_reschedule() {
    if (!shown) return;
    flow = {};
    flow.service = shown->service;
    flow.centre = shown->centre;
    flow.reschedule_code = shown->code;
    outcome = {};
    load_availability();
    go(Screen::days);
}

void CitizenApp::reschedule() {
    const Centre* c = centre();
    const SavedBooking* b = bookings.find(flow.reschedule_code);
    if (!c || !b || outcome.pending) return;
    if (needs_session(session)) return start_verify(Verify::Then::reschedule, {});
    outcome.pending = true;
    outcome.error_key.clear();
    send(Purpose::reschedule, b->code, "POST", "/api/v1/bookings/" + b->code + "/reschedule",
         reschedule_body(b->cpr, format_rfc3339(flow.start, c->utc_offset_minutes)), kJson);
    shell.wake();
}

void CitizenApp::find_alternatives() {
    if (!service() || !centre()) return;
    send(Purpose::alternatives, flow.centre + "/" + flow.service, "GET", availability_url());
}

// ---------------------------------------------------------------- answers

void CitizenApp::answer(int request, const Answer& a) {
    auto it = pending_.find(request);
    if (it == pending_.end()) return;
    Pending p = it->second;
    pending_.erase(it);
    switch (p.purpose) {
        case Purpose::availability:
            return on_availability_answer(p.key, a.status, a.body);
        case Purpose::refresh:
            return on_refresh_answer(p.key, a);
        case Purpose::alternatives:
            return on_alternatives(a);
        case Purpose::config:
        case Purpose::me:
        case Purpose::send_code:
        case Purpose::confirm_code:
        case Purpose::mine:
        case Purpose::sign_out:
            return on_session_answer(p.purpose, a);
        default:
            return on_booking_answer(p.purpose, a);
    }
}

// A quiet status refresh for the list: failures change nothing and show nothing.
void CitizenApp::on_refresh_answer(const std::string& code, const Answer& a) {
    const SavedBooking* saved = bookings.find(code);
    auto answer = parse_booking(a.body);
    if (a.status == 401) forget_session(session);
    if (a.status != 200 || !saved || !answer || answer->code != code) return;
    answer->cpr = saved->cpr;
    bookings.put(*answer);
}

// After a slot_full: the next free times of the same day and later, at most four.
void CitizenApp::on_alternatives(const Answer& a) {
    outcome.pending = false;
    outcome.retry_after = a.retry_after;
    if (a.status != 200) return;
    const Centre* c = centre();
    use_availability_json(a.body, platform::now_ms());
    outcome.alternatives.clear();
    for (const ViewSlot& s : parse_availability(a.body, c ? c->utc_offset_minutes : kDefaultUtcOffsetMinutes)) {
        if (s.free > 0 && s.start > flow.start) outcome.alternatives.push_back(s);
        if (outcome.alternatives.size() == 4) break;
    }
}

void CitizenApp::on_booking_answer(Purpose purpose, const Answer& a) {
    outcome.pending = false;
    outcome.retry_after = a.retry_after;
    if (on_unverified(purpose, a)) return;
    if (a.status != 200 && a.status != 201) {
        outcome.error_key = error_key(a.status, a.body);
        if (error_code(a.body) == "slot_full") {
            outcome.time_taken = true;
            find_alternatives();
        }
        return;
    }
    auto answer = parse_booking(a.body);
    if (!answer) {
        outcome.error_key = "error.internal_error";
        return;
    }
    on_booked(purpose, std::move(*answer));
}

void CitizenApp::on_booked(Purpose purpose, SavedBooking answer) {
    const SavedBooking* saved = bookings.find(answer.code);
    answer.cpr = saved ? saved->cpr : input(kCpr);
    bookings.put(answer);
    shown = answer;
    if (purpose == Purpose::book || purpose == Purpose::reschedule) {
        last_was_move = purpose == Purpose::reschedule;
        flow.idempotency_key.clear();
        history_.clear();
        history_.push_back(Screen::home);
        screen = Screen::done;
        shell.scroll_to_top();
    }
    confirm_cancel = false;
}

}  // namespace mawid::client
