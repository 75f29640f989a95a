// The page host shared by both apps: the platform seam, the frame loop, GL, scrolling,
// the header (back, title, language), the translation table, HTML input values, the one
// request router and the one catalogue sync. It knows neither app: it drives one AppPart.
#pragma once

#include <map>
#include <optional>
#include <string>

#include <mawid/catalog.hpp>
#include <mawid/civil_time.hpp>

#include "app_part.hpp"
#include "catalog_sync.hpp"
#include "i18n.hpp"
#include "input_queue.hpp"
#include "platform.hpp"
#include "router.hpp"
#include "text_cache.hpp"
#include "ui.hpp"
#include "widget_registry.hpp"

namespace mawid::client {

class Shell : public PlatformListener {
public:
    Shell() = default;
    Shell(const Shell&) = delete;
    Shell& operator=(const Shell&) = delete;

    // Brings up the platform and GL, then starts `part` and calls `frame` from every
    // animation frame, in tasks after this call's. Without WebGL 2 the page shows why the
    // app cannot start.
    void start(AppPart& part, void (*frame)());
    void frame();

    // --- Read by apps ---
    Strings tr;
    Router requests;
    CatalogSync sync{requests, [this] { wake(); }};
    const std::optional<Catalog>& catalog = sync.catalog;
    bool online = true;
    int language_count = 0;  // tables shipped (from i18n/index.json)

    UnixSeconds now() const;
    std::string input(int field) const;
    void set_input(int field, std::string value);
    void reload_catalog() { sync.refresh(); }  // after a schedule change
    void wake(int frames = 3) { frames_left_ = std::max(frames_left_, frames); }
    // Draws again at a moment of platform::monotonic_ms() (a countdown's next second),
    // without drawing every frame until then.
    void wake_at(double monotonic_ms) {
        if (wake_at_ms_ <= 0 || monotonic_ms < wake_at_ms_) wake_at_ms_ = monotonic_ms;
    }
    void scroll_to_top() {
        scroll_ = 0;
        fling_ = 0;
    }
    // The language button: switches between two, or opens the list of more.
    void switch_language();
    void choose_language(const std::string& tag);

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

private:
    void set_up_imgui();
    void start_part(AppPart& part);
    bool loaded() const { return !tr.lang().empty(); }
    void back();
    void set_up_gl();
    void apply_scroll(const ScrollInput& scroll, double dt);
    void render(const platform::Viewport& vp);
    void after_frame(const platform::Viewport& vp, const ScrollInput& scroll);
    // page.cpp: what is drawn.
    void draw();
    void draw_content(const ImRect& view);
    // The header's pieces, measured: its height grows with a tall script or a wrapped title.
    struct HeaderLayout {
        std::string title, lang_label;
        ui::TextStyle style = ui::TextStyle::heading;
        float wrap = 0, from = 0, lang_w = 0, height = 0;
        ImVec2 title_size;
    };
    HeaderLayout header_layout(const char* title_key, bool has_back, float width) const;
    void draw_header(const HeaderLayout& h, bool has_back, float width);
    void draw_loading(ui::Column& col);
    void draw_languages(ui::Column& col);

    AppPart* part_ = nullptr;
    std::map<int, std::string> inputs_;  // field -> text typed
    bool languages_open_ = false;        // the list of languages covers the app
    InputQueue queue_;
    TextCache text_;
    WidgetRegistry registry_;
    std::string activate_id_;
    int frames_left_ = 3;
    double wake_at_ms_ = 0;  // 0 = no timed wake
    float scroll_ = 0;
    float fling_ = 0;  // px per ms
    float content_height_ = 0;
    int focused_field_ = -1;
    bool gl_lost_ = false;
    int gl_steps_done_ = 0;  // of set_up_gl's two
    double last_frame_ms_ = 0;
    bool interactive_marked_ = false;
};

}  // namespace mawid::client
