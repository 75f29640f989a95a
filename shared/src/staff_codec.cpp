#include "mawid/staff_codec.hpp"

#include <algorithm>
#include <cmath>

namespace mawid {

namespace {

// Lenient reads: a client shows an odd answer as missing data rather than refusing it.
const Json* find(const Json& object, const char* field) {
    if (!object.is_object()) return nullptr;
    auto it = object.find(field);
    return it == object.end() ? nullptr : &*it;
}

std::string text(const Json& object, const char* field) {
    const Json* value = find(object, field);
    return value && value->is_string() ? value->get<std::string>() : std::string();
}

int whole(const Json& object, const char* field) {
    const Json* value = find(object, field);
    return value && value->is_number() ? value->get<int>() : 0;
}

double real(const Json& object, const char* field) {
    const Json* value = find(object, field);
    return value && value->is_number() ? value->get<double>() : 0.0;
}

bool flag(const Json& object, const char* field) {
    const Json* value = find(object, field);
    return value && value->is_boolean() && value->get<bool>();
}

const Json& list(const Json& object, const char* field) {
    static const Json empty = Json::array();
    const Json* value = find(object, field);
    return value && value->is_array() ? *value : empty;
}

std::string last_chars(const std::string& text, std::size_t n) {
    return text.size() <= n ? text : text.substr(text.size() - n);
}

std::int64_t whole64(const Json& object, const char* field) {
    const Json* value = find(object, field);
    return value && value->is_number_integer() ? value->get<std::int64_t>() : 0;
}

Json text_or_null(const std::string& text) {
    return text.empty() ? Json(nullptr) : Json(text);
}

double round3(double value) {
    return std::round(value * 1000.0) / 1000.0;
}

}  // namespace

// --- Members of staff ---------------------------------------------------------------------

Json staff_member_to_json(const StaffMember& member) {
    return {{"username", member.username},
            {"role", std::string(role_name(member.role))},
            {"centre", member.centre.empty() ? Json(nullptr) : Json(member.centre)}};
}

std::optional<StaffMember> staff_member_from_json(const Json& json) {
    auto role = parse_role(text(json, "role"));
    StaffMember member{text(json, "username"), role.value_or(Role::staff), text(json, "centre")};
    if (member.username.empty() || !role) return std::nullopt;
    return member;
}

Json staff_account_to_json(const StaffAccount& account) {
    Json json = staff_member_to_json(account.member);
    json["disabled"] = account.disabled;
    json["must_change_password"] = account.must_change_password;
    return json;
}

std::optional<StaffAccount> staff_account_from_json(const Json& json) {
    auto member = staff_member_from_json(json);
    if (!member) return std::nullopt;
    return StaffAccount{std::move(*member), flag(json, "disabled"),
                        flag(json, "must_change_password")};
}

Json staff_accounts_to_json(const std::vector<StaffAccount>& accounts,
                            const std::string& next_after) {
    Json users = Json::array();
    for (const StaffAccount& account : accounts) users.push_back(staff_account_to_json(account));
    return {{"users", users}, {"next_after", text_or_null(next_after)}};
}

std::string next_page_after(const Json& json) {
    return text(json, "next_after");
}

std::vector<StaffAccount> staff_accounts_from_json(const Json& json) {
    std::vector<StaffAccount> accounts;
    for (const Json& item : list(json, "users")) {
        if (auto account = staff_account_from_json(item)) accounts.push_back(std::move(*account));
    }
    return accounts;
}

// --- Booking rows -------------------------------------------------------------------------

StaffBookingRow staff_booking_row(const Booking& booking, const std::string& handled_by) {
    std::string cpr_tail = last_chars(booking.cpr, 4);
    return {booking.code,
            booking.centre,
            booking.service,
            format_rfc3339(booking.start, booking.offset_minutes),
            std::string(status_name(booking.status)),
            last_chars(booking.phone, 4),
            std::string(booking.cpr.size() - cpr_tail.size(), '*') + cpr_tail,
            handled_by,
            {},
            {}};
}

Json staff_booking_row_to_json(const StaffBookingRow& row) {
    Json json = {{"code", row.code},
                 {"centre", row.centre},
                 {"service", row.service},
                 {"start", row.start},
                 {"status", row.status},
                 {"phone_last4", row.phone_last4},
                 {"cpr_masked", row.cpr_masked},
                 {"handled_by", row.handled_by.empty() ? Json(nullptr) : Json(row.handled_by)}};
    if (!row.messages.empty()) {
        json["messages"] = row.messages;
        json["message_channels"] = row.message_channels;
    }
    return json;
}

std::optional<StaffBookingRow> staff_booking_row_from_json(const Json& json) {
    StaffBookingRow row{text(json, "code"),       text(json, "centre"),
                        text(json, "service"),    text(json, "start"),
                        text(json, "status"),     text(json, "phone_last4"),
                        text(json, "cpr_masked"), text(json, "handled_by"),
                        {},                       {}};
    if (row.code.empty() || row.status.empty()) return std::nullopt;
    if (parse_delivery(text(json, "messages"))) row.messages = text(json, "messages");
    if (const Json* channels = find(json, "message_channels"); channels && channels->is_object()) {
        for (const auto& [channel, state] : channels->items()) {
            if (state.is_string() && parse_delivery(state.get<std::string>())) {
                row.message_channels[channel] = state.get<std::string>();
            }
        }
    }
    return row;
}

std::vector<StaffBookingRow> staff_booking_rows_from_json(const Json& json) {
    std::vector<StaffBookingRow> rows;
    if (!json.is_array()) return rows;
    for (const Json& item : json) {
        if (auto row = staff_booking_row_from_json(item)) rows.push_back(std::move(*row));
    }
    return rows;
}

namespace {

Json rows_to_json(const std::vector<StaffBookingRow>& rows) {
    Json list = Json::array();
    for (const StaffBookingRow& row : rows) list.push_back(staff_booking_row_to_json(row));
    return list;
}

std::vector<StaffBookingRow> rows_member(const Json& json, const char* field) {
    return staff_booking_rows_from_json(list(json, field));
}

}  // namespace

// --- Counter actions ----------------------------------------------------------------------

Json counter_answer_to_json(const Booking& booking) {
    return booking_to_json(booking);
}

Json counter_refusal_to_json(const Error& error, BookingStatus current) {
    Json body = error_to_json(error);
    body["status"] = std::string(status_name(current));
    return body;
}

std::string counter_refusal_status(const Json& json) {
    return text(json, "status");
}

// --- Walk-in tickets ----------------------------------------------------------------------

WalkInTicketRow walk_in_ticket_row(std::int64_t id, const std::string& centre,
                                   const WalkIn& walk_in, int offset_minutes) {
    return {id,
            centre,
            walk_in_ticket(walk_in),
            walk_in.service,
            walk_in.priority,
            format_rfc3339(walk_in.issued_at, offset_minutes),
            walk_in.served};
}

Json walk_in_ticket_to_json(const WalkInTicketRow& row) {
    return {{"id", row.id},           {"centre", row.centre},     {"ticket", row.ticket},
            {"service", row.service}, {"priority", row.priority}, {"issued_at", row.issued_at},
            {"served", row.served}};
}

std::optional<WalkInTicketRow> walk_in_ticket_from_json(const Json& json) {
    const Json* id = find(json, "id");
    WalkInTicketRow row{id && id->is_number_integer() ? id->get<std::int64_t>() : 0,
                        text(json, "centre"),
                        text(json, "ticket"),
                        text(json, "service"),
                        flag(json, "priority"),
                        text(json, "issued_at"),
                        flag(json, "served")};
    if (row.ticket.empty()) return std::nullopt;
    return row;
}

// --- The day list -------------------------------------------------------------------------

std::map<std::string, int> count_statuses(const std::vector<StaffBookingRow>& rows) {
    std::map<std::string, int> counts = {
        {"booked", 0}, {"checked_in", 0}, {"served", 0}, {"no_show", 0}, {"cancelled", 0}};
    for (const StaffBookingRow& row : rows) ++counts[row.status];
    return counts;
}

Json staff_day_to_json(const StaffDay& day) {
    Json walk_ins = Json::array();
    for (const WalkInTicketRow& row : day.walk_ins) walk_ins.push_back(walk_in_ticket_to_json(row));
    return {{"centre", day.centre}, {"date", day.date},
            {"as_of", day.as_of},   {"bookings", rows_to_json(day.bookings)},
            {"counts", day.counts}, {"walk_ins", walk_ins},
            {"queue", day.queue},   {"next_after", text_or_null(day.next_after)}};
}

std::optional<StaffDay> staff_day_from_json(const Json& json) {
    if (!find(json, "bookings")) return std::nullopt;
    StaffDay day{text(json, "centre"),
                 text(json, "date"),
                 text(json, "as_of"),
                 staff_booking_rows_from_json(*find(json, "bookings")),
                 {},
                 {},
                 {},
                 text(json, "next_after")};
    if (const Json* counts = find(json, "counts"); counts && counts->is_object()) {
        for (const auto& [status, count] : counts->items()) {
            if (count.is_number_integer()) day.counts[status] = count.get<int>();
        }
    }
    for (const Json& item : list(json, "walk_ins")) {
        if (auto row = walk_in_ticket_from_json(item)) day.walk_ins.push_back(std::move(*row));
    }
    for (const Json& id : list(json, "queue")) {
        if (id.is_number_integer()) day.queue.push_back(id.get<std::int64_t>());
    }
    return day;
}

// --- Catalogue edits ----------------------------------------------------------------------

Json catalog_edit_answer_to_json(const CatalogEditAnswer& answer) {
    return {{"version", answer.version},
            {"dry_run", answer.dry_run},
            {"stranded", rows_to_json(answer.stranded)}};
}

CatalogEditAnswer catalog_edit_answer_from_json(const Json& json) {
    return {text(json, "version"), flag(json, "dry_run"), rows_member(json, "stranded")};
}

Json stranded_list_to_json(const StrandedList& list) {
    return {{"centre", list.centre},
            {"from", list.from},
            {"version", list.version},
            {"stranded", rows_to_json(list.stranded)},
            {"next_after", text_or_null(list.next_after)}};
}

StrandedList stranded_list_from_json(const Json& json) {
    return {text(json, "centre"), text(json, "from"), text(json, "version"),
            rows_member(json, "stranded"), text(json, "next_after")};
}

// --- Reports ------------------------------------------------------------------------------

ReportAnswerRow report_answer_row(const ReportRow& row) {
    return {row, round3(no_show_rate(row)), round3(utilisation(row))};
}

Json report_answer_to_json(const ReportAnswer& answer) {
    Json rows = Json::array();
    for (const ReportAnswerRow& row : answer.rows) {
        const ReportRow& f = row.figures;
        rows.push_back({{"service", f.service},
                        {"bookings", f.bookings},
                        {"checked_in", f.checked_in},
                        {"served", f.served},
                        {"no_show", f.no_show},
                        {"cancelled", f.cancelled},
                        {"walk_ins", f.walk_ins},
                        {"seats_offered", f.seats_offered},
                        {"seats_used", f.seats_used},
                        {"no_show_rate", row.no_show_rate},
                        {"utilisation", row.utilisation}});
    }
    return {{"centre", answer.centre}, {"from", answer.from}, {"to", answer.to}, {"rows", rows}};
}

ReportAnswer report_answer_from_json(const Json& json) {
    ReportAnswer answer{text(json, "centre"), text(json, "from"), text(json, "to"), {}};
    for (const Json& r : list(json, "rows")) {
        ReportRow f{text(r, "service"),   whole(r, "bookings"),      whole(r, "checked_in"),
                    whole(r, "served"),   whole(r, "no_show"),       whole(r, "cancelled"),
                    whole(r, "walk_ins"), whole(r, "seats_offered"), whole(r, "seats_used")};
        answer.rows.push_back({f, real(r, "no_show_rate"), real(r, "utilisation")});
    }
    return answer;
}

// --- The audit trail ----------------------------------------------------------------------

Json audit_page_to_json(const AuditPage& page) {
    Json entries = Json::array();
    for (const AuditRow& e : page.entries) {
        entries.push_back({{"id", e.id},
                           {"at", e.at},
                           {"username", e.username},
                           {"centre", text_or_null(e.centre)},
                           {"action", e.action},
                           {"booking", text_or_null(e.booking)},
                           {"detail", e.detail}});
    }
    return {{"entries", entries},
            {"next_before", page.next_before > 0 ? Json(page.next_before) : Json(nullptr)}};
}

AuditPage audit_page_from_json(const Json& json) {
    AuditPage page;
    for (const Json& e : list(json, "entries")) {
        AuditRow row{whole64(e, "id"),  text(e, "at"),      text(e, "username"), text(e, "centre"),
                     text(e, "action"), text(e, "booking"), text(e, "detail")};
        if (row.id <= 0 || row.action.empty()) continue;
        page.entries.push_back(std::move(row));
    }
    page.next_before = std::max<std::int64_t>(0, whole64(json, "next_before"));
    return page;
}

std::string audit_to_csv(const std::vector<AuditRow>& entries) {
    std::string csv = csv_record({"id", "at", "username", "centre", "action", "booking", "detail"});
    for (const AuditRow& e : entries) {
        csv += csv_record(
            {std::to_string(e.id), e.at, e.username, e.centre, e.action, e.booking, e.detail});
    }
    return csv;
}

// --- The outbox's health ------------------------------------------------------------------

Json outbox_health_to_json(const OutboxHealth& health) {
    return {{"as_of", health.as_of},
            {"due", health.due},
            {"retrying", health.retrying},
            {"failed_last_hour", health.failed_last_hour},
            {"sent_last_hour", health.sent_last_hour},
            {"oldest_due_seconds", health.oldest_due_seconds},
            {"attention", outbox_needs_attention(health)}};
}

std::optional<OutboxHealth> outbox_health_from_json(const Json& json) {
    if (!find(json, "due")) return std::nullopt;
    return OutboxHealth{text(json, "as_of"),
                        whole(json, "due"),
                        whole(json, "retrying"),
                        whole(json, "failed_last_hour"),
                        whole(json, "sent_last_hour"),
                        static_cast<long long>(whole64(json, "oldest_due_seconds"))};
}

}  // namespace mawid
