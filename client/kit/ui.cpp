#include "ui.hpp"

#include <algorithm>
#include <cmath>

#include "text_cache.hpp"
#include "widget_registry.hpp"

namespace mawid::client::ui {

namespace {

FrameContext g_context;
bool g_last_active = false;

struct FontSpec {
    float size;
    bool bold;
};

FontSpec font_of(TextStyle style) {
    switch (style) {
        case TextStyle::display:
            return {34, true};
        case TextStyle::title:
            return {24, true};
        case TextStyle::heading:
            return {19, true};
        case TextStyle::body:
            return {17, false};
        case TextStyle::body_bold:
            return {17, true};
        case TextStyle::small:
            return {14, false};
        case TextStyle::code:
            return {40, true};
    }
    return {17, false};
}

// Snaps to the device pixel grid so text textures are drawn 1:1 and stay sharp.
float snap(float v) {
    return std::round(v * g_context.dpr) / g_context.dpr;
}

float leading_x(const ImRect& r, float w, Align align) {
    bool left = (align == Align::start) != g_context.rtl;
    if (align == Align::centre) return r.Min.x + (r.GetWidth() - w) * 0.5f;
    return left ? r.Min.x : r.Max.x - w;
}

std::string state_of(const ImRect& rect, bool enabled, bool selected) {
    std::string state;
    auto add = [&](const char* s) {
        if (!state.empty()) state += ' ';
        state += s;
    };
    if (!enabled) add("disabled");
    if (selected) add("selected");
    if (!g_context.view.Contains(rect.GetCenter())) add("offscreen");
    return state;
}

}  // namespace

void begin_frame(const FrameContext& context) {
    g_context = context;
}
FrameContext& context() {
    return g_context;
}

bool hit(std::string_view id, const ImRect& rect, std::string_view label, std::string_view role,
         bool enabled, bool selected) {
    ImGui::SetCursorScreenPos(rect.Min);
    ImGui::PushID(id.data(), id.data() + id.size());
    ImVec2 size(std::max(rect.GetWidth(), 1.0f), std::max(rect.GetHeight(), 1.0f));
    bool pressed = ImGui::InvisibleButton("##hit", size) && enabled;
    g_last_active = enabled && ImGui::IsItemActive();
    ImGui::PopID();
    if (enabled && !g_context.activate_id.empty() && g_context.activate_id == id) {
        pressed = true;
        g_context.activate_id.clear();
    }
    g_context.registry->add({std::string(id),
                             std::string(label),
                             std::string(role),
                             rect.Min.x,
                             rect.Min.y,
                             rect.GetWidth(),
                             rect.GetHeight(),
                             state_of(rect, enabled, selected),
                             {}});
    return pressed;
}

void note(std::string_view id, const ImRect& rect, std::string_view label, std::string_view role) {
    g_context.registry->add({std::string(id),
                             std::string(label),
                             std::string(role),
                             rect.Min.x,
                             rect.Min.y,
                             rect.GetWidth(),
                             rect.GetHeight(),
                             state_of(rect, true, false),
                             {}});
}

ImVec2 measure(std::string_view text, TextStyle style, float wrap) {
    if (text.empty()) return ImVec2(0, 0);
    FontSpec f = font_of(style);
    const platform::TextTexture& t =
        g_context.text->get(text, f.size, f.bold, g_context.rtl, wrap, g_context.lang);
    return ImVec2(t.width, t.height);
}

float line_height(TextStyle style) {
    // Digits and a tall Latin pair: the font's own ascent and descent dominate anyway.
    return measure("0Ag", style).y;
}

float fit(TextStyle style, float min_h, float pad, int lines) {
    return std::max(min_h, line_height(style) * lines + pad);
}

ImVec2 draw_text(std::string_view text, TextStyle style, ImVec2 pos, ImU32 col, float wrap) {
    if (text.empty()) return ImVec2(0, 0);
    FontSpec f = font_of(style);
    const platform::TextTexture& t =
        g_context.text->get(text, f.size, f.bold, g_context.rtl, wrap, g_context.lang);
    ImVec2 p(snap(pos.x), snap(pos.y));
    g_context.draw->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(t.id)), p,
                             ImVec2(p.x + t.width, p.y + t.height), ImVec2(0, 0), ImVec2(1, 1),
                             col);
    return ImVec2(t.width, t.height);
}

void draw_text_in(const ImRect& rect, std::string_view text, TextStyle style, ImU32 col,
                  Align align, float wrap) {
    ImVec2 size = measure(text, style, wrap);
    draw_text(text, style, ImVec2(leading_x(rect, size.x, align), rect.GetCenter().y - size.y / 2),
              col, wrap);
}

void draw_back_arrow(const ImRect& rect, ImU32 col) {
    ImVec2 c = rect.GetCenter();
    float d = g_context.rtl ? -1.0f : 1.0f;  // the arrow points toward the leading edge
    ImDrawList* dl = g_context.draw;
    dl->AddLine(ImVec2(c.x + 8 * d, c.y), ImVec2(c.x - 8 * d, c.y), col, 2.5f);
    dl->AddLine(ImVec2(c.x - 8 * d, c.y), ImVec2(c.x - 1 * d, c.y - 7), col, 2.5f);
    dl->AddLine(ImVec2(c.x - 8 * d, c.y), ImVec2(c.x - 1 * d, c.y + 7), col, 2.5f);
}

void draw_forward_chevron(const ImRect& rect, ImU32 col) {
    ImVec2 c = rect.GetCenter();
    float d = g_context.rtl ? -1.0f : 1.0f;
    g_context.draw->AddLine(ImVec2(c.x - 3 * d, c.y - 6), ImVec2(c.x + 3 * d, c.y), col, 2.0f);
    g_context.draw->AddLine(ImVec2(c.x + 3 * d, c.y), ImVec2(c.x - 3 * d, c.y + 6), col, 2.0f);
}

void draw_backward_chevron(const ImRect& rect, ImU32 col) {
    ImVec2 c = rect.GetCenter();
    float d = g_context.rtl ? 1.0f : -1.0f;
    g_context.draw->AddLine(ImVec2(c.x - 3 * d, c.y - 6), ImVec2(c.x + 3 * d, c.y), col, 2.0f);
    g_context.draw->AddLine(ImVec2(c.x + 3 * d, c.y), ImVec2(c.x - 3 * d, c.y + 6), col, 2.0f);
}

ImRect Column::take(float h) {
    ImRect r(left_, y_, left_ + width_, y_ + h);
    y_ += h;
    return r;
}

ImRect Column::piece(const ImRect& row, float from, float w) const {
    if (g_context.rtl) return ImRect(row.Max.x - from - w, row.Min.y, row.Max.x - from, row.Max.y);
    return ImRect(row.Min.x + from, row.Min.y, row.Min.x + from + w, row.Max.y);
}

void title(Column& col, std::string_view id, std::string_view text) {
    ImVec2 size = measure(text, TextStyle::title, col.width());
    ImRect r = col.take(size.y);
    draw_text_in(r, text, TextStyle::title, colour::text, Align::start, col.width());
    note(id, r, text, "heading");
    col.gap(12);
}

void heading(Column& col, std::string_view id, std::string_view text) {
    ImVec2 size = measure(text, TextStyle::heading, col.width());
    ImRect r = col.take(size.y);
    draw_text_in(r, text, TextStyle::heading, colour::text, Align::start, col.width());
    note(id, r, text, "heading");
    col.gap(8);
}

void paragraph(Column& col, std::string_view id, std::string_view text, TextStyle style, ImU32 col_,
               Align align) {
    ImVec2 size = measure(text, style, col.width());
    ImRect r = col.take(size.y);
    draw_text_in(r, text, style, col_, align, col.width());
    note(id, r, text, "text");
    col.gap(8);
}

bool button(Column& col, std::string_view id, std::string_view label, Kind kind, bool enabled) {
    float wrap = col.width() - 2 * kPad;
    ImVec2 size = measure(label, TextStyle::body_bold, wrap);
    ImRect r = col.take(std::max(52.0f, size.y + 20));
    bool pressed = hit(id, r, label, "button", enabled);
    g_context.registry->set_text_box(size.x, size.y);
    ImU32 fill = colour::primary, fg = colour::on_primary, edge = 0;
    if (kind == Kind::secondary) fill = colour::card, fg = colour::primary, edge = colour::primary;
    if (kind == Kind::danger) fill = colour::danger, fg = colour::on_primary;
    if (kind == Kind::quiet) fill = 0, fg = colour::primary;
    if (!enabled) fill = kind == Kind::quiet ? 0 : colour::border, fg = colour::muted, edge = 0;
    if (g_last_active) fill = kind == Kind::primary ? colour::primary_dark : colour::pressed;
    if (fill) g_context.draw->AddRectFilled(r.Min, r.Max, fill, 12);
    if (edge) g_context.draw->AddRect(r.Min, r.Max, edge, 12, 0, 1.5f);
    draw_text_in(r, label, TextStyle::body_bold, fg, Align::centre, wrap);
    col.gap(12);
    return pressed;
}

bool row(Column& col, std::string_view id, std::string_view title_text, std::string_view subtitle,
         std::string_view trailing, bool enabled, bool selected) {
    float trailing_w = trailing.empty() ? 0 : measure(trailing, TextStyle::small).x + 8;
    float text_w = col.width() - 2 * kPad - 24 - trailing_w;
    ImVec2 t = measure(title_text, TextStyle::body_bold, text_w);
    ImVec2 s = measure(subtitle, TextStyle::small, text_w);
    float h = std::max(64.0f, t.y + s.y + 24);
    ImRect r = col.take(h);
    bool pressed = hit(id, r, title_text, "button", enabled, selected);
    std::string detail(subtitle);
    for (char& c : detail) c = c == '\n' ? ' ' : c;
    if (!trailing.empty()) detail += (detail.empty() ? "" : " · ") + std::string(trailing);
    g_context.registry->set_detail(std::move(detail));
    g_context.registry->set_text_box(std::max(t.x, s.x), t.y + s.y);
    ImU32 fill = g_last_active ? colour::pressed : selected ? colour::primary_soft : colour::card;
    g_context.draw->AddRectFilled(r.Min, r.Max, fill, 10);
    ImRect text_area = col.piece(r, kPad, text_w);
    float top = r.GetCenter().y - (t.y + s.y) / 2;
    ImU32 fg = enabled ? colour::text : colour::disabled;
    draw_text(title_text, TextStyle::body_bold,
              ImVec2(leading_x(text_area, t.x, Align::start), top), fg, text_w);
    if (!subtitle.empty()) {
        draw_text(subtitle, TextStyle::small,
                  ImVec2(leading_x(text_area, s.x, Align::start), top + t.y), colour::muted,
                  text_w);
    }
    ImRect chevron = col.piece(r, col.width() - 32, 24);
    if (!trailing.empty()) {
        ImRect tr = col.piece(r, col.width() - 32 - trailing_w, trailing_w);
        draw_text_in(tr, trailing, TextStyle::small, colour::muted, Align::end);
    }
    draw_forward_chevron(chevron, colour::muted);
    col.gap(8);
    return pressed;
}

void notice(Column& col, std::string_view id, std::string_view text, Tone tone) {
    float wrap = col.width() - 2 * 14;
    ImVec2 size = measure(text, TextStyle::body, wrap);
    ImRect r = col.take(size.y + 24);
    ImU32 fill = tone == Tone::error     ? colour::danger_soft
                 : tone == Tone::warning ? colour::warn_soft
                 : tone == Tone::success ? colour::primary_soft
                                         : colour::card;
    g_context.draw->AddRectFilled(r.Min, r.Max, fill, 10);
    if (tone == Tone::error) {
        ImRect bar = col.piece(r, 0, 4);
        g_context.draw->AddRectFilled(bar.Min, bar.Max, colour::danger, 2);
    }
    draw_text_in(ImRect(r.Min.x + 14, r.Min.y, r.Max.x - 14, r.Max.y), text, TextStyle::body,
                 tone == Tone::error ? colour::danger : colour::text, Align::start, wrap);
    note(id, r, text, tone == Tone::error ? "alert" : "text");
    g_context.registry->set_text_box(size.x, size.y);
    col.gap(12);
}

void field(Column& col, int field_id, std::string_view label, platform::InputKind kind,
           std::string_view value, std::string_view error, std::string_view hint) {
    ImVec2 l = measure(label, TextStyle::body_bold, col.width());
    ImRect lr = col.take(l.y);
    draw_text_in(lr, label, TextStyle::body_bold, colour::text, Align::start, col.width());
    col.gap(6);
    ImRect box = col.take(fit(TextStyle::body, 52, 16));
    g_context.draw->AddRectFilled(box.Min, box.Max, colour::card, 10);
    g_context.draw->AddRect(box.Min, box.Max, error.empty() ? colour::border : colour::danger, 10,
                            0, 2);
    // The input is shown only while its whole box is visible (not under the header),
    // except the focused one: hiding it would drop the keyboard. When the keyboard
    // shrinks the view and covers it, the content scrolls to bring it back.
    bool focused = field_id == g_context.focused_field;
    if (focused) {
        const float margin = 12;
        if (box.Max.y > g_context.view.Max.y - margin) {
            g_context.scroll_fix = box.Max.y - (g_context.view.Max.y - margin);
        } else if (box.Min.y < g_context.view.Min.y + margin) {
            g_context.scroll_fix = box.Min.y - (g_context.view.Min.y + margin);
        }
    }
    if (focused || g_context.view.Contains(box)) {
        platform::place_input(field_id, box.Min.x, box.Min.y, box.GetWidth(), box.GetHeight(), kind,
                              g_context.rtl, value, label, !error.empty());
    }
    std::string state = error.empty() ? "" : "invalid";
    if (!g_context.view.Contains(box.GetCenter()))
        state += state.empty() ? "offscreen" : " offscreen";
    g_context.registry->add({"field/" + std::to_string(field_id),
                             std::string(label),
                             "field",
                             box.Min.x,
                             box.Min.y,
                             box.GetWidth(),
                             box.GetHeight(),
                             state,
                             {}});
    col.gap(6);
    std::string_view below = error.empty() ? hint : error;
    if (!below.empty()) {
        ImVec2 b = measure(below, TextStyle::small, col.width());
        ImRect br = col.take(b.y);
        draw_text_in(br, below, TextStyle::small, error.empty() ? colour::muted : colour::danger,
                     Align::start, col.width());
        note(error.empty() ? "hint/" + std::to_string(field_id)
                           : "error/" + std::to_string(field_id),
             br, below, error.empty() ? "text" : "alert");
    }
    col.gap(14);
}

bool tile(std::string_view id, const ImRect& rect, std::string_view text,
          std::string_view a11y_label, bool enabled, bool selected, TextStyle style,
          std::string_view second_line) {
    bool pressed = hit(id, rect, a11y_label, "button", enabled, selected);
    ImU32 fill = selected ? colour::primary : enabled ? colour::card : 0;
    if (g_last_active) fill = selected ? colour::primary_dark : colour::pressed;
    ImU32 fg = selected ? colour::on_primary : enabled ? colour::text : colour::disabled;
    if (fill) g_context.draw->AddRectFilled(rect.Min, rect.Max, fill, 8);
    if (enabled && !selected) g_context.draw->AddRect(rect.Min, rect.Max, colour::border, 8);
    ImVec2 a = measure(text, style), b = measure(second_line, TextStyle::small);
    g_context.registry->set_text_box(std::max(a.x, b.x), a.y + b.y);
    if (second_line.empty()) {
        draw_text_in(rect, text, style, fg, Align::centre);
    } else {
        float top = rect.GetCenter().y - (a.y + b.y) / 2;
        draw_text(text, style, ImVec2(rect.GetCenter().x - a.x / 2, top), fg);
        draw_text(second_line, TextStyle::small, ImVec2(rect.GetCenter().x - b.x / 2, top + a.y),
                  selected ? colour::on_primary : colour::muted);
    }
    return pressed;
}

bool Flow::chip(std::string_view id, std::string_view label, bool selected) {
    if (!started_) {
        top_ = col_.y();
        started_ = true;
    }
    float w = measure(label, TextStyle::body).x + 32;
    if (x_ > 0 && x_ + w > col_.width()) {
        x_ = 0;
        line_ += 1;
    }
    float y = top_ + line_ * (height_ + 8);
    ImRect line(col_.left(), y, col_.left() + col_.width(), y + height_);
    ImRect r = col_.piece(line, x_, w);
    x_ += w + 8;
    bool pressed = hit(id, r, label, "button", true, selected);
    g_context.registry->set_text_box(w - 32, measure(label, TextStyle::body).y);
    ImU32 fill = selected ? colour::primary : g_last_active ? colour::pressed : colour::card;
    g_context.draw->AddRectFilled(r.Min, r.Max, fill, height_ / 2);
    if (!selected) g_context.draw->AddRect(r.Min, r.Max, colour::border, height_ / 2);
    draw_text_in(r, label, TextStyle::body, selected ? colour::on_primary : colour::text,
                 Align::centre);
    return pressed;
}

void Flow::end() {
    if (started_) col_.gap((line_ + 1) * (height_ + 8) + 4);
}

}  // namespace mawid::client::ui
