#include "staff_api.hpp"

#include <algorithm>
#include <cctype>

#include <mawid/codec.hpp>
#include <mawid/staff_codec.hpp>

#include "json_read.hpp"

namespace mawid::client::staff {

namespace {

// The answers are decoded by shared/'s staff codecs (the server encodes with the same
// ones); these turn the decoded rows into the centre app's own values.
DayBooking day_booking(const StaffBookingRow& row) {
    DayBooking b{row.code,       row.centre,      row.service,    row.start,
                 row.status,     row.phone_last4, row.cpr_masked, row.handled_by,
                 0,              false,           row.messages,   row.message_channels};
    if (auto t = parse_rfc3339(b.start)) {
        b.minute = to_local(t->instant, t->offset_minutes).minute_of_day;
    }
    return b;
}

std::vector<DayBooking> day_bookings(const std::vector<StaffBookingRow>& rows) {
    std::vector<DayBooking> out;
    for (const StaffBookingRow& row : rows) out.push_back(day_booking(row));
    return out;
}

WalkInTicket ticket_of(const WalkInTicketRow& row) {
    return {
        static_cast<int>(row.id), row.ticket, row.service, row.issued_at, row.priority, row.served};
}

// Upper-case letters and digits only: how codes are compared whatever way they were typed.
std::string fold_code(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
    }
    return out;
}

// Percent-encodes everything but RFC 3986's unreserved characters: typed text in a query.
std::string url_encode(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string trim(const std::string& s) {
    size_t a = s.find_first_not_of(" \t");
    if (a == std::string::npos) return {};
    size_t b = s.find_last_not_of(" \t");
    return s.substr(a, b - a + 1);
}

Account account_of(const StaffAccount& a) {
    return {a.member.username, std::string(role_name(a.member.role)), a.member.centre, a.disabled,
            a.must_change_password};
}

}  // namespace

std::optional<Member> parse_member(const std::string& body) {
    auto a = staff_account_from_json(parse(body));
    if (!a) return std::nullopt;
    const StaffMember& m = a->member;
    return Member{m.username, std::string(role_name(m.role)), m.centre, a->must_change_password};
}

std::string member_json(const Member& m) {
    StaffMember member{m.username, parse_role(m.role).value_or(Role::staff), m.centre};
    return staff_account_to_json({member, false, m.must_change_password}).dump();
}

std::vector<Account> parse_accounts(const std::string& body) {
    std::vector<Account> out;
    for (const StaffAccount& a : staff_accounts_from_json(parse(body))) {
        out.push_back(account_of(a));
    }
    return out;
}

std::optional<Account> parse_account(const std::string& body) {
    auto a = staff_account_from_json(parse(body));
    if (!a) return std::nullopt;
    return account_of(*a);
}

std::optional<DayList> parse_day(const std::string& body) {
    auto day = staff_day_from_json(parse(body));
    if (!day) return std::nullopt;
    DayList d{day->centre, day->date, day->as_of, day_bookings(day->bookings), {}, {},
              day->counts, day->next_after};
    for (const WalkInTicketRow& w : day->walk_ins) d.walk_ins.push_back(ticket_of(w));
    for (std::int64_t id : day->queue) d.queue.push_back(static_cast<int>(id));
    return d;
}

bool append_day_page(DayList& day, const std::string& body) {
    auto page = parse_day(body);
    if (!page || page->centre != day.centre || page->date != day.date) return false;
    for (DayBooking& b : page->bookings) {
        bool listed = std::any_of(day.bookings.begin(), day.bookings.end(),
                                  [&](const DayBooking& d) { return d.code == b.code; });
        if (!listed) day.bookings.push_back(std::move(b));
    }
    day.counts = page->counts;
    day.next_after = page->next_after;
    return true;
}

std::string next_after_of(const std::string& body) {
    return next_page_after(parse(body));
}

std::string after_param(const std::string& cursor) {
    return cursor.empty() ? std::string() : "&after=" + url_encode(cursor);
}

std::vector<DayBooking> parse_stranded(const std::string& body) {
    // A catalogue edit's answer and the stranded list carry the rows in the same member.
    return day_bookings(catalog_edit_answer_from_json(parse(body)).stranded);
}

std::optional<DayBooking> parse_booking_answer(const std::string& body) {
    auto row = staff_booking_row_from_json(parse(body));
    if (!row) return std::nullopt;
    return day_booking(*row);
}

std::optional<WalkInTicket> parse_walk_in(const std::string& body) {
    auto row = walk_in_ticket_from_json(parse(body));
    if (!row) return std::nullopt;
    return ticket_of(*row);
}

std::vector<ReportRow> parse_report(const std::string& body) {
    std::vector<ReportRow> rows;
    for (const ReportAnswerRow& r : report_answer_from_json(parse(body)).rows) {
        const mawid::ReportRow& f = r.figures;
        rows.push_back({f.service, f.bookings, f.checked_in, f.served, f.no_show, f.cancelled,
                        f.walk_ins, f.seats_offered, f.seats_used, r.no_show_rate, r.utilisation});
    }
    return rows;
}

AuditList parse_audit(const std::string& body) {
    AuditPage page = audit_page_from_json(parse(body));
    AuditList list;
    for (const AuditRow& row : page.entries) {
        list.entries.push_back({static_cast<long long>(row.id), row.at, row.username, row.action,
                                row.booking, row.detail});
    }
    list.next_before = static_cast<long long>(page.next_before);
    return list;
}

std::optional<OutboxHealth> parse_outbox_health(const std::string& body) {
    return outbox_health_from_json(parse(body));
}

std::string audit_query(const AuditFilter& filter, long long before, bool csv) {
    std::string query;
    auto add = [&](const char* name, const std::string& value) {
        if (value.empty()) return;
        query += (query.empty() ? "?" : "&") + std::string(name) + "=" + url_encode(value);
    };
    add("centre", filter.centre);
    add("from", filter.day);
    add("to", filter.day);
    add("user", trim(filter.user));
    add("action", filter.action);
    if (before > 0) add("before", std::to_string(before));
    if (csv) {
        add("format", "csv");
        add("limit", "1000");
    }
    return query;
}

std::string conflict_status(const std::string& body) {
    return counter_refusal_status(parse(body));
}

std::map<std::string, int> count_statuses(const std::vector<DayBooking>& bookings) {
    std::map<std::string, int> counts;
    for (const char* s : kStatuses) counts[s] = 0;
    for (const DayBooking& b : bookings) ++counts[b.status];
    return counts;
}

bool matches_booking(const DayBooking& booking, const std::string& query) {
    std::string q = fold_code(query);
    if (q.empty()) return true;
    bool digits = q.find_first_not_of("0123456789") == std::string::npos;
    const std::string& phone = booking.phone_last4;
    if (digits && q.size() <= phone.size() &&
        phone.compare(phone.size() - q.size(), q.size(), q) == 0) {
        return true;
    }
    return fold_code(booking.code).find(q) != std::string::npos;
}

std::optional<std::vector<Interval>> parse_hours_text(const std::string& text) {
    std::vector<Interval> out;
    std::string rest = text;
    while (!trim(rest).empty()) {
        size_t comma = rest.find(',');
        std::string span = trim(rest.substr(0, comma));
        rest = comma == std::string::npos ? std::string() : rest.substr(comma + 1);
        size_t dash = span.find('-');
        if (dash == std::string::npos) return std::nullopt;
        auto open = parse_hhmm(trim(span.substr(0, dash)));
        auto close = parse_hhmm(trim(span.substr(dash + 1)));
        if (!open || !close || *close <= *open) return std::nullopt;
        if (!out.empty() && *open < out.back().close) return std::nullopt;
        out.push_back({*open, *close});
    }
    return out;
}

std::string hours_text(const std::vector<Interval>& hours) {
    std::string out;
    for (const Interval& i : hours) {
        if (!out.empty()) out += ", ";
        out += format_hhmm(i.open) + "-" + format_hhmm(i.close);
    }
    return out;
}

std::string sign_in_body(const std::string& username, const std::string& password) {
    return Json{{"username", username}, {"password", password}}.dump();
}

std::string closure_body(const std::string& from, const std::string& to, bool dry_run) {
    return Json{{"from", from}, {"to", to}, {"dry_run", dry_run}}.dump();
}

std::optional<std::string> schedule_body(const std::string& from,
                                         const std::map<std::string, std::string>& hours,
                                         const std::map<std::string, int>& counters, bool dry_run) {
    Json j = {{"from", from}, {"dry_run", dry_run}};
    if (!hours.empty()) {
        Json week = Json::object();
        for (const auto& [day, text] : hours) {
            auto spans = parse_hours_text(text);
            if (!spans) return std::nullopt;
            if (spans->empty()) continue;  // a weekday left out is closed
            Json list = Json::array();
            for (const Interval& i : *spans) {
                list.push_back({format_hhmm(i.open), format_hhmm(i.close)});
            }
            week[day] = list;
        }
        j["hours"] = week;
    }
    if (!counters.empty()) j["counters"] = counters;
    return j.dump();
}

std::string walk_in_body(const std::string& service, bool priority, const std::string& phone,
                         const std::string& lang) {
    Json body = {{"service", service}, {"priority", priority}};
    if (!phone.empty()) body.update({{"phone", phone}, {"lang", lang}});
    return body.dump();
}

std::string own_password_body(const std::string& current, const std::string& next) {
    return Json{{"current", current}, {"new", next}}.dump();
}

std::string account_role_body(const std::string& role, const std::string& centre) {
    return Json{{"role", role}, {"centre", centre.empty() ? Json(nullptr) : Json(centre)}}.dump();
}

std::string account_flag_body(const std::string& flag, bool value) {
    return Json{{flag, value}}.dump();
}

}  // namespace mawid::client::staff
