// The centre app: the day list, the counter and its queue, walk-in tickets.
#include <algorithm>

#include <mawid/booking.hpp>
#include <mawid/booking_code.hpp>
#include <mawid/codec.hpp>

#include "api.hpp"
#include "format.hpp"
#include "keys.hpp"
#include "staff.hpp"

namespace mawid::client::staff {

// ---------------------------------------------------------------- the day

namespace {
constexpr std::size_t kDayPage = kDefaultPageSize;  // bookings a page of the day brings
constexpr std::size_t kMaxDayRows = kMaxPageSize;   // the most one answer may hold
}  // namespace

void Controller::load_day(const std::string& date) {
    if (centre_id.empty() || (member && member->must_change_password)) return;
    last_day_request_ms_ = platform::now_ms();
    day_loading = true;
    day_error = {};
    // A refresh asks for as many rows as are shown, so pages already opened stay open.
    std::size_t rows = kDayPage;
    if (day && day->date == (date.empty() ? today() : date)) {
        rows = std::clamp(day->bookings.size(), rows, kMaxDayRows);
    }
    std::string url = kApi + "/centres/" + centre_id + "/day?limit=" + std::to_string(rows);
    if (!date.empty()) url += "&date=" + date;
    send(Purpose::day, date, "GET", url);
}

void Controller::load_more_day() {
    if (!day || day->next_after.empty() || day_loading) return;
    day_loading = true;
    send(Purpose::day_more, day->date, "GET",
         kApi + "/centres/" + centre_id + "/day?date=" + day->date + "&limit=" +
             std::to_string(kDayPage) + after_param(day->next_after));
}

void Controller::on_day_more(int status, const std::string& body) {
    day_loading = false;
    if (status != 200 || !day) {
        if (status != 200 && day) {
            day_error = error_message(status, body, 0);
            day_more_failed = day->next_after;  // asked again by a tap, not by every frame
        }
        return;
    }
    if (!append_day_page(*day, body)) return;
    apply_queue(day->bookings, queue);
    // The device's copy keeps every page shown, for a counter that loses the network.
    Json saved = Json::parse(platform::load(kDayKey), nullptr, false);
    if (!saved.is_object()) return;
    if (!saved.contains("more") || !saved["more"].is_array()) saved["more"] = Json::array();
    saved["more"].push_back(body);
    platform::save(kDayKey, saved.dump());
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

void Controller::set_booking_status(const std::string& code, const std::string& status,
                                    const std::string& handled_by) {
    if (!day) return;
    bool still_queued = false;
    for (const QueuedAction& a : queue.items()) still_queued |= a.code == code;
    for (DayBooking& b : day->bookings) {
        if (b.code != code) continue;
        if (!status.empty()) b.status = status;
        if (!handled_by.empty()) b.handled_by = handled_by;
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
    if (flushing || queue.empty() || !member || member->must_change_password || !app.online) {
        return;
    }
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
        // The server records this member as who handled it; the list says so before the
        // next day list comes.
        auto b = parse_booking_answer(body);
        set_booking_status(a.code, b ? b->status : std::string(),
                           member ? member->username : std::string());
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
    if (walk_in_service.empty() || walk_in_busy || centre_id.empty()) return;
    // The phone is optional; one typed wrong is said before any ticket is printed.
    std::string phone;
    if (!input(kWalkInPhone).empty()) {
        auto normalized = normalize_phone(input(kWalkInPhone));
        if (!normalized) {
            walk_in_message = {"staff.walk_in.bad_phone", {}, ui::Tone::error};
            return;
        }
        phone = *normalized;
    }
    // One key per ticket: a retry after a lost answer gets the same number back.
    if (walk_in_key.empty()) walk_in_key = platform::random_key();
    walk_in_busy = true;
    walk_in_message = {};
    send(Purpose::walk_in, {}, "POST", kApi + "/centres/" + centre_id + "/walk-ins",
         walk_in_body(walk_in_service, walk_in_priority, phone, app.tr.lang()), walk_in_key);
}

void Controller::on_walk_in(int status, const std::string& body) {
    walk_in_busy = false;
    auto ticket = status == 200 || status == 201 ? parse_walk_in(body) : std::nullopt;
    if (!ticket) {
        walk_in_message = error_message(status, body, 0);
        return;
    }
    last_ticket = ticket;
    walk_in_key.clear();
    app.set_input(kWalkInPhone, "");  // the next person's ticket starts without it
    load_day(day_date == today() ? day_date : std::string());
}

void Controller::walk_in_served(int id) {
    send(Purpose::walk_in_served, {}, "POST", kApi + "/walk-ins/" + std::to_string(id) + "/served");
}

}  // namespace mawid::client::staff
