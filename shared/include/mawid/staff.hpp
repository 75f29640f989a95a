// Rules for centre staff: who may see and change what, counter actions on bookings,
// walk-in tickets, bookings stranded by a schedule change, and the centre's figures.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "booking.hpp"
#include "catalog.hpp"
#include "errors.hpp"

namespace mawid {

enum class Role { staff, supervisor, admin };

// "staff", "supervisor" or "admin".
std::string_view role_name(Role role);

// Parses a role name; nullopt for anything else.
std::optional<Role> parse_role(std::string_view text);

// A signed-in member of staff: admins have every centre, the others one.
struct StaffMember {
    std::string username;
    Role role = Role::staff;
    std::string centre;  // empty for admins
};

// True when the member may see and serve the centre's day.
bool can_serve_centre(const StaffMember& member, std::string_view centre_id);

// True when the member may change the centre's hours, counters and closures.
bool can_administer_centre(const StaffMember& member, std::string_view centre_id);

// What a counter does with a booking.
enum class CounterAction { check_in, serve, no_show };

// "check_in", "serve" or "no_show".
std::string_view counter_action_name(CounterAction action);

// Parses a counter action name; nullopt for anything else.
std::optional<CounterAction> parse_counter_action(std::string_view text);

// The status a counter action leads to from `current`. Repeating an action that is
// already done gives the same status (so a replayed offline action changes nothing).
// Error not_active when the booking is cancelled or already closed another way.
Result<BookingStatus> apply_counter_action(BookingStatus current, CounterAction action);

// A person served without an appointment. Priority: aged 60 and over or with a disability.
struct WalkIn {
    int number = 0;  // per centre and day, from 1
    std::string service;
    bool priority = false;
    UnixSeconds issued_at = 0;
    bool served = false;
};

// The ticket as called out and shown: "P-007" for priority, "W-012" otherwise.
std::string walk_in_ticket(const WalkIn& walk_in);

// Waiting walk-ins in the order they are called: priority first, then by issue time.
std::vector<WalkIn> walk_in_queue(std::vector<WalkIn> walk_ins);

// True when the slot at `start` still exists under the catalogue (hours, counters,
// closures and the service's go-live date there), whatever the booking window and notice say.
bool slot_still_exists(const Catalog& catalog, const Booking& booking);

// Indexes (into `bookings`) of bookings that hold a seat but no longer fit the catalogue:
// their day is now closed, their time is no longer in the hours, or more seats are held in
// their slot than counters remain (the most recent bookings past capacity are stranded).
// `bookings` must be in the order they were made.
std::vector<std::size_t> stranded_bookings(const Catalog& catalog,
                                           const std::vector<Booking>& bookings);

// A centre's figures for one service over a date range.
struct ReportRow {
    std::string service;
    int bookings = 0;    // every booking made for a slot in the range
    int checked_in = 0;  // checked in or served
    int served = 0;
    int no_show = 0;
    int cancelled = 0;
    int walk_ins = 0;
    int seats_offered = 0;  // capacity of every slot in the range
    int seats_used = 0;     // bookings that held their seat: booked, checked in or served
    bool operator==(const ReportRow&) const = default;
};

// no_show / (bookings that reached their time: checked in, served or no-show); 0 when none.
double no_show_rate(const ReportRow& row);

// seats_used / seats_offered; 0 when nothing was offered.
double utilisation(const ReportRow& row);

// Figures per service offered at `centre_id` for local days [from, to]. `bookings` and
// `walk_ins_by_service` (service id -> walk-ins issued in the range) come from storage.
std::vector<ReportRow> centre_report(const Catalog& catalog, std::string_view centre_id,
                                     const Date& from, const Date& to,
                                     const std::vector<Booking>& bookings,
                                     const std::map<std::string, int>& walk_ins_by_service);

// The report as CSV (RFC 4180, header row first), figures rounded to 3 decimals.
std::string report_to_csv(const std::vector<ReportRow>& rows);

// One CSV record (RFC 4180) ending in CRLF. A field with a comma, quote or line break is
// quoted; one a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) gets
// a leading apostrophe, so text someone typed (a user name tried) stays text.
std::string csv_record(const std::vector<std::string>& fields);

// --- The audit trail ----------------------------------------------------------------------

// Every action the trail records (docs/staff-api.md): stable names, stored and sent as they
// are, and each has words in the centre app ("staff.audit.action.<name>").
inline constexpr std::array<std::string_view, 33> kAuditActions = {"sign_in",
                                                                   "sign_in_failed",
                                                                   "sign_out",
                                                                   "password_changed",
                                                                   "password_reset",
                                                                   "check_in",
                                                                   "serve",
                                                                   "no_show",
                                                                   "walk_in_issued",
                                                                   "walk_in_served",
                                                                   "booking_made",
                                                                   "booking_cancelled",
                                                                   "booking_moved",
                                                                   "schedule_changed",
                                                                   "schedule_removed",
                                                                   "closure_added",
                                                                   "closure_removed",
                                                                   "holiday_added",
                                                                   "holiday_removed",
                                                                   "account_created",
                                                                   "account_disabled",
                                                                   "account_enabled",
                                                                   "account_changed",
                                                                   "password_change_forced",
                                                                   "report_exported",
                                                                   "audit_exported",
                                                                   "api_key_created",
                                                                   "api_key_revoked",
                                                                   "api_booking_made",
                                                                   "api_booking_looked_up",
                                                                   "api_booking_cancelled",
                                                                   "catalog_imported",
                                                                   "rollout_changed"};

// True for one of kAuditActions.
bool is_audit_action(std::string_view name);

// --- Messages as staff see them (docs/messages.md) ----------------------------------------

// How a booking's messages fared. Ordered so that the worse of two is the greater: what the
// counter must hear of first is a message that failed, then one still on its way.
enum class Delivery { none, delivered, pending, failed };

// "none", "delivered", "pending" or "failed".
std::string_view delivery_name(Delivery delivery);

// Parses a delivery name; nullopt for anything else.
std::optional<Delivery> parse_delivery(std::string_view text);

// The worse of two: failed over pending over delivered over none.
Delivery worse_delivery(Delivery a, Delivery b);

// A booking's deliveries as stored on its row: each channel's last message's fate, as
// "email=failed;sms=delivered" (by channel name). Unknown parts are skipped.
std::map<std::string, Delivery> parse_deliveries(std::string_view stored);
// The stored form of `deliveries`.
std::string deliveries_text(const std::map<std::string, Delivery>& deliveries);

// After this long, a due message still waiting is a sign the channel has stopped.
inline constexpr int kOutboxLateSeconds = 5 * 60;

// GET /staff/outbox: the outbox's figures for admins. Counts only: no recipient, no text.
struct OutboxHealth {
    std::string as_of;  // RFC 3339: when the server counted
    int due = 0;        // pending and due now
    int retrying = 0;   // pending after at least one failed attempt
    int failed_last_hour = 0;
    int sent_last_hour = 0;
    long long oldest_due_seconds = 0;  // how long the oldest due message has waited; 0: none
    bool operator==(const OutboxHealth&) const = default;
};

// True when an admin should look: a message failed in the last hour, or the oldest due one
// has waited longer than kOutboxLateSeconds.
bool outbox_needs_attention(const OutboxHealth& health);

}  // namespace mawid
