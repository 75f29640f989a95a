// The staff API of docs/staff-api.md: sign-in and sessions, the centre's day, counter
// actions, walk-ins, bookings on a citizen's behalf, centre administration, reports and
// accounts. Beast-free, like the citizen API (citizen/api.hpp), which routes
// /api/v1/staff/... here through the route main.cpp attaches (neither API includes the
// other). One class, its methods in four files by who uses them:
// staff_api.cpp (routing, sessions), staff_counter.cpp, staff_centre.cpp, staff_accounts.cpp,
// staff_audit.cpp (the audit trail's reading), staff_catalog.cpp and staff_rollout.cpp (the
// catalogue as CSV, the roll-out plan; admins), staff_messages.cpp (delivery and the outbox's
// health). Every staff action is recorded in the audit
// trail (storage/audit_store.hpp) inside the writer job that does it.
#pragma once

#include <mawid/catalog_csv.hpp>
#include <mawid/codec.hpp>
#include <mawid/staff.hpp>
#include <mawid/staff_codec.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http/http_types.hpp"
#include "http/rate_limiter.hpp"
#include "staff/auth.hpp"
#include "staff/staff_admin.hpp"
#include "state/catalog_cache.hpp"
#include "state/clock.hpp"
#include "storage/audit_store.hpp"
#include "storage/writer.hpp"

namespace mawid::server {

struct StaffOptions {
    bool fast_password_hashing = false;      // --fast-password-hashing (tests only)
    int session_idle_seconds = 30 * 60;      // --session-idle-seconds (tests only)
    int session_max_seconds = 12 * 60 * 60;  // --session-max-seconds (tests only)
    int rate_limit_per_minute = 120;         // for staff requests without a live session
    int password_queue = 64;  // --password-queue: password checks that may wait (503 past it)
};

// Retry-After of a password check refused because the queue is full (64 checks at ~70 ms).
inline constexpr int kHashQueueRetrySeconds = 5;

class StaffApi {
public:
    // `book` is the citizen API's POST /api/v1/bookings, reused for bookings made by staff;
    // `handled_by` is the member of staff making it: the booking records them as who handled
    // it, and the audit trail names them.
    using BookHandler =
        std::function<void(const HttpRequest&, const std::string& handled_by, Responder&)>;

    StaffApi(std::string db_path, Clock clock, StaffOptions options, CatalogCache& catalog,
             Writer& writer, BookHandler book);

    // Answers a request whose path starts with /api/v1/staff/.
    void handle(const HttpRequest& request, std::string_view path, std::string_view query,
                Responder respond);

private:
    // handle's work: every path, answered through `reply`.
    void answer(const HttpRequest& request, std::string_view path, std::string_view query,
                Responder& reply);
    struct Caller {
        StaffMember member;
        std::string token_hash;
        bool must_change_password = false;  // then only /me, sign-out and /me/password
    };
    // The caller of a live session; otherwise the error to answer: unauthorized, or
    // account_disabled for a session whose account an admin has disabled since.
    Result<Caller> authenticate(const HttpRequest& request);
    void route(const Caller& caller, const HttpRequest& request, std::string_view rest,
               std::string_view query, Responder& respond);
    void route_centre(const Caller& caller, const HttpRequest& request, const std::string& centre,
                      std::string_view what, std::string_view query, Responder& respond);

    void sign_in(const HttpRequest& request, Responder& respond);
    struct SignInAttempt {
        std::string username;  // lowercased
        std::string password;
        std::string client;
        bool secure = true;    // the cookie gets Secure
        std::string replaced;  // hash of the session cookie sent along, if any
    };
    void finish_sign_in(const SignInAttempt& attempt, Responder& respond);
    void sign_out(const Caller& caller, const HttpRequest& request, Responder& respond);

    HttpResponse day(const std::string& centre, std::string_view query) const;
    void counter_action(const Caller& caller, std::string_view code, CounterAction action,
                        Responder& respond);
    // Cancel / reschedule of any booking of the caller's centre (stranded ones, mostly).
    void staff_cancel(const Caller& caller, std::string_view code, const HttpRequest& request,
                      Responder& respond);
    void staff_reschedule(const Caller& caller, std::string_view code, const HttpRequest& request,
                          Responder& respond);
    void issue_walk_in(const Caller& caller, const std::string& centre, const HttpRequest& request,
                       Responder& respond);
    void walk_in_served(const Caller& caller, std::string_view id, Responder& respond);
    void book_for_citizen(const Caller& caller, const std::string& centre,
                          const HttpRequest& request, Responder& respond);

    HttpResponse schedule(const std::string& centre) const;
    HttpResponse stranded(const std::string& centre, std::string_view query) const;
    void change_schedule(const Caller& caller, const std::string& centre,
                         const HttpRequest& request, Responder& respond);
    void add_closure(const Caller& caller, const std::string& centre, const HttpRequest& request,
                     Responder& respond);
    void add_holiday(const Caller& caller, const HttpRequest& request, Responder& respond);
    void remove_from_catalog(const Caller& caller, Removal what, const std::string& centre,
                             const HttpRequest& request, Responder& respond);
    using CatalogEdit = std::function<Result<Catalog>(const Catalog&)>;
    // `audit` is recorded (its time set) when the edit is applied, not for a dry run.
    void submit_catalog_edit(CatalogEdit edit, std::vector<std::string> centres, Date from,
                             bool dry_run, AuditEntry audit, Responder& respond);
    void answer_after_next_commit(HttpResponse response, Responder respond);
    // Runs `work` through the writer; when it answers 200 and left a catalogue in `applied`,
    // that catalogue is served from then on and the answer waits for the next commit.
    void submit_catalog_change(std::function<HttpResponse(WriteStore&)> work,
                               std::shared_ptr<std::optional<Catalog>> applied,
                               Responder& respond);

    // GET /staff/catalog/{centres,services}.csv and POST /staff/catalog/import, admins only
    // (staff_catalog.cpp). `what` is the path after catalog/.
    void catalog(const Caller& caller, const HttpRequest& request, std::string_view what,
                 std::string_view query, Responder& respond);
    // Runs an import through the writer; a clean one that is not a dry run replaces the
    // catalogue. `version`: the version the preview was made against (409 when it moved on).
    void submit_import(const std::string& username, CsvFile file, bool dry_run,
                       std::optional<std::string> version, std::string body, Responder& respond);

    // POST /staff/rollout and GET /staff/rollout/report, admins only (staff_rollout.cpp).
    // `rest` is the path after /staff/.
    void rollout(const Caller& caller, const HttpRequest& request, std::string_view rest,
                 std::string_view query, Responder& respond);
    // Moves `centres` to go live on `live_from` through the writer (a preview when
    // `dry_run`); `version`: the version the preview was made against ("" = any).
    void submit_rollout_change(const std::string& username, std::vector<std::string> centres,
                               Date live_from, bool dry_run, std::string version,
                               Responder& respond);
    void rollout_report_answer(const Caller& caller, const HttpRequest& request,
                               std::string_view query, Responder& respond);

    void report(const Caller& caller, const std::string& centre, std::string_view query,
                Responder& respond);
    void create_user(const Caller& caller, const HttpRequest& request, Responder& respond);
    HttpResponse list_accounts(std::string_view query) const;
    // POST /staff/users/{username}: role, centre, disabled, must_change_password.
    void change_account(const Caller& caller, const std::string& username,
                        const HttpRequest& request, Responder& respond);
    void change_own_password(const Caller& caller, const HttpRequest& request, Responder& respond);
    void reset_password(const Caller& caller, const std::string& username,
                        const HttpRequest& request, Responder& respond);
    // `must_change`: the owner must replace it at next sign-in (someone else knows it).
    // `audit` is recorded with the new hash; for a reset its centre is filled in from the
    // account's.
    void store_password(const std::string& username, std::string password, std::string keep,
                        bool must_change, AuditEntry audit, Responder respond);

    // The delivery of each booking of a day's rows (staff_messages.cpp).
    void add_deliveries(Connection& db, const std::string& centre, UnixSeconds from,
                        UnixSeconds to, std::vector<StaffBookingRow>& rows) const;
    // GET /staff/outbox, admins only (staff_messages.cpp).
    HttpResponse outbox_health() const;

    // /staff/service-accounts[/{id}/revoke], admins only (staff_service_accounts.cpp).
    void route_service_accounts(const Caller& caller, const HttpRequest& request,
                                std::string_view tail, Responder& respond);
    HttpResponse list_service_accounts_answer() const;
    void create_service_account(const Caller& caller, const HttpRequest& request,
                                Responder& respond);
    void revoke_service_account_of(const Caller& caller, std::int64_t id, Responder& respond);

    // GET /staff/audit (staff_audit.cpp).
    void audit(const Caller& caller, std::string_view query, const HttpRequest& request,
               Responder& respond);
    // Records `entry` (its time set now) through the writer, then answers `response`: an
    // export is sent only once its entry is on disk.
    void answer_recorded(AuditEntry entry, HttpResponse response, Responder respond);

    std::string db_path_;
    Clock clock_;
    StaffOptions options_;
    CatalogCache& catalog_;
    Writer& writer_;
    BookHandler book_;
    RateLimiter anonymous_limiter_;
    SignInThrottle throttle_;
    PasswordHasher hasher_;  // used on auth_tasks_' thread only
    TaskQueue auth_tasks_;   // last: its thread stops before the members it uses go
};

}  // namespace mawid::server
