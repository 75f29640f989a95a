#include "staff.hpp"

#include <cstdlib>
#include <optional>

#include <mawid/booking.hpp>
#include <mawid/booking_code.hpp>
#include <mawid/codec.hpp>

#include "api.hpp"
#include "format.hpp"
#include "keys.hpp"
#include "platform_centre.hpp"
#include "staff_screens.hpp"

namespace mawid::client::staff {

Controller::Controller(Shell& shell) : app(shell) {}

// Starts from what this device remembers (the member, the last day list, the queue), so a
// counter that reloads with no network still shows its day; then asks the server.
void Controller::start() {
    queue.load_json(platform::load(kQueueKey));
    member = parse_member(platform::load(kMemberKey));
    if (member) {
        centre_id = member->centre.empty() ? platform::load(kCentreKey) : member->centre;
        screen = member->must_change_password ? Screen::password : Screen::day;
        Json saved = Json::parse(platform::load(kDayKey), nullptr, false);
        if (saved.is_object()) {
            auto list = parse_day(saved.value("body", std::string()));
            if (list) {
                for (const Json& page : saved.value("more", Json::array())) {
                    if (page.is_string()) append_day_page(*list, page.get<std::string>());
                }
            }
            if (list && list->centre == centre_id) {
                show_day(*list, saved.value("as_of_ms", 0.0), true);
            }
        }
    }
    send(Purpose::me, {}, "GET", kApi + "/me");
}

std::string Controller::input(int field) const {
    return app.input(field);
}

int Controller::centre_offset() const {
    const Centre* c = app.catalog ? find_centre(*app.catalog, centre_id) : nullptr;
    return c ? c->utc_offset_minutes : kDefaultUtcOffsetMinutes;
}

// The centre's date as the server sees it once a day list has come (a counter PC's clock
// may be wrong), else from this device's clock.
std::string Controller::today() const {
    if (!server_today_.empty()) return server_today_;
    return format_date(to_local(app.now(), centre_offset()).date);
}

const char* Controller::title_key() const {
    switch (screen) {
        case Screen::signin:
            return "staff.title.signin";
        case Screen::day:
            return "staff.title.day";
        case Screen::counter:
            return "staff.title.counter";
        case Screen::walk_in:
            return "staff.title.walk_in";
        case Screen::book:
            return "staff.title.book";
        case Screen::admin:
            return "staff.title.admin";
        case Screen::reports:
            return "staff.title.reports";
        case Screen::centres:
            return "staff.title.centres";
        case Screen::audit:
            return "staff.title.audit";
        case Screen::password:
            return "staff.title.password";
        case Screen::accounts:
            return "staff.title.accounts";
        case Screen::move:
            return "staff.title.move";
        case Screen::rollout:
            return "staff.title.rollout";
        case Screen::catalog:
            return "staff.title.catalog";
    }
    return "staff.title.day";
}

void Controller::draw(ui::Column& col) {
    // An admin has no centre of their own: the one chosen last on this device, else the
    // catalogue's first, once the catalogue is there.
    if (member && centre_id.empty() && app.catalog && !app.catalog->centres.empty()) {
        centre_id = app.catalog->centres.front().id;
        load_day("");
    }
    retry_quietly();
    switch (screen) {
        case Screen::signin:
            return screens::signin(*this, col);
        case Screen::day:
            return screens::day(*this, col);
        case Screen::counter:
            return screens::counter(*this, col);
        case Screen::walk_in:
            return screens::walk_in(*this, col);
        case Screen::book:
            return screens::book(*this, col);
        case Screen::admin:
            return screens::admin(*this, col);
        case Screen::reports:
            return screens::reports(*this, col);
        case Screen::centres:
            return screens::centres(*this, col);
        case Screen::audit:
            return screens::audit(*this, col);
        case Screen::password:
            return screens::password(*this, col);
        case Screen::accounts:
            return screens::accounts(*this, col);
        case Screen::move:
            return screens::move(*this, col);
        case Screen::rollout:
            return screens::rollout(*this, col);
        case Screen::catalog:
            return screens::catalog(*this, col);
    }
}

// A network can fail without the browser noticing (no "online" event follows). While
// someone uses the app (frames run only then), the queue is retried and the day list
// refreshed now and then.
void Controller::retry_quietly() {
    constexpr double kQueueRetryMs = 10000, kDayRefreshMs = 60000;
    double now_ms = platform::now_ms();
    if (!member || !app.online) return;
    if (!queue.empty() && !flushing && now_ms - last_flush_ms_ > kQueueRetryMs) flush_queue();
    bool stale = now_ms - last_day_request_ms_ > kDayRefreshMs;
    if (screen == Screen::day && day && !day_loading && stale) load_day(day_date);
}

// ---------------------------------------------------------------- navigation

void Controller::go(Screen next) {
    if (next == screen) return;
    day_notice = {};  // said on arrival at the day; leaving it, it is done
    history_.push_back(screen);
    platform::history_push();
    screen = next;
    app.scroll_to_top();
    platform::blur_inputs();
}

void Controller::back() {
    platform::history_back();
}

void Controller::on_back() {
    if (history_.empty()) return;
    screen = history_.back();
    history_.pop_back();
    platform::scan_stop();
    platform::blur_inputs();
}

// ---------------------------------------------------------------- requests

int Controller::send(Purpose purpose, std::string key, const char* method, const std::string& url,
                     const std::string& body, const std::string& extra_header) {
    Json headers = Json::object();
    if (std::string(method) != "GET") {
        const bool upload = purpose == Purpose::import_check || purpose == Purpose::import_apply;
        headers["Content-Type"] = upload ? "text/csv" : "application/json";
        headers["X-Mawid-Staff"] = "1";  // the server refuses state changes without it
    }
    if (!extra_header.empty()) headers["Idempotency-Key"] = extra_header;
    int id = app.requests.fetch(*this, method, url, body, headers.dump());
    pending_[id] = {purpose, std::move(key)};
    return id;
}

void Controller::answer(int request, const Answer& a) {
    auto it = pending_.find(request);
    if (it == pending_.end()) return;
    Pending p = it->second;
    pending_.erase(it);
    // A request sent before the latest sign-in speaks of an older session: its answer
    // must not sign out, or overwrite what the sign-in said.
    bool stale = request < last_signin_request_;
    if (p.purpose == Purpose::me && stale) return;
    if (a.status == 401 && p.purpose != Purpose::signin && p.purpose != Purpose::signout) {
        all_idle();
        // Only a session this device knew of can end ("your session has ended", or that an
        // admin disabled the account); with none, the sign-in screen is already showing and
        // keeps what it says.
        bool disabled = error_code(a.body) == "account_disabled";
        if (!stale && member) {
            signed_out(disabled ? "error.account_disabled" : "staff.signin.expired");
        }
        return;
    }
    // An admin asked for a new password meanwhile: nothing was done (a queued counter action
    // stays queued) until the member has changed it.
    if (a.status == 403 && error_code(a.body) == "password_change_required") {
        all_idle();
        if (!stale && member) password_required();
        return;
    }
    answer(p, a.status, a.body, a.retry_after);
}

void Controller::all_idle() {
    signin_busy = walk_in_busy = book_busy = admin_busy = report_busy = audit_busy = false;
    password_busy = accounts_busy = outbox_busy = rollout_busy = rollout_report_busy = false;
    accounts_more_busy = stranded_more_busy = false;
    flushing = day_loading = false;
}

void Controller::answer(const Pending& p, int status, const std::string& body, int retry_after) {
    switch (p.purpose) {
        case Purpose::signin:
            signin_busy = false;
            if (status == 200) return on_signed_in(body);
            signin_message = error_message(status, body, retry_after);
            return;
        case Purpose::me:
            if (status == 200) on_signed_in(body);
            return;
        case Purpose::signout:
            return;
        case Purpose::day:
            return on_day(status, body);
        case Purpose::day_more:
            return on_day_more(status, body);
        case Purpose::action:
            return on_action(status, body);
        case Purpose::walk_in:
            return on_walk_in(status, body);
        case Purpose::walk_in_served:
            if (status == 200) load_day(day_date);
            return;
        case Purpose::times:
            return on_times(status, body);
        case Purpose::book:
            return on_book(status, body);
        case Purpose::closure:
        case Purpose::schedule:
            return on_schedule_answer(p.purpose, status, body);
        case Purpose::report:
            return on_report(status, body);
        case Purpose::stranded:
            return on_stranded(p.key, status, body);
        case Purpose::cancel_stranded:
            return on_cancel_stranded(p.key, status, body);
        case Purpose::csv:
            return on_csv(status, body);
        case Purpose::audit:
            return on_audit(p.key == "more", status, body);
        case Purpose::audit_csv:
            return on_audit_csv(status, body);
        case Purpose::password:
            return on_password(status, body);
        case Purpose::accounts:
            return on_accounts(p.key, status, body);
        case Purpose::account:
            return on_account(p.key, status, body);
        case Purpose::outbox:
            return on_outbox(status, body);
        case Purpose::move_times:
            return on_move_times(p.key, status, body);
        case Purpose::move:
            return on_move(p.key, status, body);
        case Purpose::catalog_csv:
            return on_catalog_csv(p.key, status, body);
        case Purpose::import_check:
        case Purpose::import_apply:
            return on_import(p.purpose == Purpose::import_apply, status, body);
        case Purpose::rollout_preview:
        case Purpose::rollout_apply:
            return on_rollout(p.purpose == Purpose::rollout_apply, status, body);
        case Purpose::rollout_report:
        case Purpose::rollout_csv:
            return on_rollout_report(p.purpose == Purpose::rollout_csv, status, body);
    }
}

Message Controller::error_message(int status, const std::string& body, int retry_after) const {
    std::string key = error_key(status, body);
    if (key == "error.rate_limited" && retry_after > 0) {
        return {
            "error.rate_limited_wait", {{"count", std::to_string(retry_after)}}, ui::Tone::error};
    }
    return {key, {}, ui::Tone::error};
}

std::string Controller::text(const Message& m) const {
    if (m.key.empty()) return {};
    std::string out = app.tr(m.key);
    // A plural key: its "count" argument picks the form and is written in the table's digits.
    std::optional<long long> count;
    for (const auto& [name, value] : m.args) {
        if (name == "count" && app.tr.plural(m.key)) count = std::atoll(value.c_str());
    }
    if (count) out = app.tr.form(m.key, *count);
    for (const auto& [name, value] : m.args) {
        std::string shown = value.size() > 1 && value[0] == '@' ? app.tr(value.substr(1)) : value;
        if (count && name == "count") shown = app.tr.number(*count);
        std::string mark = "{" + name + "}";
        for (size_t at = out.find(mark); at != std::string::npos; at = out.find(mark, at)) {
            out.replace(at, mark.size(), shown);
            at += shown.size();
        }
    }
    return out;
}

// ---------------------------------------------------------------- session

void Controller::sign_in() {
    std::string user = input(kUser), password = input(kPassword);
    if (signin_busy) return;
    if (user.empty() || password.empty()) {
        signin_message = {"staff.signin.missing", {}, ui::Tone::error};
        return;
    }
    signin_busy = true;
    signin_message = {};
    last_signin_request_ =
        send(Purpose::signin, {}, "POST", kApi + "/sign-in", sign_in_body(user, password));
}

void Controller::on_signed_in(const std::string& body) {
    auto m = parse_member(body);
    if (!m) return;
    bool was_signed_in = member && member->username == m->username && screen != Screen::signin;
    member = m;
    platform::save(kMemberKey, member_json(*m));
    app.set_input(kPassword, "");
    signin_message = {};
    if (!m->centre.empty()) centre_id = m->centre;
    if (centre_id.empty()) centre_id = platform::load(kCentreKey);
    if (centre_id.empty() && app.catalog && !app.catalog->centres.empty()) {
        centre_id = app.catalog->centres.front().id;
    }
    if (m->must_change_password) return password_required();
    // A forced password screen (no history) gives way once the server no longer asks for it.
    if (!was_signed_in || (screen == Screen::password && history_.empty())) {
        history_.clear();
        screen = Screen::day;
    }
    load_day(day_from_device || day_date.empty() ? std::string() : day_date);
    flush_queue();
}

void Controller::sign_out() {
    send(Purpose::signout, {}, "POST", kApi + "/sign-out");
    signed_out("");
}

// The queue stays on the device: those check-ins happened, and are sent after the next
// sign-in. The day list goes (it is the centre's, not this person's).
void Controller::signed_out(const std::string& reason) {
    member.reset();
    platform::save(kMemberKey, "");
    platform::save(kDayKey, "");
    day.reset();
    day_date.clear();
    history_.clear();
    screen = Screen::signin;
    signin_message = reason.empty() ? Message{} : Message{reason, {}, ui::Tone::warning};
    // What the next member on this device must not see: other accounts and the trail.
    accounts.clear();
    account_open.clear();
    audit.clear();
    audit_next = 0;
    audit_loaded = false;
}

void Controller::choose_centre(const std::string& id) {
    centre_id = id;
    platform::save(kCentreKey, id);
    day.reset();
    on_back();
    load_day("");
}

}  // namespace mawid::client::staff
