// The citizen app: its state and its conversations with the server and the browser.
// Screens (client/citizen/screens/*.cpp) read this state and call the actions below; they
// hold no state of their own beyond what is drawn in one frame. The shell hosts it.
#pragma once

#include <map>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include <mawid/booking.hpp>
#include <mawid/catalog.hpp>
#include <mawid/slots.hpp>

#include "api.hpp"
#include "app_part.hpp"
#include "session.hpp"
#include "shell.hpp"
#include "store.hpp"

namespace mawid::client {

enum class Screen {
    home,
    services,
    centres,
    days,
    times,
    details,
    confirm,
    done,
    bookings,
    booking,
    verify,  // a code by SMS, when the server requires a verified phone
};

// HTML inputs, one per field the app ever shows.
enum Field { kServiceSearch = 1, kCentreSearch, kCpr, kPhone, kEmail, kCode };

// The times of one centre and service, live from the server or from a snapshot.
struct Availability {
    std::string centre;
    std::string service;
    std::vector<ViewSlot> slots;
    bool loading = false;
    bool loaded = false;
    bool from_snapshot = false;  // offline: computed by shared/ from cached occupancy
    double as_of_ms = 0;
};

// What the person has chosen on the way to a booking; kept across failures.
struct Flow {
    std::string service;
    std::string centre;
    std::optional<Date> day;
    UnixSeconds start = 0;
    std::string idempotency_key;     // one per attempt, so a retry never books twice
    std::string reschedule_code;     // set when moving an existing booking
    bool show_field_errors = false;  // after the first "Continue"
};

// The result of the last request the person is waiting on.
struct Outcome {
    bool pending = false;
    std::string error_key;               // i18n key of the message to show ("" = none)
    int retry_after = 0;                 // seconds to wait, with rate_limited
    std::vector<ViewSlot> alternatives;  // next free times after a slot_full
    bool time_taken = false;             // slot_full: this time is gone until another is chosen
};

// The verify step: the phone a code goes to, and what to do once it is confirmed.
struct Verify {
    enum class Then { book, reschedule, cancel, lookup, mine };
    Then then = Then::book;
    std::string phone;        // normalised; "" until the person gives one (phone stage)
    bool sent = false;        // a code is on its way (202, or 429: one was sent moments ago)
    double resend_at_ms = 0;  // platform::monotonic_ms() when a new code may be asked
};

class CitizenApp : public AppPart {
public:
    explicit CitizenApp(Shell& shell);

    // --- AppPart ---
    void start() override;
    void draw(ui::Column& col) override;
    const char* title_key() const override;
    bool can_go_back() const override { return screen != Screen::home; }
    void back() override;  // asks the browser to go back; on_back() then changes the screen
    void on_back() override;
    void on_online(bool online) override;
    void on_input(int field, std::string value) override { set_input(field, std::move(value)); }
    float max_width() const override { return 560.0f; }
    void answer(int request, const Answer& answer) override;
    void stored(int request, std::optional<std::string> value) override;
    void located(int request, bool ok, double lat, double lon) override;

    // --- Read by screens (the shell's state under the names screens use) ---
    Shell& shell;
    const Strings& tr;
    const std::optional<Catalog>& catalog;
    const bool& online;
    Availability availability;
    Flow flow;
    Outcome outcome;
    BookingStore bookings;
    CitizenSession session;  // what the server requires, and this browser's session
    Verify verify;
    std::optional<SavedBooking> shown;                  // the booking on the done / booking screens
    std::string governorate;                            // centre filter ("" = all)
    std::optional<std::pair<double, double>> location;  // lat, lon when allowed
    bool locating = false;
    bool location_denied = false;
    bool confirm_cancel = false;
    bool identity_failed = false;  // back from the identity provider without a session
    bool last_was_move = false;  // the done screen after a reschedule says "moved"
    int calendar_year = 0;       // the month the day picker shows (0 = not chosen yet)
    int calendar_month = 0;
    Screen screen = Screen::home;

    UnixSeconds now() const { return shell.now(); }
    // Offline as the person should see it: no network, or the catalogue could not be
    // refreshed and what is shown comes from the device. (A cached catalogue still being
    // refreshed is not "offline": the banner would flash at every start.)
    bool offline_mode() const { return !online || shell.sync.refresh_failed; }
    const Service* service() const;
    const Centre* centre() const;
    std::string input(int field) const { return shell.input(field); }
    // The optional e-mail as typed, without the spaces a keyboard adds around it ("" = none).
    std::string email() const;
    // The message for the last failure, in the current language ("" when none).
    std::string outcome_message() const;
    // The soonest booking still to come, if any.
    std::optional<SavedBooking> next_booking() const;

    // --- Actions ---
    void go(Screen next);
    void choose_language(const std::string& tag) { shell.choose_language(tag); }
    void choose_service(const std::string& id);
    void choose_centre(const std::string& id);
    void choose_day(const Date& day);
    void choose_time(UnixSeconds start);
    void locate();
    void book();
    void lookup(const std::string& code);
    void open_bookings();  // shows My bookings and refreshes their statuses quietly
    void open_booking(const SavedBooking& booking);  // one booking, its status refreshed
    void cancel_shown();
    void remove_shown();  // forgets the shown booking on this device
    void start_reschedule();
    void reschedule();
    // calendar.cpp: the shown booking as a calendar file, or shared.
    void download_ics();
    void share_shown();
    void set_input(int field, std::string value);
    // verify.cpp: the verify step and the session.
    void send_code();     // to verify.phone, else to the phone typed on the verify step
    void confirm_code();  // the code typed; on success the waiting action runs
    void change_phone();  // back to the phone stage of the verify step
    void verify_for_mine();  // My bookings: verify a phone to see its bookings on any device
    void sign_out();         // ends the session on the server; the device's list stays
    void sign_in_with_identity();
    void resume_after_identity();
    int resend_wait() const;  // seconds until a new code may be asked (0 = now)

private:
    enum class Purpose {
        availability,
        book,
        lookup,
        cancel,
        reschedule,
        alternatives,
        refresh,
        config,
        me,
        send_code,
        confirm_code,
        mine,
        sign_out,
    };
    struct Pending {
        Purpose purpose;
        std::string key;  // centre/service, or booking code
    };

    void send(Purpose purpose, std::string key, const char* method, const std::string& url,
              const std::string& body = {}, const std::string& headers = "{}");
    // offline_cache.cpp: live times, kept for offline use, and the grid computed from them.
    void load_availability();
    std::string availability_url() const;  // needs service() and centre()
    void use_availability_json(const std::string& json, double as_of_ms);
    void use_occupancy_snapshot(const std::optional<std::string>& snapshot);
    void save_occupancy(const std::string& key, const std::string& snapshot);
    void on_availability_answer(const std::string& key, int status, const std::string& body);
    // requests.cpp: bookings.
    void on_booking_answer(Purpose purpose, const Answer& answer);
    void on_alternatives(const Answer& answer);
    void on_booked(Purpose purpose, SavedBooking answer);
    void on_refresh_answer(const std::string& code, const Answer& answer);
    void find_alternatives();
    // verify.cpp
    void ask_config();
    void on_session_answer(Purpose purpose, const Answer& answer);
    void on_code_sent(const Answer& answer);
    void on_code_confirmed(const Answer& answer);
    void on_mine(const Answer& answer);
    void refresh_bookings();  // the session's bookings, then each status, quietly
    void fetch_mine();        // GET /api/v1/me/bookings, merged into the device's list
    // Shows the verify step; with a phone the code is asked for at once. `then` runs once
    // the code is confirmed and the app is back on the screen that asked.
    void start_verify(Verify::Then then, const std::string& phone);
    void resume(Verify::Then then);
    // A 401 verification_required: the session is gone; the action waits for a new one.
    bool on_unverified(Purpose purpose, const Answer& answer);

    // citizen_app.cpp: a link from a message (the closure notice), followed once the
    // catalogue is known.
    void follow_link();

    std::vector<Screen> history_;
    std::map<int, Pending> pending_;
    std::optional<std::pair<std::string, std::string>> link_;  // centre, service
    std::string identity_return_;  // the booking under way when the citizen left to sign in
    std::optional<Verify::Then> resume_;  // runs when back from the verify step
};

}  // namespace mawid::client
