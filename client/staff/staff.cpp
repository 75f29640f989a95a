#include "staff.hpp"

#include <mawid/booking.hpp>
#include <mawid/booking_code.hpp>
#include <mawid/codec.hpp>

#include "api.hpp"
#include "app.hpp"
#include "format.hpp"
#include "staff_screens.hpp"

namespace mawid::client::staff {

namespace {
constexpr const char* kMemberKey = "staff.member";
constexpr const char* kQueueKey = "staff.queue";
constexpr const char* kDayKey = "staff.day";
constexpr const char* kCentreKey = "staff.centre";
const std::string kApi = "/api/v1/staff";
}  // namespace

Controller::Controller(App& a) : app(a) {}

// Starts from what this device remembers (the member, the last day list, the queue), so a
// counter that reloads with no network still shows its day; then asks the server.
void Controller::start() {
    queue.load_json(platform::load(kQueueKey));
    member = parse_member(platform::load(kMemberKey));
    if (member) {
        centre_id = member->centre.empty() ? platform::load(kCentreKey) : member->centre;
        screen = Screen::day;
        Json saved = Json::parse(platform::load(kDayKey), nullptr, false);
        if (saved.is_object()) {
            auto list = parse_day(saved.value("body", std::string()));
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
    return c ? c->utc_offset_minutes : 180;
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
    history_.push_back(screen);
    platform::history_push();
    screen = next;
    app.scroll_to_top();
    platform::blur_inputs();
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
    int id = next_request_++;
    pending_[id] = {purpose, std::move(key)};
    Json headers = Json::object();
    if (std::string(method) != "GET") {
        headers["Content-Type"] = "application/json";
        headers["X-Mawid-Staff"] = "1";  // the server refuses state changes without it
    }
    if (!extra_header.empty()) headers["Idempotency-Key"] = extra_header;
    platform::fetch(id, method, url, body, headers.dump());
    return id;
}

bool Controller::on_fetch(int request, int status, const std::string& body, int retry_after) {
    auto it = pending_.find(request);
    if (it == pending_.end()) return false;
    Pending p = it->second;
    pending_.erase(it);
    // A request sent before the latest sign-in speaks of an older session: its answer
    // must not sign out, or overwrite what the sign-in said.
    bool stale = request < last_signin_request_;
    if (p.purpose == Purpose::me && stale) return true;
    if (status == 401 && p.purpose != Purpose::signin && p.purpose != Purpose::signout) {
        busy = flushing = day_loading = false;
        // Only a session this device knew of can end ("your session has ended"); with none,
        // the sign-in screen is already showing and keeps what it says.
        if (!stale && member) signed_out(true);
        return true;
    }
    answer(p, status, body, retry_after);
    return true;
}

void Controller::answer(const Pending& p, int status, const std::string& body, int retry_after) {
    switch (p.purpose) {
        case Purpose::signin:
            busy = false;
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
        case Purpose::action:
            return on_action(status, body);
        case Purpose::walk_in:
            return on_walk_in(status, body);
        case Purpose::walk_in_served:
            if (status == 200) load_day(day_date);
            return;
        case Purpose::times: {
            book_times.clear();
            book_times_loaded = status == 200;
            for (const ViewSlot& s : parse_availability(body, centre_offset())) {
                book_times.emplace_back(s.start, s.free);
            }
            if (status != 200) book_message = error_message(status, body, 0);
            return;
        }
        case Purpose::book:
            return on_book(status, body);
        case Purpose::closure:
        case Purpose::schedule:
            return on_schedule_answer(p.purpose, status, body);
        case Purpose::report:
            return on_report(status, body);
        case Purpose::stranded:
            if (status == 200 && !busy) {  // a change in flight answers with its own list
                stranded = parse_stranded(body);
                stranded_preview = false;
            }
            return;
        case Purpose::cancel_stranded:
            return on_cancel_stranded(p.key, status, body);
        case Purpose::csv:
            return on_csv(status, body);
    }
}

Message Controller::error_message(int status, const std::string& body, int retry_after) const {
    std::string key = error_key(status, body);
    if (key == "error.rate_limited" && retry_after > 0) {
        return {
            "error.rate_limited_wait", {{"seconds", std::to_string(retry_after)}}, ui::Tone::error};
    }
    return {key, {}, ui::Tone::error};
}

std::string Controller::text(const Message& m) const {
    if (m.key.empty()) return {};
    std::string out = app.tr(m.key);
    for (const auto& [name, value] : m.args) {
        std::string shown = value.size() > 1 && value[0] == '@' ? app.tr(value.substr(1)) : value;
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
    if (busy) return;
    if (user.empty() || password.empty()) {
        signin_message = {"staff.signin.missing", {}, ui::Tone::error};
        return;
    }
    busy = true;
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
    if (!was_signed_in) {
        history_.clear();
        screen = Screen::day;
    }
    load_day(day_from_device || day_date.empty() ? std::string() : day_date);
    flush_queue();
}

void Controller::sign_out() {
    send(Purpose::signout, {}, "POST", kApi + "/sign-out");
    signed_out(false);
}

// The queue stays on the device: those check-ins happened, and are sent after the next
// sign-in. The day list goes (it is the centre's, not this person's).
void Controller::signed_out(bool expired) {
    member.reset();
    platform::save(kMemberKey, "");
    platform::save(kDayKey, "");
    day.reset();
    day_date.clear();
    history_.clear();
    screen = Screen::signin;
    signin_message = expired ? Message{"staff.signin.expired", {}, ui::Tone::warning} : Message{};
}

void Controller::choose_centre(const std::string& id) {
    centre_id = id;
    platform::save(kCentreKey, id);
    day.reset();
    on_back();
    load_day("");
}

// ---------------------------------------------------------------- the day

void Controller::load_day(const std::string& date) {
    if (centre_id.empty()) return;
    last_day_request_ms_ = platform::now_ms();
    day_loading = true;
    day_error = {};
    std::string url = kApi + "/centres/" + centre_id + "/day";
    if (!date.empty()) url += "?date=" + date;
    send(Purpose::day, date, "GET", url);
}

void Controller::shift_day(int days) {
    auto d = parse_date(day_date.empty() ? today() : day_date);
    if (d) load_day(format_date(add_days(*d, days)));
}

void Controller::show_day(DayList list, double as_of_ms, bool from_device) {
    apply_queue(list.bookings, queue);
    if (server_today_.empty() && list.as_of.size() >= 10) server_today_ = list.as_of.substr(0, 10);
    day_date = list.date;
    day = std::move(list);
    day_as_of_ms = as_of_ms;
    day_from_device = from_device;
}

void Controller::on_day(int status, const std::string& body) {
    day_loading = false;
    auto list = status == 200 ? parse_day(body) : std::nullopt;
    if (!list) {
        day_error = error_message(status, body, 0);
        if (day) day_from_device = true;
        return;
    }
    if (list->as_of.size() >= 10) server_today_ = list->as_of.substr(0, 10);
    double now_ms = platform::now_ms();
    // The copy kept for a counter with no network: the last list synced, with its time.
    platform::save(kDayKey, Json{{"as_of_ms", now_ms}, {"body", body}}.dump());
    show_day(std::move(*list), now_ms, false);
    if (!queue.empty()) flush_queue();
}

void Controller::set_booking_status(const std::string& code, const std::string& status) {
    if (!day) return;
    bool still_queued = false;
    for (const QueuedAction& a : queue.items()) still_queued |= a.code == code;
    for (DayBooking& b : day->bookings) {
        if (b.code != code) continue;
        if (!status.empty()) b.status = status;
        b.queued = still_queued;
    }
}

// ---------------------------------------------------------------- the counter

void Controller::save_queue() {
    platform::save(kQueueKey, queue.to_json());
}

void Controller::counter_action(const std::string& typed_code, const std::string& action) {
    if (!queue.add(typed_code, action)) {
        counter_message = {"staff.counter.bad_code", {}, ui::Tone::error};
        return;
    }
    save_queue();
    std::string code = *normalize_code(typed_code);
    if (day) apply_queue(day->bookings, queue);
    counter_message = {"staff.counter.queued", {{"code", ltr(code_text(code))}}, ui::Tone::warning};
    flush_queue();
}

// One action at a time, in the order they were made; the answer sends the next.
void Controller::flush_queue() {
    if (flushing || queue.empty() || !member || !app.online) return;
    flushing = true;
    last_flush_ms_ = platform::now_ms();
    const QueuedAction& a = queue.front();
    send(Purpose::action, a.code, "POST", kApi + "/bookings/" + a.code + "/" + a.action);
}

void Controller::on_action(int status, const std::string& body) {
    flushing = false;
    if (queue.empty()) return;
    QueuedAction a = queue.front();
    if (status == 0 || status == 429 || status >= 500) {  // kept; sent again later
        counter_message = {
            "staff.counter.queued", {{"code", ltr(code_text(a.code))}}, ui::Tone::warning};
        return;
    }
    queue.pop_front();
    save_queue();
    if (status == 200) {
        auto b = parse_booking_answer(body);
        set_booking_status(a.code, b ? b->status : std::string());
        counter_message = {"staff.counter.done." + a.action,  // one message per action
                           {{"code", ltr(code_text(a.code))}},
                           ui::Tone::success};
    } else {
        // Refused (cancelled meanwhile, unknown code, another centre): reported, and the
        // server's status is what the list shows.
        std::string now_status = conflict_status(body);
        Message m{"staff.conflict.not_active",
                  {{"code", ltr(code_text(a.code))},
                   {"action", "@staff.action." + a.action},
                   {"status", "@status." + now_status}},
                  ui::Tone::error};
        if (status != 409 || now_status.empty()) {
            m.key = "staff.conflict.refused";
            m.args.back() = {"reason", "@" + error_key(status, body)};
        }
        conflicts.push_back({a.code, a.action, m});
        set_booking_status(a.code, now_status);
        counter_message = m;
    }
    if (queue.empty()) {
        load_day(day_date);  // fresh counts from the server once everything is sent
    } else {
        flush_queue();
    }
}

void Controller::on_online(bool online) {
    if (!online) return;
    if (!member) {
        send(Purpose::me, {}, "GET", kApi + "/me");
        return;
    }
    flush_queue();
    if (day_from_device) load_day(day_date);
}

// ---------------------------------------------------------------- walk-ins

void Controller::issue_walk_in() {
    if (walk_in_service.empty() || busy || centre_id.empty()) return;
    // One key per ticket: a retry after a lost answer gets the same number back.
    if (walk_in_key.empty()) walk_in_key = platform::random_key();
    busy = true;
    walk_in_message = {};
    send(Purpose::walk_in, {}, "POST", kApi + "/centres/" + centre_id + "/walk-ins",
         walk_in_body(walk_in_service, walk_in_priority), walk_in_key);
}

void Controller::on_walk_in(int status, const std::string& body) {
    busy = false;
    auto ticket = status == 200 || status == 201 ? parse_walk_in(body) : std::nullopt;
    if (!ticket) {
        walk_in_message = error_message(status, body, 0);
        return;
    }
    last_ticket = ticket;
    walk_in_key.clear();
    load_day(day_date == today() ? day_date : std::string());
}

void Controller::walk_in_served(int id) {
    send(Purpose::walk_in_served, {}, "POST", kApi + "/walk-ins/" + std::to_string(id) + "/served");
}

// ---------------------------------------------------------------- booking for a citizen

void Controller::load_book_times() {
    if (book_service.empty() || centre_id.empty()) return;
    std::string date = input(kBookDay).empty() ? today() : input(kBookDay);
    if (!parse_date(date)) {
        book_message = {"staff.book.bad_day", {}, ui::Tone::error};
        return;
    }
    book_times.clear();
    book_times_loaded = false;
    book_start = 0;
    send(Purpose::times, {}, "GET",
         "/api/v1/availability?centre=" + centre_id + "&service=" + book_service + "&from=" + date +
             "&days=1");
}

void Controller::book_for_citizen() {
    auto phone = normalize_phone(input(kBookPhone));
    if (busy || book_start == 0) return;
    if (!validate_cpr(input(kBookCpr)).ok() || !phone.ok()) {
        book_message = {"staff.book.check_details", {}, ui::Tone::error};
        return;
    }
    if (book_key.empty()) book_key = platform::random_key();
    busy = true;
    book_message = {};
    std::string start = format_rfc3339(book_start, centre_offset());
    send(
        Purpose::book, {}, "POST", kApi + "/centres/" + centre_id + "/bookings",
        booking_body(centre_id, book_service, start, input(kBookCpr), phone.value(), app.tr.lang()),
        book_key);
}

void Controller::on_book(int status, const std::string& body) {
    busy = false;
    auto made = status == 201 || status == 200 ? parse_booking_answer(body) : std::nullopt;
    if (!made) {
        book_message = error_message(status, body, 0);
        return;
    }
    book_key.clear();
    book_code = made->code;
    book_message = {"staff.book.done", {{"code", ltr(code_text(made->code))}}, ui::Tone::success};
    load_book_times();
    load_day(day_date);
}

// ---------------------------------------------------------------- administration

// The stranded bookings are the centre's to-do list: asked again each time (a reload,
// another counter, bookings moved meanwhile), the last known list shown until it comes.
void Controller::open_admin() {
    admin_message = {};
    go(Screen::admin);
    send(Purpose::stranded, {}, "GET", kApi + "/centres/" + centre_id + "/stranded");
    const Centre* c = app.catalog ? find_centre(*app.catalog, centre_id) : nullptr;
    if (!c) return;
    Date tomorrow = add_days(*parse_date(today()), 1);
    app.set_input(kClosureFrom, format_date(tomorrow));
    app.set_input(kClosureTo, format_date(tomorrow));
    app.set_input(kScheduleFrom, format_date(tomorrow));
    for (int i = 0; i < 7; ++i) {
        Date d = add_days(tomorrow, i);
        app.set_input(kHours + static_cast<int>(weekday_of(d)), hours_text(hours_on(*c, d)));
    }
    for (size_t i = 0; i < c->services.size(); ++i) {
        app.set_input(kCounters + static_cast<int>(i),
                      std::to_string(counters_on(*c, c->services[i], tomorrow)));
    }
}

void Controller::closure(ClosureKind kind, bool dry_run) {
    if (busy) return;
    std::string to = input(kClosureTo).empty() ? input(kClosureFrom) : input(kClosureTo);
    std::string url = kind == ClosureKind::holiday ? kApi + "/holidays"
                                                   : kApi + "/centres/" + centre_id + "/closures";
    if (kind == ClosureKind::reopen) url += "/remove";  // takes back a closure with these dates
    busy = true;
    admin_message = {};
    send(Purpose::closure, dry_run ? "dry" : "", "POST", url,
         closure_body(input(kClosureFrom), to, dry_run));
}

void Controller::schedule(bool dry_run) {
    const Centre* c = app.catalog ? find_centre(*app.catalog, centre_id) : nullptr;
    if (busy || !c) return;
    std::map<std::string, std::string> hours;
    for (int d = 0; d < 7; ++d) {
        hours[std::string(weekday_key(static_cast<Weekday>(d)))] = input(kHours + d);
    }
    std::map<std::string, int> counters;
    for (size_t i = 0; i < c->services.size(); ++i) {
        std::string typed = input(kCounters + static_cast<int>(i));
        if (typed.empty() || typed.find_first_not_of("0123456789") != std::string::npos ||
            typed.size() > 4) {
            admin_message = {"staff.admin.bad_counters", {}, ui::Tone::error};
            return;
        }
        counters[c->services[i]] = std::stoi(typed);
    }
    auto body = schedule_body(input(kScheduleFrom), hours, counters, dry_run);
    if (!body) {
        admin_message = {"staff.admin.bad_hours", {}, ui::Tone::error};
        return;
    }
    busy = true;
    admin_message = {};
    send(Purpose::schedule, dry_run ? "dry" : "", "POST",
         kApi + "/centres/" + centre_id + "/schedule", *body);
}

void Controller::on_schedule_answer(Purpose, int status, const std::string& body) {
    busy = false;
    if (status != 200) {
        admin_message = error_message(status, body, 0);
        return;
    }
    Json j = Json::parse(body, nullptr, false);
    bool dry = j.is_object() && j.value("dry_run", false);
    stranded = parse_stranded(body);
    stranded_preview = dry;
    std::string count = std::to_string(stranded.size());
    admin_message = {dry ? "staff.admin.previewed" : "staff.admin.applied",
                     {{"count", count}},
                     dry ? ui::Tone::info : ui::Tone::success};
    if (!dry) app.reload_catalog();  // the new version: the app's own grid must follow
}

// Cancelling a stranded booking (after the citizen was called and asked for it), then the
// list is asked again: it is the server's, and another counter may have moved some meanwhile.
void Controller::cancel_stranded(const std::string& code) {
    if (busy) return;
    busy = true;
    stranded_confirm.clear();
    admin_message = {};
    send(Purpose::cancel_stranded, code, "POST", kApi + "/bookings/" + code + "/cancel", "{}");
}

void Controller::on_cancel_stranded(const std::string& code, int status, const std::string& body) {
    busy = false;
    if (status == 200) {
        admin_message = {
            "staff.stranded.cancelled", {{"code", ltr(code_text(code))}}, ui::Tone::success};
    } else {
        admin_message = error_message(status, body, 0);
    }
    send(Purpose::stranded, {}, "GET", kApi + "/centres/" + centre_id + "/stranded");
}

// ---------------------------------------------------------------- reports

void Controller::load_report() {
    if (busy || centre_id.empty()) return;
    busy = true;
    report_message = {};
    send(Purpose::report, {}, "GET",
         kApi + "/centres/" + centre_id + "/report?from=" + input(kReportFrom) +
             "&to=" + input(kReportTo));
}

void Controller::on_report(int status, const std::string& body) {
    busy = false;
    if (status != 200) {
        report.clear();
        report_message = error_message(status, body, 0);
        return;
    }
    report = parse_report(body);
}

void Controller::export_csv() {
    if (centre_id.empty()) return;
    send(Purpose::csv, {}, "GET",
         kApi + "/centres/" + centre_id + "/report?from=" + input(kReportFrom) +
             "&to=" + input(kReportTo) + "&format=csv");
}

void Controller::on_csv(int status, const std::string& body) {
    if (status != 200) {
        report_message = error_message(status, body, 0);
        return;
    }
    platform::download(
        "mawid-" + centre_id + "-" + input(kReportFrom) + "-" + input(kReportTo) + ".csv",
        "text/csv;charset=utf-8", body);
}

}  // namespace mawid::client::staff
