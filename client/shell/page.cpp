// What the shell draws: the window, the scrolling content (the app's, the loading bar or
// the list of languages) and the header above it.
#include <algorithm>
#include <cmath>

#include <mawid/codec.hpp>

#include "json_read.hpp"
#include "shell.hpp"

namespace mawid::client {

namespace {
constexpr float kHeaderHeight = 56.0f;  // at least; a tall script makes it taller
constexpr float kLanguagesWidth = 560.0f;
// The language switch is outlined: clear of the screen's edge, as a thumb and the eye expect.
constexpr float kLanguageMargin = 10.0f;
}  // namespace

void Shell::draw() {
    ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("##mawid", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground |
                     ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBringToFrontOnFocus);
    registry_.begin_frame();
    platform::input_begin_frame();
    ui::FrameContext ctx;
    ctx.draw = ImGui::GetWindowDrawList();
    ctx.text = &text_;
    ctx.registry = &registry_;
    ctx.rtl = tr.rtl();
    ctx.lang = tr.lang();
    ctx.dpr = io.DisplayFramebufferScale.x;
    ctx.focused_field = focused_field_;
    ctx.activate_id = std::move(activate_id_);
    activate_id_.clear();

    ui::begin_frame(ctx);
    // The header is drawn after the content but must describe the same screen, even when
    // a tap in the content has just moved on (the next frame draws the new screen).
    bool was_loaded = loaded();
    const char* title = languages_open_ ? "language.title" : part_->title_key();
    bool has_back = languages_open_ || part_->can_go_back();
    HeaderLayout header;
    header.height = kHeaderHeight;
    if (was_loaded) header = header_layout(title, has_back, io.DisplaySize.x);
    ImRect view(0, header.height, io.DisplaySize.x, io.DisplaySize.y);
    ui::context().view = view;
    draw_content(view);
    ui::context().view = ImRect(0, 0, io.DisplaySize.x, header.height);
    if (was_loaded)
        draw_header(header, has_back, io.DisplaySize.x);
    else
        ui::context().draw->AddRectFilled(ImVec2(0, 0), ImVec2(io.DisplaySize.x, header.height),
                                          ui::colour::primary);
    if (ui::context().scroll_fix != 0) {
        scroll_ += ui::context().scroll_fix;
        wake();
    }
    platform::input_end_frame();
    ImGui::End();
}

void Shell::draw_content(const ImRect& view) {
    float max_width = languages_open_ || !loaded() ? kLanguagesWidth : part_->max_width();
    float width = std::min(view.GetWidth() - 2 * ui::kPad, max_width);
    float left = (view.GetWidth() - width) / 2;
    float max_scroll = std::max(0.0f, content_height_ - view.GetHeight());
    scroll_ = std::clamp(scroll_, 0.0f, max_scroll);
    if (scroll_ == 0 || scroll_ == max_scroll) fling_ = 0;

    ImGui::PushClipRect(view.Min, view.Max, true);
    ui::context().draw->PushClipRect(view.Min, view.Max, true);
    float top = view.Min.y + 20 - scroll_;
    ui::Column col(left, width, top);
    if (!loaded()) {
        draw_loading(col);
    } else if (languages_open_) {
        draw_languages(col);
    } else {
        part_->draw(col);
    }
    content_height_ = col.y() - top + 40;
    ui::context().draw->PopClipRect();
    ImGui::PopClipRect();
}

Shell::HeaderLayout Shell::header_layout(const char* title_key, bool has_back, float width) const {
    HeaderLayout h;
    h.from = has_back ? 4 + ui::kTouch + 4 : ui::kPad;
    // Two languages: the button names the other one and switches. More: it opens the list.
    h.lang_label = language_count > 2 ? tr("language.title") : tr("lang.switch");
    ImVec2 lang = ui::measure(h.lang_label, ui::TextStyle::body_bold);
    h.lang_w = lang.x + 24;
    h.title = tr(title_key);
    float title_w = std::max(0.0f, width - h.from - h.lang_w - kLanguageMargin - 8);
    // A title too long for one line on a narrow phone drops a size and wraps.
    if (ui::measure(h.title, h.style).x > title_w) {
        h.style = ui::TextStyle::body_bold;
        h.wrap = title_w;
    }
    h.title_size = ui::measure(h.title, h.style, h.wrap);
    h.height = std::max({kHeaderHeight, h.title_size.y + 8, lang.y + 12 + 8});
    return h;
}

void Shell::draw_header(const HeaderLayout& h, bool has_back, float width) {
    ImDrawList* dl = ui::context().draw;
    ImRect bar(0, 0, width, h.height);
    dl->AddRectFilled(bar.Min, bar.Max, ui::colour::primary);
    ui::Column line(0, width, 0);
    ImRect row = line.take(h.height);
    if (has_back) {
        ImRect b = line.piece(row, 4, ui::kTouch);
        b.Min.y += 4, b.Max.y -= 4;
        if (ui::hit("nav/back", b, tr("nav.back"), "button")) back();
        ui::draw_back_arrow(b, ui::colour::on_primary);
    }
    // The language switch sits at the trailing edge; the title fills what is between.
    ImRect l = line.piece(row, width - h.lang_w - kLanguageMargin, h.lang_w);
    l.Min.y += 6, l.Max.y -= 6;
    if (ui::hit("nav/lang", l, h.lang_label, "button")) switch_language();
    ImVec2 ls = ui::measure(h.lang_label, ui::TextStyle::body_bold);
    registry_.set_text_box(ls.x, ls.y);
    dl->AddRect(l.Min, l.Max, IM_COL32(255, 255, 255, 140), 8);
    ui::draw_text_in(l, h.lang_label, ui::TextStyle::body_bold, ui::colour::on_primary,
                     ui::Align::centre);
    const std::string& title = h.title;
    const float from = h.from;
    const ImVec2 ts = h.title_size;
    const float title_room = std::max(0.0f, width - from - h.lang_w - kLanguageMargin - 8);
    ImRect t = line.piece(row, from, title_room);
    ImRect tr_rect = line.piece(row, from, std::min(ts.x, t.GetWidth()));
    ui::draw_text_in(t, title, h.style, ui::colour::on_primary, ui::Align::start, h.wrap);
    ui::note("nav/title",
             ImRect(tr_rect.Min.x, row.GetCenter().y - ts.y / 2, tr_rect.Max.x,
                    row.GetCenter().y + ts.y / 2),
             title, "heading");
}

void Shell::draw_loading(ui::Column& col) {
    // No text yet (the table is on its way): a quiet pulsing bar.
    ImRect r = col.take(6);
    float t = static_cast<float>(ImGui::GetTime());
    float x = r.Min.x + (r.GetWidth() - 80) * (0.5f + 0.5f * std::sin(t * 3));
    ui::context().draw->AddRectFilled(ImVec2(x, r.Min.y), ImVec2(x + 80, r.Max.y),
                                      ui::colour::primary, 3);
}

void Shell::draw_languages(ui::Column& col) {
    Json index = parse(platform::language_index());
    if (!index.is_array()) return;
    for (const Json& l : index) {
        std::string tag = str(l, "tag");
        std::string name = l.value("name", tag);
        // Each name in its own script and its own font (Urdu's in Nastaliq).
        ui::context().lang = tag;
        bool chosen = ui::row(col, "lang/" + tag, name, {}, {}, true, tag == tr.lang());
        ui::context().lang = tr.lang();
        if (chosen) choose_language(tag);
    }
}

}  // namespace mawid::client
