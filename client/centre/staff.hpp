// The centre app (/staff/): staff sign in, run the day at the counter, issue walk-in
// tickets, book for citizens, and (supervisors, admins) change the centre's schedule and
// read its figures and its audit trail. The shell hosts it (its own wasm,
// dist/staff/mawid-staff.wasm) and routes its answers, browser history and network changes here;
// screens (client/centre/screen_*.cpp) draw from this state and call the actions below.
#pragma once

#include <mawid/catalog_csv.hpp>
#include <mawid/rollout.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app_part.hpp"
#include "counter_queue.hpp"
#include "shell.hpp"
#include "staff_api.hpp"
#include "ui.hpp"

namespace mawid::client::staff {

enum class Screen {
    signin,
    day,
    counter,
    walk_in,
    book,
    admin,
    reports,
    centres,
    audit,
    password,
    accounts,
    move,
    rollout,
    catalog  // the catalogue as CSV: download, upload with a preview, apply (admins)
};

// HTML inputs of the centre app.
enum Field {
    kUser = 100,
    kPassword,
    kSearch,
    kCode,
    kClosureFrom,
    kClosureTo,
    kScheduleFrom,
    kReportFrom,
    kReportTo,
    kBookDay,
    kBookCpr,
    kBookPhone,
    kCentreSearch,
    kAuditDay,
    kAuditUser,
    kCurrentPassword,
    kNewPassword,
    kRepeatPassword,
    kAccountCentreSearch,
    kWalkInPhone,
    kCatalogFile,  // the text of the CSV file picked for import (web/staff.js pickFile)
    kRolloutDate,  // the new go-live date of the phase (or centres) opened on the plan
    kBookEmail,    // optional, on a booking for a citizen: the confirmation goes there too
    kHours = 120,     // + weekday (0 = Sunday)
    kCounters = 140,  // + index of the service at the centre
    kMoveDay = 300,  // past every base + index above
};

// A message shown after an action: an i18n key and its placeholders, formatted when drawn
// so it follows a switch of language. An argument starting with '@' is itself a key.
struct Message {
    std::string key;  // "" = nothing to show
    std::vector<std::pair<std::string, std::string>> args;
    ui::Tone tone = ui::Tone::info;
};

// A queued counter action the server refused: shown until staff dismiss it.
struct Conflict {
    std::string code;
    std::string action;
    Message message;  // what happened
};

class Controller : public AppPart {
public:
    explicit Controller(Shell& shell);

    // --- AppPart ---
    void start() override;
    void answer(int request, const Answer& answer) override;
    void on_online(bool online) override;
    void back() override;
    void on_back() override;
    void on_input(int field, std::string value) override {
        // Another phone is another ticket request: a retry must not reuse the old key.
        if (field == kWalkInPhone && value != input(field)) walk_in_key.clear();
        const bool picked = field == kCatalogFile;
        app.set_input(field, std::move(value));
        if (picked) check_import();  // a file picked is checked at once (a dry run)
    }
    void draw(ui::Column& col) override;
    const char* title_key() const override;
    // A member who must change their password has nowhere else to go (history is cleared).
    bool can_go_back() const override { return !history_.empty(); }
    float max_width() const override { return 880.0f; }  // counter PCs and tablets

    Shell& app;
    Screen screen = Screen::signin;
    std::optional<Member> member;
    std::string centre_id;  // the centre being run (an admin chooses one)

    // The day
    std::optional<DayList> day;
    std::string day_date;  // YYYY-MM-DD shown ("" until the first answer)
    double day_as_of_ms = 0;
    bool day_from_device = false;  // the list shown is the copy kept on this device
    bool day_loading = false;
    std::string day_more_failed;  // the cursor whose page failed to come (not asked again)
    Message day_error;
    Message day_notice;  // a success to mention on arrival (a password just changed)

    // The counter
    CounterQueue queue;
    bool flushing = false;
    std::vector<Conflict> conflicts;
    Message counter_message;

    // Walk-ins
    std::string walk_in_service;
    bool walk_in_priority = false;
    std::optional<WalkInTicket> last_ticket;
    std::string walk_in_key;  // Idempotency-Key of the ticket being issued
    bool walk_in_busy = false;
    Message walk_in_message;

    // Booking for a citizen
    std::string book_service;
    std::vector<std::pair<long long, int>> book_times;  // start, free seats
    long long book_start = 0;
    bool book_times_loaded = false;
    std::string book_key;
    std::string book_code;
    bool book_busy = false;
    Message book_message;

    // Moving a booking to another time (from the counter or the stranded list)
    std::optional<DayBooking> moving;
    std::vector<std::pair<long long, int>> move_times;  // start, free seats
    long long move_start = 0;
    bool move_times_loaded = false;
    std::string move_times_asked;  // "code|date" of the last times asked: older answers go
    bool move_busy = false;
    Message move_message;

    // Administration
    std::vector<DayBooking> stranded;
    std::string stranded_next;  // the cursor of the next page; "" when all are here
    bool stranded_more_busy = false;  // a next page asked for, not yet answered
    bool stranded_preview = false;
    std::string stranded_confirm;  // code whose "Cancel" was tapped, awaiting confirmation
    Message admin_message;
    // The outbox's health (admins): figures for the whole country, asked when the screen
    // opens and on "Refresh"
    std::optional<OutboxHealth> outbox;
    bool outbox_busy = false;
    Message outbox_message;
    bool admin_loaded = false;
    bool admin_busy = false;  // a change of closures or schedule, or a cancellation

    // Reports
    std::vector<ReportRow> report;
    bool report_busy = false;
    Message report_message;

    // The audit trail (supervisors, admins): the entries shown, newest first
    std::vector<AuditItem> audit;
    long long audit_next = 0;  // id to ask for the next page before; 0 = none
    std::string audit_action;  // the action chosen as a filter ("" = every action)
    bool audit_busy = false;
    bool audit_loaded = false;
    Message audit_message;

    // The catalogue as CSV (admins): the file picked, which one it is, and its preview
    std::string import_kind = "centres";  // centres | services
    std::optional<CatalogImportReport> import_report;  // the last dry run's (or apply's)
    bool import_busy = false;
    Message import_message;

    // The roll-out plan (admins): the phase opened, the centres of it chosen to move (all:
    // the whole phase), the preview of the change, and the figures by phase
    std::string rollout_phase;                 // its date, "" when none is open
    std::vector<std::string> rollout_centres;  // chosen, in the phase's order
    std::optional<RolloutChangeAnswer> rollout_preview;
    bool rollout_busy = false;
    Message rollout_message;
    std::optional<RolloutReport> rollout_figures;
    bool rollout_report_busy = false;
    Message rollout_report_message;

    // Signing in
    bool signin_busy = false;
    Message signin_message;

    // The member's own password (forced after sign-in, or asked for from the day)
    bool password_busy = false;
    Message password_message;

    // Accounts (admins): the list, the one opened, and its role and centre being chosen
    std::vector<Account> accounts;
    std::string accounts_next;  // the cursor of the next page; "" when all are here
    bool accounts_more_busy = false;  // a next page asked for, not yet answered
    std::string account_open;   // user name, "" for none
    std::string account_role;
    std::string account_centre;
    bool account_confirm_disable = false;  // "Disable" tapped, awaiting confirmation
    bool accounts_busy = false;
    Message accounts_message;

    // --- Actions ---
    void go(Screen next);
    void sign_in();
    void sign_out();
    void choose_centre(const std::string& id);
    void load_day(const std::string& date);  // "" = today at the centre
    void shift_day(int days);
    std::string today() const;
    int centre_offset() const;
    void counter_action(const std::string& typed_code, const std::string& action);
    void flush_queue();
    void issue_walk_in();
    void walk_in_served(int id);
    void load_book_times();
    void book_for_citizen();
    void open_move(const DayBooking& booking);  // the move screen, on the booking's day
    void load_move_times();                     // the free times of the day typed
    void move_booking();                        // to the time chosen; the citizen is told
    // The dates typed: close the centre, take back its closure with exactly those dates, or
    // (admins) make them a public holiday at every centre.
    enum class ClosureKind { close, reopen, holiday };
    void closure(ClosureKind kind, bool dry_run);
    void schedule(bool dry_run);
    void open_admin();
    void load_outbox();  // admins: the outbox's health, asked afresh
    void cancel_stranded(const std::string& code);
    void load_report();
    void export_csv();
    void open_audit();
    void load_audit(bool more);  // the first page for the filters, or (more) the next one
    void export_audit();
    void download_catalog(const std::string& kind);  // "centres" | "services"
    void pick_import(const std::string& kind);       // the browser's file picker
    void check_import();                             // a dry run of the file picked
    void apply_import();  // the file checked, against the version it was checked with
    void open_phase(const RolloutPhase& phase);  // or close it when open
    void toggle_rollout_centre(const std::string& id);
    void preview_rollout();  // a dry run of moving the centres chosen to the date typed
    void apply_rollout();    // the change previewed, against the version it was previewed on
    void load_rollout_report();
    void export_rollout_csv();
    void open_password();  // from the day: a change the member chose to make
    void change_password();
    void open_accounts();
    void load_accounts(bool more);  // the first page again, or the next one
    void load_more_day();           // the next page of the day shown
    void load_stranded(bool more);  // the first page again, or the next one
    void open_account(const std::string& username);  // or close it when open
    void save_account_role();
    // POST {flag: value} for the open account: "disabled" or "must_change_password".
    void set_account_flag(const std::string& flag, bool value);
    std::string input(int field) const;
    std::string text(const Message& m) const;  // in the current language

private:
    enum class Purpose {
        signin,
        me,
        signout,
        day,
        day_more,
        action,
        walk_in,
        walk_in_served,
        times,
        book,
        closure,
        schedule,
        report,
        stranded,
        cancel_stranded,
        csv,
        audit,
        audit_csv,
        password,
        accounts,
        account,
        outbox,
        move_times,
        move,
        catalog_csv,
        import_check,
        import_apply,
        rollout_preview,
        rollout_apply,
        rollout_report,
        rollout_csv
    };
    struct Pending {
        Purpose purpose;
        std::string key;
    };
    int send(Purpose purpose, std::string key, const char* method, const std::string& url,
             const std::string& body = {}, const std::string& extra_header = {});
    void answer(const Pending& p, int status, const std::string& body, int retry_after);
    bool read_times(int status, const std::string& body,
                    std::vector<std::pair<long long, int>>& times, Message& message);
    void on_times(int status, const std::string& body);
    void on_move_times(const std::string& asked, int status, const std::string& body);
    void on_move(const std::string& code, int status, const std::string& body);
    // `asked`: "" for the first page, "more:<cursor>" for the page after that cursor.
    void on_stranded(const std::string& asked, int status, const std::string& body);
    void on_day_more(int status, const std::string& body);
    void on_accounts(const std::string& asked, int status, const std::string& body);
    void on_outbox(int status, const std::string& body);
    void on_catalog_csv(const std::string& kind, int status, const std::string& body);
    void on_import(bool applied, int status, const std::string& body);
    void on_rollout(bool applied, int status, const std::string& body);
    void on_rollout_report(bool csv, int status, const std::string& body);
    Json rollout_body(bool dry_run) const;
    void all_idle();  // nothing waited for any more (signed out)
    void on_signed_in(const std::string& body);
    void on_day(int status, const std::string& body);
    void on_action(int status, const std::string& body);
    void on_walk_in(int status, const std::string& body);
    void on_book(int status, const std::string& body);
    void on_schedule_answer(Purpose purpose, int status, const std::string& body);
    void on_cancel_stranded(const std::string& code, int status, const std::string& body);
    void on_report(int status, const std::string& body);
    void on_csv(int status, const std::string& body);
    void on_audit(bool more, int status, const std::string& body);
    void on_audit_csv(int status, const std::string& body);
    AuditFilter audit_filter() const;
    void on_password(int status, const std::string& body);
    void on_account(const std::string& username, int status, const std::string& body);
    // Only the password screen until the member has replaced a password someone else knows.
    void password_required();
    // Back to the sign-in screen, saying `reason` (an i18n key; "" says nothing).
    void signed_out(const std::string& reason);
    void retry_quietly();
    void save_queue();
    void show_day(DayList list, double as_of_ms, bool from_device);
    // `handled_by` "" leaves who handled it as it was.
    void set_booking_status(const std::string& code, const std::string& status,
                            const std::string& handled_by = {});
    Message error_message(int status, const std::string& body, int retry_after) const;

    std::map<int, Pending> pending_;  // the shell's request numbers that are ours
    int last_signin_request_ = 0;
    std::vector<Screen> history_;
    std::string server_today_;  // from the last day list's as_of
    double last_flush_ms_ = 0;
    double last_day_request_ms_ = 0;
};

}  // namespace mawid::client::staff
