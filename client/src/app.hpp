// The citizen app's state and its conversations with the server and the browser.
// Screens (client/screens/*.cpp) read this state and call the actions below; they
// hold no state of their own beyond what is drawn in one frame.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <mawid/booking.hpp>
#include <mawid/catalog.hpp>
#include <mawid/slots.hpp>

#include "i18n.hpp"
#include "input_queue.hpp"
#include "platform.hpp"
#include "store.hpp"
#include "text_cache.hpp"
#include "ui.hpp"
#include "widget_registry.hpp"

namespace mawid::client {

namespace staff {
class Controller;
}

enum class Screen {
    loading,
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
    language,
    staff,  // the centre app: its own screens in client/staff
};

// HTML inputs, one per field the app ever shows.
enum Field { kServiceSearch = 1, kCentreSearch, kCpr, kPhone };

// One appointment time as the person sees it.
struct ViewSlot {
    UnixSeconds start = 0;
    Date date;
    int minute = 0;
    int capacity = 0;
    int free = 0;
};

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
};

class App : public PlatformListener {
public:
    bool start();
    void frame();

    // --- PlatformListener ---
    void on_fetch(int request, int status, std::string body, std::string etag,
                  int retry_after) override;
    void on_idb(int request, std::optional<std::string> value) override;
    void on_input(int field, std::string value) override;
    void on_activate(std::string widget_id) override;
    void on_geo(int request, bool ok, double lat, double lon) override;
    void on_online(bool online) override;
    void on_table(std::string lang, std::string json) override;
    void on_back() override;
    void on_focus(int field) override;
    void on_gl_lost() override;
    void on_gl_restored() override;

    // --- Read by screens ---
    Strings tr;
    std::optional<Catalog> catalog;
    double catalog_as_of_ms = 0;
    bool catalog_from_cache = false;
    bool catalog_failed = false;          // nothing to show: no cache and no answer
    bool catalog_refresh_failed = false;  // showing the cached catalogue
    Availability availability;
    Flow flow;
    Outcome outcome;
    BookingStore bookings;
    std::optional<SavedBooking> shown;                  // the booking on the done / booking screens
    std::map<int, std::string> inputs;                  // field -> text typed
    std::string governorate;                            // centre filter ("" = all)
    std::optional<std::pair<double, double>> location;  // lat, lon when allowed
    bool locating = false;
    bool location_denied = false;
    bool confirm_cancel = false;
    bool last_was_move = false;  // the done screen after a reschedule says "moved"
    int language_count = 0;      // tables shipped (from i18n/index.json)
    int calendar_year = 0;       // the month the day picker shows (0 = not chosen yet)
    int calendar_month = 0;
    bool online = true;
    Screen screen = Screen::loading;
    staff::Controller* staff = nullptr;  // set on /staff/ (lives as long as the page)

    UnixSeconds now() const;
    // Offline as the person should see it: no network, or the catalogue could not be
    // refreshed and what is shown comes from the device. (A cached catalogue still being
    // refreshed is not "offline": the banner would flash at every start.)
    bool offline_mode() const { return !online || catalog_refresh_failed; }
    const Service* service() const;
    const Centre* centre() const;
    std::string input(int field) const;
    // The message for the last failure, in the current language ("" when none).
    std::string outcome_message() const;

    // --- Actions ---
    void go(Screen next);
    void back();  // asks the browser to go back; on_back() then changes the screen
    void switch_language();
    void choose_language(const std::string& tag);
    void choose_service(const std::string& id);
    void choose_centre(const std::string& id);
    void choose_day(const Date& day);
    void choose_time(UnixSeconds start);
    void locate();
    void book();
    void lookup(const std::string& code);
    void open_bookings();
    void open_booking(const SavedBooking& booking);  // one booking, its status refreshed
    // The soonest booking still to come, if any.
    std::optional<SavedBooking> next_booking()
        const;  // shows My bookings and refreshes their statuses quietly
    void cancel_shown();
    void remove_shown();  // forgets the shown booking on this device
    void start_reschedule();
    void reschedule();
    void download_ics();
    void share_shown();
    void set_input(int field, std::string value);
    void reload_catalog() { fetch_catalog(catalog_etag_); }  // after a schedule change
    void scroll_to_top() {
        scroll_ = 0;
        fling_ = 0;
    }

private:
    enum class Purpose {
        catalog,
        availability,
        book,
        lookup,
        cancel,
        reschedule,
        alternatives,
        refresh,
    };
    struct Pending {
        Purpose purpose;
        std::string key;  // centre/service, or booking code
    };
    enum class IdbPurpose { catalog, occupancy };

    int send(Purpose purpose, std::string key, const char* method, const std::string& url,
             const std::string& body = {}, const std::string& headers = "{}");
    void fetch_catalog(const std::string& etag);
    void load_availability();
    void use_catalog_json(const std::string& json, bool from_cache, double as_of_ms);
    void use_availability_json(const std::string& json, double as_of_ms);
    void use_occupancy_snapshot(const std::optional<std::string>& snapshot);
    void save_occupancy(const std::string& key, const std::string& snapshot);
    void on_booking_answer(Purpose purpose, int status, const std::string& body, int retry_after);
    void find_alternatives();
    void wake(int frames = 3) { frames_left_ = std::max(frames_left_, frames); }
    void apply_scroll(const ScrollInput& scroll, double dt);
    void render(const platform::Viewport& vp);
    void after_frame(const platform::Viewport& vp, const ScrollInput& scroll);
    void on_catalog_answer(int status, const std::string& body, const std::string& etag);
    void on_refresh_answer(const std::string& code, int status, const std::string& body);
    void on_availability_answer(const std::string& key, int status, const std::string& body);
    std::string availability_url() const;  // needs service() and centre()
    void draw();
    void draw_header(Screen drawn, float width, float height);
    void draw_content(const ImRect& view);

    InputQueue queue_;
    TextCache text_;
    WidgetRegistry registry_;
    std::vector<Screen> history_;
    std::map<int, Pending> pending_;
    std::map<int, IdbPurpose> idb_pending_;
    std::string catalog_etag_;
    std::string activate_id_;
    int next_request_ = 1;
    int frames_left_ = 3;
    float scroll_ = 0;
    float fling_ = 0;  // px per ms
    float content_height_ = 0;
    int focused_field_ = -1;
    bool gl_lost_ = false;
    double last_frame_ms_ = 0;
    bool interactive_marked_ = false;
};

}  // namespace mawid::client
