// The browser side of the platform seam: <emscripten/html5.h> for input, resize and
// WebGL2, plus js/library_mawid.js (the bridge) for text, network, storage and DOM.
#include <emscripten.h>
#include <emscripten/html5.h>

#include <cstdlib>
#include <cstring>
#include <memory>

#include "imgui.h"
#include "input_queue.hpp"
#include "platform.hpp"

// The bridge (js/library_mawid.js). Strings returned by it are malloc'd: free them.
extern "C" {
void mawid_js_install();
void mawid_js_shadow_gl_state();
void mawid_js_frame_time(double cpu_ms, double submit_ms);
unsigned mawid_js_text(const char* text, float size, int bold, int rtl, float max_width, float dpr,
                       const char* lang, float* out_width, float* out_height);
void mawid_js_free_texture(unsigned id);
void mawid_js_fetch(int request, const char* method, const char* url, const char* body,
                    const char* headers_json);
int mawid_js_online();
char* mawid_js_load(const char* key);
void mawid_js_save(const char* key, const char* value);
void mawid_js_idb_get(int request, const char* key);
void mawid_js_idb_put(const char* key, const char* value);
void mawid_js_idb_delete(const char* key);
char* mawid_js_language_index();
void mawid_js_load_table(const char* lang);
void mawid_js_set_document_language(const char* lang, int rtl);
void mawid_js_input_begin_frame();
void mawid_js_place_input(int field, float x, float y, float w, float h, int kind, int rtl,
                          const char* value, const char* label, int invalid);
void mawid_js_input_end_frame();
void mawid_js_blur_inputs();
void mawid_js_publish_widgets(const char* json);
void mawid_js_mark_interactive();
void mawid_js_geolocate(int request);
void mawid_js_download(const char* filename, const char* mime, const char* content);
void mawid_js_share(const char* title, const char* text);
char* mawid_js_random_key();
char* mawid_js_query_parameter(const char* name);
void mawid_js_navigate(const char* url);
void mawid_js_history_push();
void mawid_js_show_fatal(const char* key);
void mawid_js_history_back();
}

namespace mawid::client {
namespace {

InputQueue* g_queue = nullptr;
PlatformListener* g_listener = nullptr;
long g_touch_id = -1;  // the one finger we follow; others are ignored

std::string take(char* malloced) {
    if (!malloced) return {};
    std::string s(malloced);
    std::free(malloced);
    return s;
}

void push(InputEvent::Kind kind, float x, float y) {
    InputEvent e;
    e.kind = kind;
    e.x = x;
    e.y = y;
    e.time_ms = emscripten_get_now();
    g_queue->push(e);
}

EM_BOOL on_mouse(int type, const EmscriptenMouseEvent* m, void*) {
    if (m->button != 0 && type != EMSCRIPTEN_EVENT_MOUSEMOVE) return EM_FALSE;
    float x = static_cast<float>(m->targetX), y = static_cast<float>(m->targetY);
    switch (type) {
        case EMSCRIPTEN_EVENT_MOUSEDOWN:
            push(InputEvent::Kind::down, x, y);
            break;
        case EMSCRIPTEN_EVENT_MOUSEUP:
            push(InputEvent::Kind::up, x, y);
            break;
        case EMSCRIPTEN_EVENT_MOUSELEAVE:
            push(InputEvent::Kind::leave, x, y);
            break;
        default:
            push(InputEvent::Kind::move, x, y);
    }
    return EM_FALSE;  // let the page keep focus handling (HTML inputs blur on outside clicks)
}

EM_BOOL on_touch(int type, const EmscriptenTouchEvent* t, void*) {
    for (int i = 0; i < t->numTouches; ++i) {
        const EmscriptenTouchPoint& p = t->touches[i];
        if (!p.isChanged) continue;
        float x = static_cast<float>(p.targetX), y = static_cast<float>(p.targetY);
        if (type == EMSCRIPTEN_EVENT_TOUCHSTART && g_touch_id < 0) {
            g_touch_id = p.identifier;
            push(InputEvent::Kind::move, x, y);
            push(InputEvent::Kind::down, x, y);
        } else if (p.identifier != g_touch_id) {
            continue;
        } else if (type == EMSCRIPTEN_EVENT_TOUCHMOVE) {
            push(InputEvent::Kind::move, x, y);
        } else {  // touchend / touchcancel: release, then the finger is gone (no hover)
            push(InputEvent::Kind::move, x, y);
            push(InputEvent::Kind::up, x, y);
            push(InputEvent::Kind::leave, x, y);
            g_touch_id = -1;
        }
    }
    if (type == EMSCRIPTEN_EVENT_TOUCHSTART) platform::blur_inputs();  // closes the keyboard
    // Handled: the browser must not also synthesise mouse events or scroll the page.
    return EM_TRUE;
}

EM_BOOL on_wheel(int, const EmscriptenWheelEvent* w, void*) {
    InputEvent e;
    e.kind = InputEvent::Kind::wheel;
    double scale = w->deltaMode == DOM_DELTA_LINE   ? 40.0
                   : w->deltaMode == DOM_DELTA_PAGE ? 600.0
                                                    : 1.0;
    e.wheel = static_cast<float>(w->deltaY * scale);
    e.time_ms = emscripten_get_now();
    g_queue->push(e);
    return EM_TRUE;
}

int imgui_key(const char* key) {
    if (std::strcmp(key, "Escape") == 0) return ImGuiKey_Escape;
    if (std::strcmp(key, "Enter") == 0) return ImGuiKey_Enter;
    if (std::strcmp(key, "Tab") == 0) return ImGuiKey_Tab;
    if (std::strcmp(key, "Backspace") == 0) return ImGuiKey_Backspace;
    return -1;
}

EM_BOOL on_key(int type, const EmscriptenKeyboardEvent* k, void*) {
    int key = imgui_key(k->key);
    if (key < 0) return EM_FALSE;
    InputEvent e;
    e.kind =
        type == EMSCRIPTEN_EVENT_KEYDOWN ? InputEvent::Kind::key_down : InputEvent::Kind::key_up;
    e.key = key;
    e.time_ms = emscripten_get_now();
    g_queue->push(e);
    return EM_FALSE;
}

EM_BOOL on_gl_context(int type, const void*, void*) {
    if (type == EMSCRIPTEN_EVENT_WEBGLCONTEXTLOST) {
        g_listener->on_gl_lost();
    } else {
        g_listener->on_gl_restored();
    }
    return EM_TRUE;  // preventDefault on "lost" is what allows "restored" to follow
}

EM_BOOL on_resize(int, const EmscriptenUiEvent*, void*) {
    push(InputEvent::Kind::leave, 0, 0);  // wakes the frame loop; layout is redone next frame
    return EM_FALSE;
}

}  // namespace

namespace platform {

bool init(InputQueue* queue, PlatformListener* listener) {
    g_queue = queue;
    g_listener = listener;
    mawid_js_install();
    const char* canvas = "#canvas";
    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.majorVersion = 2;
    attrs.alpha = EM_FALSE;
    attrs.antialias = EM_FALSE;  // ImGui anti-aliases its own shapes
    attrs.depth = EM_FALSE;
    attrs.stencil = EM_FALSE;
    // ImGui on WebGL2 needs no extension; enabling them all by default asks the GPU process
    // for its list, a synchronous wait of up to a few hundred ms on a software GPU.
    attrs.enableExtensionsByDefault = EM_FALSE;
    EMSCRIPTEN_WEBGL_CONTEXT_HANDLE ctx = emscripten_webgl_create_context(canvas, &attrs);
    if (ctx <= 0) return false;
    emscripten_webgl_make_context_current(ctx);
    mawid_js_shadow_gl_state();

    emscripten_set_mousedown_callback(canvas, nullptr, EM_FALSE, on_mouse);
    emscripten_set_mousemove_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_mouse);
    emscripten_set_mouseup_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_mouse);
    emscripten_set_mouseleave_callback(canvas, nullptr, EM_FALSE, on_mouse);
    emscripten_set_touchstart_callback(canvas, nullptr, EM_FALSE, on_touch);
    emscripten_set_touchmove_callback(canvas, nullptr, EM_FALSE, on_touch);
    emscripten_set_touchend_callback(canvas, nullptr, EM_FALSE, on_touch);
    emscripten_set_touchcancel_callback(canvas, nullptr, EM_FALSE, on_touch);
    emscripten_set_wheel_callback(canvas, nullptr, EM_FALSE, on_wheel);
    emscripten_set_keydown_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_key);
    emscripten_set_keyup_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_key);
    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_resize);
    emscripten_set_webglcontextlost_callback(canvas, nullptr, EM_FALSE, on_gl_context);
    emscripten_set_webglcontextrestored_callback(canvas, nullptr, EM_FALSE, on_gl_context);
    return true;
}

void run_main_loop(void (*frame)()) {
    emscripten_set_main_loop(frame, 0, EM_FALSE);
}

Viewport sync_viewport() {
    Viewport v;
    double w = 0, h = 0;
    emscripten_get_element_css_size("#canvas", &w, &h);
    v.width = static_cast<float>(w);
    v.height = static_cast<float>(h);
    v.dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
    int fb_w = static_cast<int>(w * v.dpr + 0.5), fb_h = static_cast<int>(h * v.dpr + 0.5);
    int cur_w = 0, cur_h = 0;
    emscripten_get_canvas_element_size("#canvas", &cur_w, &cur_h);
    if (cur_w != fb_w || cur_h != fb_h) emscripten_set_canvas_element_size("#canvas", fb_w, fb_h);
    return v;
}

double now_ms() {
    return emscripten_date_now();
}
double monotonic_ms() {
    return emscripten_get_now();
}

void next_task(std::function<void()> step) {
    // A timeout of 0: the browser runs its queued tasks (a tap, a frame) before this one.
    emscripten_async_call(
        [](void* held) {
            std::unique_ptr<std::function<void()>> step(static_cast<std::function<void()>*>(held));
            (*step)();
        },
        new std::function<void()>(std::move(step)), 0);
}

TextTexture render_text(std::string_view text, float size, bool bold, bool rtl, float max_width,
                        float dpr, std::string_view lang) {
    std::string s(text), l(lang);
    TextTexture t;
    t.id =
        mawid_js_text(s.c_str(), size, bold, rtl, max_width, dpr, l.c_str(), &t.width, &t.height);
    return t;
}

void free_texture(unsigned id) {
    mawid_js_free_texture(id);
}

void fetch(int request, std::string_view method, std::string_view url, std::string_view body,
           std::string_view headers_json) {
    mawid_js_fetch(request, std::string(method).c_str(), std::string(url).c_str(),
                   std::string(body).c_str(), std::string(headers_json).c_str());
}

bool online() {
    return mawid_js_online() != 0;
}

std::string load(std::string_view key) {
    return take(mawid_js_load(std::string(key).c_str()));
}

void save(std::string_view key, std::string_view value) {
    mawid_js_save(std::string(key).c_str(), std::string(value).c_str());
}

void idb_get(int request, std::string_view key) {
    mawid_js_idb_get(request, std::string(key).c_str());
}

void idb_put(std::string_view key, std::string_view value) {
    mawid_js_idb_put(std::string(key).c_str(), std::string(value).c_str());
}

void idb_delete(std::string_view key) {
    mawid_js_idb_delete(std::string(key).c_str());
}

std::string language_index() {
    return take(mawid_js_language_index());
}

void load_table(std::string_view lang) {
    mawid_js_load_table(std::string(lang).c_str());
}

void set_document_language(std::string_view lang, bool rtl) {
    mawid_js_set_document_language(std::string(lang).c_str(), rtl);
}

void input_begin_frame() {
    mawid_js_input_begin_frame();
}

void place_input(int field, float x, float y, float w, float h, InputKind kind, bool rtl,
                 std::string_view value, std::string_view label, bool invalid) {
    mawid_js_place_input(field, x, y, w, h, static_cast<int>(kind), rtl, std::string(value).c_str(),
                         std::string(label).c_str(), invalid);
}

void input_end_frame() {
    mawid_js_input_end_frame();
}
void blur_inputs() {
    mawid_js_blur_inputs();
}

void publish_widgets(std::string_view json) {
    mawid_js_publish_widgets(std::string(json).c_str());
}

void mark_interactive() {
    mawid_js_mark_interactive();
}
void report_frame_time(double cpu_ms, double submit_ms) {
    mawid_js_frame_time(cpu_ms, submit_ms);
}
void geolocate(int request) {
    mawid_js_geolocate(request);
}

void download(std::string_view filename, std::string_view mime, std::string_view content) {
    mawid_js_download(std::string(filename).c_str(), std::string(mime).c_str(),
                      std::string(content).c_str());
}

void share(std::string_view title, std::string_view text) {
    mawid_js_share(std::string(title).c_str(), std::string(text).c_str());
}

void show_fatal(std::string_view key) {
    mawid_js_show_fatal(std::string(key).c_str());
}

void history_push() {
    mawid_js_history_push();
}

void history_back() {
    mawid_js_history_back();
}

std::string query_parameter(std::string_view name) {
    return take(mawid_js_query_parameter(std::string(name).c_str()));
}

void navigate(std::string_view url) {
    mawid_js_navigate(std::string(url).c_str());
}

std::string random_key() {
    return take(mawid_js_random_key());
}

}  // namespace platform
}  // namespace mawid::client

// Entry points the bridge calls back into. Strings are malloc'd by the bridge; we own them.
using mawid::client::g_listener;
using mawid::client::take;

extern "C" {
EMSCRIPTEN_KEEPALIVE void mawid_on_fetch(int request, int status, char* body, char* etag,
                                         int retry_after) {
    g_listener->on_fetch(request, status, take(body), take(etag), retry_after);
}
EMSCRIPTEN_KEEPALIVE void mawid_on_idb(int request, char* value) {
    if (value) {
        g_listener->on_idb(request, take(value));
    } else {
        g_listener->on_idb(request, std::nullopt);
    }
}
EMSCRIPTEN_KEEPALIVE void mawid_on_input(int field, char* value) {
    g_listener->on_input(field, take(value));
}
EMSCRIPTEN_KEEPALIVE void mawid_on_activate(char* id) {
    g_listener->on_activate(take(id));
}
EMSCRIPTEN_KEEPALIVE void mawid_on_geo(int request, int ok, double lat, double lon) {
    g_listener->on_geo(request, ok != 0, lat, lon);
}
EMSCRIPTEN_KEEPALIVE void mawid_on_focus(int field) {
    g_listener->on_focus(field);
}
EMSCRIPTEN_KEEPALIVE void mawid_on_back() {
    g_listener->on_back();
}
EMSCRIPTEN_KEEPALIVE void mawid_on_online(int online) {
    g_listener->on_online(online != 0);
}
EMSCRIPTEN_KEEPALIVE void mawid_on_table(char* lang, char* json) {
    g_listener->on_table(take(lang), take(json));
}
}
