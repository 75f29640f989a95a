// The staff API (docs/staff-api.md) as the centre app speaks it: answers parsed into
// plain values, request bodies, and the search over a day's list. No I/O here, so the
// client's unit tests can run it under Node.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <mawid/catalog.hpp>
#include <mawid/paging.hpp>
#include <mawid/staff.hpp>

namespace mawid::client::staff {

// The signed-in member of staff, as /staff/sign-in and /staff/me answer.
struct Member {
    std::string username;
    std::string role;                   // staff | supervisor | admin
    std::string centre;                 // empty for admins
    bool must_change_password = false;  // nothing but the password screen until it is changed
    bool administers() const { return role == "supervisor" || role == "admin"; }
};

// An account as an admin manages it (GET /staff/users, POST /staff/users/{u}).
struct Account {
    std::string username;
    std::string role;
    std::string centre;  // empty for admins
    bool disabled = false;
    bool must_change_password = false;
};

// One booking of the day (or of a stranded list).
struct DayBooking {
    std::string code;
    std::string centre;
    std::string service;
    std::string start;  // RFC 3339 at the centre's offset
    std::string status;
    std::string phone_last4;
    std::string cpr_masked;
    std::string handled_by;  // the member who last handled it at the counter; "" for nobody
    int minute = 0;          // local minute of the day, from `start`
    bool queued = false;     // changed on this device, not yet confirmed by the server
    // How its messages fared (the day view only): delivered | pending | failed | none, the
    // worst of every channel; "" when the answer did not say. Per channel the same.
    std::string messages;
    std::map<std::string, std::string> message_channels;
};

struct WalkInTicket {
    int id = 0;
    std::string ticket;  // "P-004"
    std::string service;
    std::string issued_at;
    bool priority = false;
    bool served = false;
};

// GET /staff/centres/{c}/day
struct DayList {
    std::string centre;
    std::string date;
    std::string as_of;
    std::vector<DayBooking> bookings;
    std::vector<WalkInTicket> walk_ins;
    std::vector<int> queue;  // ids of waiting tickets, in calling order
    std::map<std::string, int> counts;  // the whole day's, whichever pages are loaded
    std::string next_after;             // the cursor of the next page; "" when all are here
};

struct ReportRow {
    std::string service;
    int bookings = 0, checked_in = 0, served = 0, no_show = 0, cancelled = 0, walk_ins = 0;
    int seats_offered = 0, seats_used = 0;
    double no_show_rate = 0, utilisation = 0;
};

// One entry of the audit trail (GET /staff/audit).
struct AuditItem {
    long long id = 0;
    std::string at;  // RFC 3339 at the centre's offset
    std::string username;
    std::string action;   // a stable name; its words are "staff.audit.action.<name>"
    std::string booking;  // "" for none
    std::string detail;
};

struct AuditList {
    std::vector<AuditItem> entries;  // newest first
    long long next_before = 0;       // 0: no older page
};

// The filters of the trail screen, as typed or chosen ("" = any).
struct AuditFilter {
    std::string centre;
    std::string day;  // YYYY-MM-DD at the centre
    std::string user;
    std::string action;
};

// The five statuses, in the order the counts are shown.
inline constexpr const char* kStatuses[] = {"booked", "checked_in", "served", "no_show",
                                            "cancelled"};

std::optional<Member> parse_member(const std::string& body);
std::string member_json(const Member& member);
// The account list, by name; and one account (the answer to a change).
std::vector<Account> parse_accounts(const std::string& body);
std::optional<Account> parse_account(const std::string& body);
std::optional<DayList> parse_day(const std::string& body);
// Adds a later page of the same day (parse_day's answer) to `day`: its bookings, not yet
// listed, and its cursor. False when the page is not one of that day's.
bool append_day_page(DayList& day, const std::string& body);
// The "next_after" of a page of accounts, the day or stranded bookings; "" on the last page.
std::string next_after_of(const std::string& body);
// The query that asks for the next page after `cursor` ("&after=..."); "" for none.
std::string after_param(const std::string& cursor);
// The `stranded` list of a schedule, closure or holiday answer.
std::vector<DayBooking> parse_stranded(const std::string& body);
// A counter action's answer (code and new status); nullopt when it is not a booking.
std::optional<DayBooking> parse_booking_answer(const std::string& body);
std::optional<WalkInTicket> parse_walk_in(const std::string& body);
std::vector<ReportRow> parse_report(const std::string& body);
AuditList parse_audit(const std::string& body);
// GET /staff/outbox (admins): the outbox's figures; nullopt when the answer is not them.
std::optional<OutboxHealth> parse_outbox_health(const std::string& body);
// The query of GET /staff/audit (from "?"): the filters given, each percent-encoded, then
// `before` (0: the newest page) and, for the CSV download, format=csv and the largest page.
std::string audit_query(const AuditFilter& filter, long long before, bool csv);
// The `status` a 409 not_active carries ("" when absent).
std::string conflict_status(const std::string& body);

// How many bookings of the list are in each status (all five keys present).
std::map<std::string, int> count_statuses(const std::vector<DayBooking>& bookings);
// True when `query` is empty, part of the booking code (dashes and case ignored), or the
// last digits of the phone number.
bool matches_booking(const DayBooking& booking, const std::string& query);

// "07:00-12:00, 16:00-20:00" (one weekday's hours as typed) -> intervals; "" = closed.
// nullopt when the text is not a list of HH:MM-HH:MM spans.
std::optional<std::vector<Interval>> parse_hours_text(const std::string& text);
std::string hours_text(const std::vector<Interval>& hours);

// Request bodies.
std::string sign_in_body(const std::string& username, const std::string& password);
std::string closure_body(const std::string& from, const std::string& to, bool dry_run);
// `hours`: weekday key ("sun".."sat") -> typed text; `counters`: service -> count. Either
// may be empty (not changed). nullopt when an hours text is malformed.
std::optional<std::string> schedule_body(const std::string& from,
                                         const std::map<std::string, std::string>& hours,
                                         const std::map<std::string, int>& counters, bool dry_run);
// The phone (E.164, "" for none) is told when the ticket nears the counter, in `lang`.
std::string walk_in_body(const std::string& service, bool priority, const std::string& phone,
                         const std::string& lang);
// POST /staff/me/password.
std::string own_password_body(const std::string& current, const std::string& next);
// POST /staff/users/{u}: a role and centre ("" sends null, an admin's), or one flag
// ("disabled", "must_change_password").
std::string account_role_body(const std::string& role, const std::string& centre);
std::string account_flag_body(const std::string& flag, bool value);

}  // namespace mawid::client::staff
