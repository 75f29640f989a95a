// The centre app: booking for a citizen, administration (closures, hours, counters, the
// stranded bookings) and reports.
#include <algorithm>

#include <mawid/booking.hpp>
#include <mawid/booking_code.hpp>
#include <mawid/codec.hpp>

#include "api.hpp"
#include "format.hpp"
#include "keys.hpp"
#include "staff.hpp"

namespace mawid::client::staff {

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

// An availability answer for one day: its times and free seats into `times`, or the error
// into `message`. True when the times came.
bool Controller::read_times(int status, const std::string& body,
                            std::vector<std::pair<long long, int>>& times, Message& message) {
    times.clear();
    if (status != 200) {
        message = error_message(status, body, 0);
        return false;
    }
    for (const ViewSlot& s : parse_availability(body, centre_offset())) {
        times.emplace_back(s.start, s.free);
    }
    return true;
}

void Controller::on_times(int status, const std::string& body) {
    book_times_loaded = read_times(status, body, book_times, book_message);
}

void Controller::book_for_citizen() {
    auto phone = normalize_phone(input(kBookPhone));
    if (book_busy || book_start == 0) return;
    if (!validate_cpr(input(kBookCpr)).ok() || !phone.ok()) {
        book_message = {"staff.book.check_details", {}, ui::Tone::error};
        return;
    }
    const std::string& email = input(kBookEmail);
    if (!email.empty() && !validate_email(email).ok()) {
        book_message = {"error.invalid_email", {}, ui::Tone::error};
        return;
    }
    if (book_key.empty()) book_key = platform::random_key();
    book_busy = true;
    book_message = {};
    std::string start = format_rfc3339(book_start, centre_offset());
    send(
        Purpose::book, {}, "POST", kApi + "/centres/" + centre_id + "/bookings",
        booking_body(centre_id, book_service, start, input(kBookCpr), phone.value(), app.tr.lang(),
                     email),
        book_key);
}

void Controller::on_book(int status, const std::string& body) {
    book_busy = false;
    auto made = status == 201 || status == 200 ? parse_booking_answer(body) : std::nullopt;
    if (!made) {
        book_message = error_message(status, body, 0);
        return;
    }
    book_key.clear();
    book_code = made->code;
    // The next citizen's booking starts without this one's details: a confirmation must
    // never reach the last person's phone or mailbox.
    for (int field : {kBookCpr, kBookPhone, kBookEmail}) app.set_input(field, "");
    book_message = {"staff.book.done", {{"code", ltr(code_text(made->code))}}, ui::Tone::success};
    load_book_times();
    load_day(day_date);
}

// ---------------------------------------------------------------- moving a booking

void Controller::open_move(const DayBooking& booking) {
    moving = booking;
    move_times.clear();
    move_times_loaded = false;
    move_start = 0;
    move_busy = false;  // an answer about another booking is not waited for any more
    move_message = {};
    app.set_input(kMoveDay, booking.start.substr(0, 10));  // its own day first
    go(Screen::move);
    load_move_times();
}

void Controller::load_move_times() {
    if (!moving) return;
    std::string date = input(kMoveDay);
    if (!parse_date(date)) {
        move_message = {"staff.book.bad_day", {}, ui::Tone::error};
        return;
    }
    move_times.clear();
    move_times_loaded = false;
    move_start = 0;
    move_times_asked = moving->code + "|" + date;
    send(Purpose::move_times, move_times_asked, "GET",
         "/api/v1/availability?centre=" + moving->centre + "&service=" + moving->service +
             "&from=" + date + "&days=1");
}

void Controller::on_move_times(const std::string& asked, int status, const std::string& body) {
    if (asked != move_times_asked) return;  // another booking or day was asked since
    move_times_loaded = read_times(status, body, move_times, move_message);
}

// A move is its own request: the seat is taken at the new time and given back at the old
// in one transaction on the server, and the citizen is told through the outbox.
void Controller::move_booking() {
    if (!moving || move_busy || move_start == 0) return;
    move_busy = true;
    move_message = {};
    Json body = {{"start", format_rfc3339(move_start, centre_offset())}};
    send(Purpose::move, moving->code, "POST", kApi + "/bookings/" + moving->code + "/reschedule",
         body.dump());
}

void Controller::on_move(const std::string& code, int status, const std::string& body) {
    if (!moving || moving->code != code) return;  // staff went on to another booking
    move_busy = false;
    auto moved = status == 200 ? parse_booking_answer(body) : std::nullopt;
    if (!moved) {
        move_message = error_message(status, body, 0);
        if (status == 409) load_move_times();  // taken meanwhile: show what is free now
        return;
    }
    moving->start = moved->start;
    move_message = {"staff.move.done", {{"when", start_text(app.tr, moved->start)}},
                    ui::Tone::success};
    move_start = 0;
    load_move_times();
    load_day(day_date);
    load_stranded(false);
}

// ---------------------------------------------------------------- administration

// The stranded bookings are the centre's to-do list: asked again each time (a reload,
// another counter, bookings moved meanwhile), the last known list shown until it comes.
void Controller::open_admin() {
    admin_message = {};
    go(Screen::admin);
    load_stranded(false);
    if (member && member->role == "admin") load_outbox();
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

void Controller::load_stranded(bool more) {
    if (more && (stranded_next.empty() || stranded_more_busy)) return;
    stranded_more_busy = more;
    // As for accounts: a page counts only while its cursor is still the list's.
    send(Purpose::stranded, more ? "more:" + stranded_next : "", "GET",
         kApi + "/centres/" + centre_id + "/stranded?limit=" +
             std::to_string(kDefaultPageSize) +
             (more ? after_param(stranded_next) : ""));
}

void Controller::on_stranded(const std::string& asked, int status, const std::string& body) {
    const bool more = !asked.empty();
    if (more) stranded_more_busy = false;
    if (status != 200 || admin_busy) return;  // a change in flight answers with its own list
    // A preview or a reload replaced the list meanwhile: this page belongs to the old one.
    if (more && (stranded_preview || asked != "more:" + stranded_next)) return;
    if (!more) stranded.clear();
    for (DayBooking& b : parse_stranded(body)) {
        bool listed = std::any_of(stranded.begin(), stranded.end(),
                                  [&](const DayBooking& d) { return d.code == b.code; });
        if (!listed) stranded.push_back(std::move(b));
    }
    stranded_next = next_after_of(body);
    stranded_preview = false;
}

// The figures are the whole country's, not the centre's: what an admin watches for is a
// gateway that stopped taking messages.
void Controller::load_outbox() {
    if (outbox_busy) return;
    outbox_busy = true;
    outbox_message = {};
    send(Purpose::outbox, {}, "GET", kApi + "/outbox");
}

void Controller::on_outbox(int status, const std::string& body) {
    outbox_busy = false;
    auto health = status == 200 ? parse_outbox_health(body) : std::nullopt;
    if (!health) {
        outbox_message = error_message(status, body, 0);
        return;
    }
    outbox = std::move(health);
}

void Controller::closure(ClosureKind kind, bool dry_run) {
    if (admin_busy) return;
    std::string to = input(kClosureTo).empty() ? input(kClosureFrom) : input(kClosureTo);
    std::string url = kind == ClosureKind::holiday ? kApi + "/holidays"
                                                   : kApi + "/centres/" + centre_id + "/closures";
    if (kind == ClosureKind::reopen) url += "/remove";  // takes back a closure with these dates
    admin_busy = true;
    admin_message = {};
    send(Purpose::closure, dry_run ? "dry" : "", "POST", url,
         closure_body(input(kClosureFrom), to, dry_run));
}

void Controller::schedule(bool dry_run) {
    const Centre* c = app.catalog ? find_centre(*app.catalog, centre_id) : nullptr;
    if (admin_busy || !c) return;
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
    admin_busy = true;
    admin_message = {};
    send(Purpose::schedule, dry_run ? "dry" : "", "POST",
         kApi + "/centres/" + centre_id + "/schedule", *body);
}

void Controller::on_schedule_answer(Purpose, int status, const std::string& body) {
    admin_busy = false;
    if (status != 200) {
        admin_message = error_message(status, body, 0);
        return;
    }
    Json j = Json::parse(body, nullptr, false);
    bool dry = j.is_object() && j.value("dry_run", false);
    stranded = parse_stranded(body);
    stranded_next.clear();  // a change's answer lists every booking it strands
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
    if (admin_busy) return;
    admin_busy = true;
    stranded_confirm.clear();
    admin_message = {};
    send(Purpose::cancel_stranded, code, "POST", kApi + "/bookings/" + code + "/cancel", "{}");
}

void Controller::on_cancel_stranded(const std::string& code, int status, const std::string& body) {
    admin_busy = false;
    if (status == 200) {
        admin_message = {
            "staff.stranded.cancelled", {{"code", ltr(code_text(code))}}, ui::Tone::success};
    } else {
        admin_message = error_message(status, body, 0);
    }
    load_stranded(false);
}

// ---------------------------------------------------------------- reports

void Controller::load_report() {
    if (report_busy || centre_id.empty()) return;
    report_busy = true;
    report_message = {};
    send(Purpose::report, {}, "GET",
         kApi + "/centres/" + centre_id + "/report?from=" + input(kReportFrom) +
             "&to=" + input(kReportTo));
}

void Controller::on_report(int status, const std::string& body) {
    report_busy = false;
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
