// The seam between the apps and the browser, shared by both (the centre app adds its
// scanner in client/centre/platform_centre.hpp). Its implementation, platform_web.cpp
// (and platform_centre_web.cpp for the centre's part), holds the Emscripten calls; the
// only other file that includes an Emscripten header is client/shell/shell.cpp, for
// <GLES3/gl3.h> (the GL calls of a frame).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace mawid::client {

class InputQueue;

// What the browser reports back to the app, asynchronously.
class PlatformListener {
public:
    virtual ~PlatformListener() = default;
    // status 0 = no network; etag empty when absent; retry_after in seconds (0 if none).
    virtual void on_fetch(int request, int status, std::string body, std::string etag,
                          int retry_after) = 0;
    virtual void on_idb(int request, std::optional<std::string> value) = 0;
    virtual void on_input(int field, std::string value) = 0;
    virtual void on_focus(int field) = 0;  // -1 when no input has focus
    virtual void on_activate(std::string widget_id) = 0;
    virtual void on_geo(int request, bool ok, double lat, double lon) = 0;
    virtual void on_online(bool online) = 0;
    virtual void on_table(std::string lang, std::string json) = 0;
    // The browser went back (the phone's back gesture, or our own back button).
    virtual void on_back() = 0;
    // Phones drop the GL context (e.g. in the background); it comes back empty.
    virtual void on_gl_lost() = 0;
    virtual void on_gl_restored() = 0;
};

namespace platform {

struct Viewport {
    float width = 390;   // CSS pixels
    float height = 844;  // CSS pixels
    float dpr = 1;       // device pixels per CSS pixel
};

// Creates the WebGL2 context on #canvas, hooks pointer/keyboard/resize events into
// `queue`, and routes bridge callbacks to `listener`. Returns false without WebGL2.
bool init(InputQueue* queue, PlatformListener* listener);

// Calls `frame` from requestAnimationFrame, forever.
void run_main_loop(void (*frame)());

// Resizes the drawing buffer to the canvas' CSS size x devicePixelRatio.
Viewport sync_viewport();

// Wall clock, milliseconds since 1970 (the slot grid needs real "now").
double now_ms();

// Monotonic milliseconds, for animation.
double monotonic_ms();

// Runs `step` in a task of its own, after what the browser has queued: long work split
// into steps, so that a phone answers a tap between them.
void next_task(std::function<void()> step);

// --- Text shaped by the browser (Canvas 2D -> GL texture) ---
struct TextTexture {
    unsigned id = 0;
    float width = 0;   // CSS pixels
    float height = 0;  // CSS pixels
};
// White text on transparent; the caller tints. Wraps at max_width (CSS px; 0 = no wrap).
// `lang` (a table's tag) picks the font stack (Urdu: Nastaliq); the height is measured
// from the font, so tall scripts get tall textures (web/app.js, docs/translations.md).
TextTexture render_text(std::string_view text, float size, bool bold, bool rtl, float max_width,
                        float dpr, std::string_view lang);
void free_texture(unsigned id);

// --- Network (same origin) ---
void fetch(int request, std::string_view method, std::string_view url, std::string_view body,
           std::string_view headers_json);
bool online();

// --- Storage: small values in localStorage, snapshots in IndexedDB ---
std::string load(std::string_view key);
void save(std::string_view key, std::string_view value);
void idb_get(int request, std::string_view key);
void idb_put(std::string_view key, std::string_view value);
void idb_delete(std::string_view key);

// --- Languages ---
std::string preferred_language();  // stored choice, else from navigator.languages
std::string language_index();      // JSON array [{tag, name, dir}] of the tables shipped
void load_table(std::string_view lang);
void set_document_language(std::string_view lang, bool rtl);
// The CLDR plural category of `n` in `lang` from the browser's Intl.PluralRules ("one",
// "few", ...); "other" when the browser has no rules for it (intl_web.cpp).
std::string_view plural_category(std::string_view lang, long long n);
// The Gregorian names of months and weekdays in `lang` from Intl.DateTimeFormat, as JSON
// {"month": [12], "month_short": [12], "weekday": [7, Sunday first], "weekday_short": [7]};
// "" when the browser cannot name them in `lang` (the table's names are kept then).
std::string calendar_names(std::string_view lang);

// --- HTML inputs placed over ImGui fields ---
// one_time_code: the code of an SMS (numeric keyboard; the phone offers the code it received).
// booking_code: letters and digits read left to right in every language ("375-AXB-JNQ").
enum class InputKind {
    text, numeric, tel, search, password, date, email, one_time_code, booking_code
};
void input_begin_frame();
void place_input(int field, float x, float y, float w, float h, InputKind kind, bool rtl,
                 std::string_view value, std::string_view label, bool invalid);
void input_end_frame();
void blur_inputs();

// --- Accessibility mirror and test hook: the frame's widgets as JSON ---
void publish_widgets(std::string_view json);
void mark_interactive();  // records the first interactive frame's time
// Time of one frame, kept by the page for the budgets: our CPU work (input, layout, ImGui,
// text, registry) and the GL submission (which includes waiting for the GPU).
void report_frame_time(double cpu_ms, double submit_ms);

// --- Browser history, so the phone's back gesture steps back through the screens ---
void history_push();
void history_back();  // answered by PlatformListener::on_back

// Replaces the app with one message from the translation tables (e.g. no WebGL 2).
void show_fatal(std::string_view key);

// --- Odds and ends ---
void geolocate(int request);
void download(std::string_view filename, std::string_view mime, std::string_view content);
void share(std::string_view title, std::string_view text);
std::string random_key();  // for Idempotency-Key
// A parameter of the page's address (?name=value), "" when absent: links in messages.
std::string query_parameter(std::string_view name);
// Leaves the app for a same-origin address (a full page load: sign-in with the national
// identity goes through the identity provider and comes back to /).
void navigate(std::string_view url);

}  // namespace platform
}  // namespace mawid::client
