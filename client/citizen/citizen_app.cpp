// The citizen app: start, navigation, and what the shell asks of it.
#include "citizen_app.hpp"

#include <algorithm>

#include "screens/screens.hpp"

namespace mawid::client {

CitizenApp::CitizenApp(Shell& s) : shell(s), tr(s.tr), catalog(s.catalog), online(s.online) {}

void CitizenApp::start() {
    bookings.load();
    std::string centre = platform::query_parameter("c");
    std::string service = platform::query_parameter("s");
    if (!centre.empty() && !service.empty()) link_.emplace(centre, service);
    // The server sends the browser back here this way when a sign-in did not complete.
    identity_failed = platform::query_parameter("identity") == "failed";
    identity_return_ = platform::load(kIdentityReturn);
    if (!identity_return_.empty()) platform::save(kIdentityReturn, "");  // taken up once
    if (identity_failed) identity_return_.clear();
    ask_config();
}

void CitizenApp::draw(ui::Column& col) {
    if (link_ && catalog) follow_link();
    if (!identity_return_.empty() && catalog) resume_after_identity();
    switch (screen) {
        case Screen::home:
            return screens::home(*this, col);
        case Screen::services:
            return screens::services(*this, col);
        case Screen::centres:
            return screens::centres(*this, col);
        case Screen::days:
            return screens::days(*this, col);
        case Screen::times:
            return screens::times(*this, col);
        case Screen::details:
            return screens::details(*this, col);
        case Screen::confirm:
            return screens::confirm(*this, col);
        case Screen::done:
            return screens::done(*this, col);
        case Screen::bookings:
            return screens::bookings(*this, col);
        case Screen::booking:
            return screens::booking(*this, col);
        case Screen::verify:
            return screens::verify(*this, col);
    }
}

const char* CitizenApp::title_key() const {
    return screens::title_key(screen);
}

// ---------------------------------------------------------------- state read by screens

const Service* CitizenApp::service() const {
    return catalog ? find_service(*catalog, flow.service) : nullptr;
}

const Centre* CitizenApp::centre() const {
    return catalog ? find_centre(*catalog, flow.centre) : nullptr;
}

std::string CitizenApp::outcome_message() const {
    if (outcome.error_key.empty()) return {};
    if (outcome.error_key == "error.rate_limited" && outcome.retry_after > 0) {
        return tr.count("error.rate_limited_wait", outcome.retry_after);
    }
    return tr(outcome.error_key);
}

std::optional<SavedBooking> CitizenApp::next_booking() const {
    std::optional<SavedBooking> next;
    UnixSeconds next_start = 0;
    for (const SavedBooking& b : bookings.all()) {
        auto start = parse_rfc3339(b.start);
        if (!start || start->instant < now() || (b.status != "booked" && !b.status.empty())) {
            continue;
        }
        if (!next || start->instant < next_start) next = b, next_start = start->instant;
    }
    return next;
}

std::string CitizenApp::email() const {
    std::string typed = input(kEmail);
    std::size_t first = typed.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    return typed.substr(first, typed.find_last_not_of(" \t") - first + 1);
}

void CitizenApp::set_input(int field, std::string value) {
    // Different details are a different request: a retry must not reuse the old key
    // (the server would answer idempotency_mismatch).
    if ((field == kCpr || field == kPhone || field == kEmail) && input(field) != value) flow.idempotency_key.clear();
    shell.set_input(field, std::move(value));
}

// ---------------------------------------------------------------- navigation

// ?c=centre&s=service, the link of a closure notice: the times of that service at that
// centre. A booking of it kept on this device is moved rather than booked again (the
// one-booking-per-service rule would refuse a second). A link to something no longer
// offered leaves the home screen.
void CitizenApp::follow_link() {
    auto [centre_id, service_id] = *std::exchange(link_, std::nullopt);
    const Centre* c = find_centre(*catalog, centre_id);
    if (!find_service(*catalog, service_id) || !c) return;
    for (const SavedBooking& b : bookings.all()) {
        auto start = parse_rfc3339(b.start);
        bool active = b.status == "booked" || b.status.empty();
        if (b.centre == centre_id && b.service == service_id && active && start &&
            start->instant > now()) {
            shown = b;
            return start_reschedule();
        }
    }
    choose_service(service_id);
    if (std::find(c->services.begin(), c->services.end(), service_id) != c->services.end()) {
        choose_centre(centre_id);
    }
}

void CitizenApp::go(Screen next) {
    if (next == screen) return;
    history_.push_back(screen);
    platform::history_push();
    screen = next;
    shell.scroll_to_top();
    confirm_cancel = false;
    platform::blur_inputs();
    shell.wake();
}

void CitizenApp::back() {
    if (!history_.empty()) platform::history_back();
}

void CitizenApp::on_back() {
    if (history_.empty()) return;
    screen = history_.back();
    history_.pop_back();
    confirm_cancel = false;
    outcome.error_key.clear();
    // Back from the verify step with a session: what was waiting for it goes on, on the
    // screen that asked (where its answer and errors belong).
    if (auto then = std::exchange(resume_, std::nullopt)) resume(*then);
}

void CitizenApp::on_online(bool is_online) {
    if (is_online && !session.verification) ask_config();  // started offline
    // Back online while looking at times computed from a snapshot: fetch the live ones.
    bool browsing = screen == Screen::days || screen == Screen::times;
    if (is_online && browsing && availability.from_snapshot) {
        auto keep_day = flow.day;
        load_availability();
        flow.day = keep_day;
    }
}

void CitizenApp::choose_service(const std::string& id) {
    if (flow.service != id) flow.centre.clear();
    flow.service = id;
    go(Screen::centres);
}

void CitizenApp::choose_centre(const std::string& id) {
    flow.centre = id;
    flow.day.reset();
    flow.start = 0;
    load_availability();
    go(Screen::days);
}

void CitizenApp::choose_day(const Date& day) {
    flow.day = day;
    go(Screen::times);
}

void CitizenApp::choose_time(UnixSeconds start) {
    flow.start = start;
    flow.idempotency_key.clear();  // a new choice is a new attempt
    outcome = {};
    go(flow.reschedule_code.empty() ? Screen::details : Screen::confirm);
}

void CitizenApp::locate() {
    locating = true;
    location_denied = false;
    shell.requests.geolocate(*this);
}

void CitizenApp::located(int, bool ok, double lat, double lon) {
    locating = false;
    if (ok) {
        location = std::make_pair(lat, lon);
    } else {
        location_denied = true;
    }
}

}  // namespace mawid::client
