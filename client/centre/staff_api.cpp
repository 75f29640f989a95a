#include "staff_api.hpp"

#include <cctype>

#include <mawid/codec.hpp>

#include "json_read.hpp"

namespace mawid::client::staff {

namespace {

bool flag(const Json& j, const char* field) {
    if (!j.is_object()) return false;
    auto it = j.find(field);
    return it != j.end() && it->is_boolean() && it->get<bool>();
}

DayBooking booking_of(const Json& j) {
    DayBooking b{str(j, "code"),   str(j, "centre"),      str(j, "service"),   str(j, "start"),
                 str(j, "status"), str(j, "phone_last4"), str(j, "cpr_masked")};
    if (auto t = parse_rfc3339(b.start)) {
        b.minute = to_local(t->instant, t->offset_minutes).minute_of_day;
    }
    return b;
}

std::vector<DayBooking> bookings_of(const Json& list) {
    std::vector<DayBooking> out;
    if (!list.is_array()) return out;
    for (const Json& b : list) out.push_back(booking_of(b));
    return out;
}

WalkInTicket walk_in_of(const Json& j) {
    return {num(j, "id"),        str(j, "ticket"),    str(j, "service"),
            str(j, "issued_at"), flag(j, "priority"), flag(j, "served")};
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

std::string trim(const std::string& s) {
    size_t a = s.find_first_not_of(" \t");
    if (a == std::string::npos) return {};
    size_t b = s.find_last_not_of(" \t");
    return s.substr(a, b - a + 1);
}

}  // namespace

std::optional<Member> parse_member(const std::string& body) {
    Json j = parse(body);
    Member m{str(j, "username"), str(j, "role"), str(j, "centre")};
    if (m.username.empty() || m.role.empty()) return std::nullopt;
    return m;
}

std::string member_json(const Member& m) {
    return Json{{"username", m.username}, {"role", m.role}, {"centre", m.centre}}.dump();
}

std::optional<DayList> parse_day(const std::string& body) {
    Json j = parse(body);
    if (!j.is_object() || !j.contains("bookings")) return std::nullopt;
    DayList d{
        str(j, "centre"), str(j, "date"), str(j, "as_of"), bookings_of(j["bookings"]), {}, {}};
    if (j.contains("walk_ins") && j["walk_ins"].is_array()) {
        for (const Json& w : j["walk_ins"]) d.walk_ins.push_back(walk_in_of(w));
    }
    if (j.contains("queue") && j["queue"].is_array()) {
        for (const Json& id : j["queue"]) {
            if (id.is_number_integer()) d.queue.push_back(id.get<int>());
        }
    }
    return d;
}

std::vector<DayBooking> parse_stranded(const std::string& body) {
    Json j = parse(body);
    return j.is_object() && j.contains("stranded") ? bookings_of(j["stranded"])
                                                   : std::vector<DayBooking>{};
}

std::optional<DayBooking> parse_booking_answer(const std::string& body) {
    DayBooking b = booking_of(parse(body));
    if (b.code.empty() || b.status.empty()) return std::nullopt;
    return b;
}

std::optional<WalkInTicket> parse_walk_in(const std::string& body) {
    WalkInTicket w = walk_in_of(parse(body));
    if (w.ticket.empty()) return std::nullopt;
    return w;
}

std::vector<ReportRow> parse_report(const std::string& body) {
    std::vector<ReportRow> rows;
    Json j = parse(body);
    if (!j.is_object() || !j.contains("rows") || !j["rows"].is_array()) return rows;
    for (const Json& r : j["rows"]) {
        rows.push_back({str(r, "service"), num(r, "bookings"), num(r, "checked_in"),
                        num(r, "served"), num(r, "no_show"), num(r, "cancelled"),
                        num(r, "walk_ins"), num(r, "seats_offered"), num(r, "seats_used"),
                        real(r, "no_show_rate"), real(r, "utilisation")});
    }
    return rows;
}

std::string conflict_status(const std::string& body) {
    return str(parse(body), "status");
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

std::string walk_in_body(const std::string& service, bool priority) {
    return Json{{"service", service}, {"priority", priority}}.dump();
}

}  // namespace mawid::client::staff
