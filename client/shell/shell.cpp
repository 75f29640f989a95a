#include "shell.hpp"

#include <GLES3/gl3.h>

#include <algorithm>
#include <cmath>

#include <mawid/codec.hpp>

#include "format.hpp"
#include "imgui_impl_opengl3.h"
#include "json_read.hpp"

namespace mawid::client {

// ---------------------------------------------------------------- start and frame

void Shell::start(AppPart& part, void (*frame)()) {
    // Three tasks: the runtime's start (this one), the WebGL context, then ImGui and the
    // app. On a phone 4x slower than the test machine they were one task of 130-300 ms.
    platform::next_task([this, &part, frame] {
        if (!platform::init(&queue_, this)) {
            platform::show_fatal("error.no_webgl");
            return;
        }
        platform::next_task([this, &part, frame] {
            set_up_imgui();
            start_part(part);
            platform::run_main_loop(frame);
        });
    });
}

void Shell::set_up_imgui() {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // nothing to remember between visits but what we store ourselves
    io.LogFilename = nullptr;
    ImGui::GetStyle().WindowPadding = ImVec2(0, 0);
    ImGui::GetStyle().WindowBorderSize = 0;
    ImGui_ImplOpenGL3_Init("#version 300 es");
}

void Shell::start_part(AppPart& part) {
    online = platform::online();
    part_ = &part;
    part_->start();
    platform::load_table("");  // the stored choice, else the browser's language
    sync.start();
}

void Shell::frame() {
    bool moving = fling_ != 0 || !loaded();  // loading: the bar pulses
    if (!queue_.empty() || moving) wake(moving ? 1 : 3);
    if (wake_at_ms_ > 0 && platform::monotonic_ms() >= wake_at_ms_) {
        wake_at_ms_ = 0;
        wake(1);
    }
    if (frames_left_ <= 0 || gl_lost_) return;  // nothing changed: no frame, no battery spent
    if (gl_steps_done_ < 2) return set_up_gl();
    --frames_left_;
    double t0 = platform::monotonic_ms();
    double dt = last_frame_ms_ > 0 ? std::min(t0 - last_frame_ms_, 100.0) : 16.0;
    last_frame_ms_ = t0;

    platform::Viewport vp = platform::sync_viewport();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(vp.width, vp.height);
    io.DisplayFramebufferScale = ImVec2(vp.dpr, vp.dpr);
    io.DeltaTime = static_cast<float>(std::max(dt, 1.0) / 1000.0);
    text_.set_dpr(vp.dpr);
    ScrollInput scroll = queue_.feed(io);
    apply_scroll(scroll, dt);
    if (queue_.take_back_key()) back();

    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    draw();
    ImGui::Render();
    // Submitting draw calls is timed apart: with a software GPU (SwiftShader in the test
    // machine's headless Chromium) it mostly waits for the previous frame's rasterisation.
    double t_submit = platform::monotonic_ms();
    render(vp);
    double t_end = platform::monotonic_ms();
    after_frame(vp, scroll);
    double t_done = platform::monotonic_ms();
    platform::report_frame_time((t_submit - t0) + (t_done - t_end), t_end - t_submit);
}

// The GPU set-up before the first frame, one step per frame: sizing the drawing buffer, then
// making ImGui's shaders and font texture. Each waits on the GPU (50-100 ms on a software
// one); together with the first drawing they made the longest task of the app's start.
void Shell::set_up_gl() {
    if (gl_steps_done_ == 0) {
        platform::sync_viewport();
    } else {
        ImGui_ImplOpenGL3_CreateDeviceObjects();
    }
    ++gl_steps_done_;
}

void Shell::apply_scroll(const ScrollInput& scroll, double dt) {
    scroll_ += scroll.delta;
    if (scroll.dragging) fling_ = 0;
    if (scroll.fling != 0) fling_ = scroll.fling;
    if (fling_ != 0) {  // inertia: the content glides on and slows down
        scroll_ += fling_ * static_cast<float>(dt);
        fling_ *= static_cast<float>(std::pow(0.996, dt));
        if (std::fabs(fling_) < 0.02f) fling_ = 0;
    }
}

void Shell::render(const platform::Viewport& vp) {
    glViewport(0, 0, static_cast<int>(vp.width * vp.dpr), static_cast<int>(vp.height * vp.dpr));
    glClearColor(244 / 255.0f, 246 / 255.0f, 245 / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Shell::after_frame(const platform::Viewport& vp, const ScrollInput& scroll) {
    text_.end_frame(vp.dpr);
    // Publishing while the content glides would rebuild the mirror every frame.
    if (fling_ == 0 && !scroll.dragging) {
        std::string widgets = registry_.take_changes();
        if (!widgets.empty()) platform::publish_widgets(widgets);
    }
    if (!interactive_marked_ && loaded()) {
        interactive_marked_ = true;
        platform::mark_interactive();
    }
}

// ---------------------------------------------------------------- shared state

UnixSeconds Shell::now() const {
    return static_cast<UnixSeconds>(platform::now_ms() / 1000);
}

std::string Shell::input(int field) const {
    auto it = inputs_.find(field);
    return it == inputs_.end() ? std::string() : it->second;
}

void Shell::set_input(int field, std::string value) {
    inputs_[field] = std::move(value);
    wake();
}

// ---------------------------------------------------------------- back and languages

void Shell::back() {
    if (languages_open_) return platform::history_back();
    part_->back();
}

void Shell::on_back() {
    if (!part_) return;  // not started: nothing to go back from
    if (languages_open_) {
        languages_open_ = false;
    } else {
        part_->on_back();
    }
    scroll_to_top();
    platform::blur_inputs();
    wake();
}

void Shell::switch_language() {
    Json index = parse(platform::language_index());
    if (!index.is_array() || index.size() < 2) return;
    if (index.size() > 2) {
        if (languages_open_) return;
        languages_open_ = true;
        platform::history_push();
        scroll_to_top();
        platform::blur_inputs();
        return wake();
    }
    for (const Json& l : index) {
        if (str(l, "tag") != tr.lang()) return choose_language(str(l, "tag"));
    }
}

void Shell::choose_language(const std::string& tag) {
    platform::save("lang", tag);
    platform::load_table(tag);
}

void Shell::on_table(std::string lang, std::string json) {
    // Counts pick their form by the browser's plural rules; months and weekdays are named
    // by the browser's Intl (the table's names when it has none for this language).
    mawid::set_plural_rule(&platform::plural_category);
    if (!tr.load(lang, json)) return;
    use_calendar_names(tr, platform::calendar_names(tr.lang()));
    Json index = parse(platform::language_index());
    language_count = index.is_array() ? static_cast<int>(index.size()) : 0;
    platform::set_document_language(tr.lang(), tr.rtl());
    if (languages_open_) back();
    wake();
}

// ---------------------------------------------------------------- the platform's reports

void Shell::on_fetch(int request, int status, std::string body, std::string etag, int retry_after) {
    if (status != 0) online = true;  // an answer proves the network (status 0 proves nothing)
    requests.on_fetch(request, {status, std::move(body), std::move(etag), retry_after});
    wake();
}

void Shell::on_idb(int request, std::optional<std::string> value) {
    requests.on_idb(request, std::move(value));
    wake();
}

void Shell::on_geo(int request, bool ok, double lat, double lon) {
    requests.on_geo(request, ok, lat, lon);
    wake();
}

void Shell::on_online(bool is_online) {
    if (!part_) return;  // not started: start_part reads the network's state itself
    online = is_online;
    if (is_online) sync.retry();
    part_->on_online(is_online);
    wake();
}

void Shell::on_input(int field, std::string value) {
    part_->on_input(field, std::move(value));
    wake();
}

void Shell::on_focus(int field) {
    focused_field_ = field;
    wake();
}

void Shell::on_activate(std::string widget_id) {
    activate_id_ = std::move(widget_id);
    wake();
}

void Shell::on_gl_lost() {
    gl_lost_ = true;
}

void Shell::on_gl_restored() {
    // Everything on the GPU is gone: ImGui's font and buffers, and every text texture.
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplOpenGL3_Init("#version 300 es");
    text_.forget();
    gl_lost_ = false;
    wake();
}

}  // namespace mawid::client
