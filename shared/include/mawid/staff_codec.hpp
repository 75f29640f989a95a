// The staff API's answers (docs/staff-api.md) as values, with one encoder and one decoder
// each: the server writes them with the encoders and the centre app reads them with the
// decoders, so the two ends cannot drift apart.
// Decoders never throw and are lenient, as a client must be: a member that is absent or of
// the wrong type reads as empty, zero or false; they give nullopt only when the answer lacks
// what identifies it (a booking's code, a ticket, a user name).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "codec.hpp"
#include "staff.hpp"

namespace mawid {

// --- Members of staff ---------------------------------------------------------------------

// {"username", "role", "centre"}, centre null for admins (sign-in, /staff/me, new accounts).
Json staff_member_to_json(const StaffMember& member);

// Reads staff_member_to_json's answer (centre null or ""); nullopt without a user name or a
// known role.
std::optional<StaffMember> staff_member_from_json(const Json& json);

// An account: the member, whether an admin has disabled it, and whether its password must be
// changed before anything else (a demo account, an admin's reset, an admin's request).
struct StaffAccount {
    StaffMember member;
    bool disabled = false;
    bool must_change_password = false;
};

// The member's three members plus "disabled" and "must_change_password" (the account list,
// an account changed, sign-in and /staff/me).
Json staff_account_to_json(const StaffAccount& account);

// Reads staff_account_to_json's answer (an absent flag reads as false); nullopt as for
// staff_member_from_json.
std::optional<StaffAccount> staff_account_from_json(const Json& json);

// {"users": [account...], "next_after"}, a page of the account list; `next_after` is the
// last user name of the page when another follows, else "" (sent as null).
Json staff_accounts_to_json(const std::vector<StaffAccount>& accounts,
                            const std::string& next_after);

// The "next_after" of a page (accounts, the day, stranded bookings): "" on the last page.
std::string next_page_after(const Json& json);

// Reads staff_accounts_to_json's answer, skipping entries that are not accounts.
std::vector<StaffAccount> staff_accounts_from_json(const Json& json);

// --- Booking rows -------------------------------------------------------------------------

// A booking as staff see it in the day list and stranded lists.
struct StaffBookingRow {
    std::string code;
    std::string centre;
    std::string service;
    std::string start;  // RFC 3339 at the centre's offset
    std::string status;
    std::string phone_last4;  // "" in a counter action's answer, which omits it
    std::string cpr_masked;   // "*****1234"; "" likewise
    std::string handled_by;   // the member of staff who last handled it; "" for nobody
    // How its messages fared (the day view only; "" elsewhere, and then not sent): the
    // delivery_name of the worst of them, and the same per channel ("sms", "email", ...).
    std::string messages;
    std::map<std::string, std::string> message_channels;
    bool operator==(const StaffBookingRow&) const = default;
};

// The row of a booking: the owner's fields, the phone's last 4 characters and the CPR with
// all but its last 4 characters masked; `handled_by` as stored ("" for nobody).
StaffBookingRow staff_booking_row(const Booking& booking, const std::string& handled_by = {});

// The row's eight members ("handled_by" null for nobody), and "messages" and
// "message_channels" when `messages` is set.
Json staff_booking_row_to_json(const StaffBookingRow& row);

// Reads a row, or a counter action's answer (booking_to_json); nullopt without a code and
// a status. A delivery state it does not know reads as absent.
std::optional<StaffBookingRow> staff_booking_row_from_json(const Json& json);

// Reads a list of rows, skipping entries without a code and a status; empty if not a list.
std::vector<StaffBookingRow> staff_booking_rows_from_json(const Json& json);

// --- Counter actions ----------------------------------------------------------------------

// A counter action's answer: the booking as its owner sees it (booking_to_json).
Json counter_answer_to_json(const Booking& booking);

// A refused counter action: the error, plus the booking's status now (what happened meanwhile).
Json counter_refusal_to_json(const Error& error, BookingStatus current);

// The status a refused counter action carries; "" when absent.
std::string counter_refusal_status(const Json& json);

// --- Walk-in tickets ----------------------------------------------------------------------

struct WalkInTicketRow {
    std::int64_t id = 0;
    std::string centre;
    std::string ticket;  // "P-004"
    std::string service;
    bool priority = false;
    std::string issued_at;  // RFC 3339 at the centre's offset
    bool served = false;
    bool operator==(const WalkInTicketRow&) const = default;
};

// The row of a stored walk-in, its issue time at `offset_minutes`.
WalkInTicketRow walk_in_ticket_row(std::int64_t id, const std::string& centre,
                                   const WalkIn& walk_in, int offset_minutes);

// {"id", "centre", "ticket", "service", "priority", "issued_at", "served"}.
Json walk_in_ticket_to_json(const WalkInTicketRow& row);

// Reads walk_in_ticket_to_json's answer; nullopt without a ticket.
std::optional<WalkInTicketRow> walk_in_ticket_from_json(const Json& json);

// --- The day list -------------------------------------------------------------------------

// GET /staff/centres/{c}/day.
struct StaffDay {
    std::string centre;
    std::string date;   // YYYY-MM-DD
    std::string as_of;  // RFC 3339: when the server read the list
    std::vector<StaffBookingRow> bookings;
    std::map<std::string, int> counts;  // status name -> bookings in it
    std::vector<WalkInTicketRow> walk_ins;
    std::vector<std::int64_t> queue;  // ids of waiting tickets, in calling order
    std::string next_after;           // the cursor of the next page; "" when this is the last
    bool operator==(const StaffDay&) const = default;
};

// How many rows are in each status, with all five statuses present.
std::map<std::string, int> count_statuses(const std::vector<StaffBookingRow>& rows);

// {"centre", "date", "as_of", "bookings", "counts", "walk_ins", "queue", "next_after"}
// (next_after null on the last page).
Json staff_day_to_json(const StaffDay& day);

// Reads staff_day_to_json's answer; nullopt unless it is an object with "bookings".
std::optional<StaffDay> staff_day_from_json(const Json& json);

// --- Catalogue edits ----------------------------------------------------------------------

// The answer to a schedule change, closure, holiday or removal.
struct CatalogEditAnswer {
    std::string version;  // the catalogue's version after the edit
    bool dry_run = false;
    std::vector<StaffBookingRow> stranded;  // bookings the edit leaves without a slot
    bool operator==(const CatalogEditAnswer&) const = default;
};

// {"version", "dry_run", "stranded"}.
Json catalog_edit_answer_to_json(const CatalogEditAnswer& answer);

// Reads catalog_edit_answer_to_json's answer (missing members read as empty).
CatalogEditAnswer catalog_edit_answer_from_json(const Json& json);

// GET /staff/centres/{c}/stranded: the bookings the catalogue no longer has a seat for.
struct StrandedList {
    std::string centre;
    std::string from;     // YYYY-MM-DD: the first day looked at
    std::string version;  // the catalogue's version
    std::vector<StaffBookingRow> stranded;
    std::string next_after;  // the cursor of the next page; "" when this is the last
    bool operator==(const StrandedList&) const = default;
};

// {"centre", "from", "version", "stranded", "next_after"} (next_after null on the last page).
Json stranded_list_to_json(const StrandedList& list);

// Reads stranded_list_to_json's answer (missing members read as empty).
StrandedList stranded_list_from_json(const Json& json);

// --- Reports ------------------------------------------------------------------------------

// A report row as sent: the figures and the two rates, rounded to 3 decimals.
struct ReportAnswerRow {
    ReportRow figures;
    double no_show_rate = 0;
    double utilisation = 0;
    bool operator==(const ReportAnswerRow&) const = default;
};

// The row with its rates computed (no_show_rate, utilisation) and rounded.
ReportAnswerRow report_answer_row(const ReportRow& row);

// GET /staff/centres/{c}/report in JSON.
struct ReportAnswer {
    std::string centre;
    std::string from;  // YYYY-MM-DD
    std::string to;
    std::vector<ReportAnswerRow> rows;
    bool operator==(const ReportAnswer&) const = default;
};

// {"centre", "from", "to", "rows": [{"service", figures..., "no_show_rate", "utilisation"}]}.
Json report_answer_to_json(const ReportAnswer& answer);

// Reads report_answer_to_json's answer (missing members read as empty or zero).
ReportAnswer report_answer_from_json(const Json& json);

// --- The audit trail ----------------------------------------------------------------------

// One entry of GET /staff/audit: who did what, when, where, to which booking.
struct AuditRow {
    std::int64_t id = 0;  // grows with each entry: the paging cursor
    std::string at;       // RFC 3339 at the entry's centre's offset
    std::string username;
    std::string centre;   // "" for none (null on the wire)
    std::string action;   // one of kAuditActions
    std::string booking;  // a booking code; "" for none (null on the wire)
    std::string detail;
    bool operator==(const AuditRow&) const = default;
};

// A page of entries, newest first.
struct AuditPage {
    std::vector<AuditRow> entries;
    std::int64_t next_before = 0;  // pass as ?before= for the next page; 0 when there is none
    bool operator==(const AuditPage&) const = default;
};

// {"entries": [{"id", "at", "username", "centre", "action", "booking", "detail"}...],
//  "next_before": id or null}.
Json audit_page_to_json(const AuditPage& page);

// Reads audit_page_to_json's answer, skipping entries without an id and an action.
AuditPage audit_page_from_json(const Json& json);

// The entries as CSV (csv_record): a header row, then one row per entry in the same order.
std::string audit_to_csv(const std::vector<AuditRow>& entries);

// --- The outbox's health ------------------------------------------------------------------

// {"as_of", "due", "retrying", "failed_last_hour", "sent_last_hour", "oldest_due_seconds",
//  "attention"} (attention: outbox_needs_attention).
Json outbox_health_to_json(const OutboxHealth& health);

// Reads outbox_health_to_json's answer; nullopt unless it is an object with "due".
std::optional<OutboxHealth> outbox_health_from_json(const Json& json);

}  // namespace mawid
