// Mawid's widget kit on top of ImGui 1.86: every widget is a rectangle that ImGui
// hit-tests (InvisibleButton) and we draw ourselves, with text from browser-shaped
// textures. Layout runs along a Column; `rtl` mirrors every horizontal position,
// so screens are written once for both directions.
#pragma once

#include <string>
#include <string_view>

#include "imgui.h"
#include "imgui_internal.h"  // ImRect
#include "platform.hpp"

namespace mawid::client {
class TextCache;
class WidgetRegistry;
}  // namespace mawid::client

namespace mawid::client::ui {

// Colours (ABGR as ImGui packs them).
namespace colour {
inline constexpr ImU32 bg = IM_COL32(244, 246, 245, 255);
inline constexpr ImU32 card = IM_COL32(255, 255, 255, 255);
inline constexpr ImU32 text = IM_COL32(27, 31, 29, 255);
inline constexpr ImU32 muted = IM_COL32(84, 96, 90, 255);
inline constexpr ImU32 primary = IM_COL32(11, 110, 79, 255);
inline constexpr ImU32 primary_dark = IM_COL32(6, 78, 56, 255);
inline constexpr ImU32 primary_soft = IM_COL32(222, 240, 232, 255);
inline constexpr ImU32 on_primary = IM_COL32(255, 255, 255, 255);
inline constexpr ImU32 border = IM_COL32(208, 217, 212, 255);
inline constexpr ImU32 danger = IM_COL32(179, 38, 30, 255);
inline constexpr ImU32 danger_soft = IM_COL32(252, 232, 230, 255);
inline constexpr ImU32 warn_soft = IM_COL32(255, 243, 224, 255);
inline constexpr ImU32 disabled = IM_COL32(160, 170, 165, 255);
inline constexpr ImU32 pressed = IM_COL32(232, 238, 235, 255);
}  // namespace colour

enum class TextStyle { display, title, heading, body, body_bold, small, code };
enum class Align { start, centre, end };  // start = left in LTR, right in RTL
enum class Kind { primary, secondary, danger, quiet };
enum class Tone { info, warning, error, success };

// Minimum touch target (CSS px): large enough for a thumb.
inline constexpr float kTouch = 48.0f;
inline constexpr float kPad = 16.0f;

// What every widget needs during a frame.
struct FrameContext {
    ImDrawList* draw = nullptr;
    TextCache* text = nullptr;
    WidgetRegistry* registry = nullptr;
    bool rtl = false;
    std::string lang;  // the table's tag: text is drawn in this language's font
    float dpr = 1;
    ImRect view;              // visible part of the scrolling content
    std::string activate_id;  // a widget activated through the accessibility mirror
    int focused_field = -1;   // the HTML input that has focus (the keyboard is up)
    float scroll_fix = 0;     // set by a focused field outside the view: scroll by this much
};
void begin_frame(const FrameContext& context);
FrameContext& context();

// --- Primitives ---
// Hit-tests `rect` as one widget and records it in the registry. True when activated.
bool hit(std::string_view id, const ImRect& rect, std::string_view label, std::string_view role,
         bool enabled = true, bool selected = false);
// Records a non-interactive widget (text, heading, image) in the registry.
void note(std::string_view id, const ImRect& rect, std::string_view label, std::string_view role);
// Size of a string in a style, wrapped at `wrap` (0 = one line).
ImVec2 measure(std::string_view text, TextStyle style, float wrap = 0);
// Height of one line of `style` in the current language's font, measured (Nastaliq is
// about twice as tall as Latin at the same size): lay rows out with this, not constants.
float line_height(TextStyle style);
// A widget height for `lines` lines of `style` plus `pad`, never below `min_h`.
float fit(TextStyle style, float min_h, float pad, int lines = 1);
// Draws a string with its top-left at `pos`; returns its size.
ImVec2 draw_text(std::string_view text, TextStyle style, ImVec2 pos, ImU32 col, float wrap = 0);
// Draws a string inside `rect`, vertically centred, aligned in reading direction.
void draw_text_in(const ImRect& rect, std::string_view text, TextStyle style, ImU32 col,
                  Align align = Align::start, float wrap = 0);
// The arrow that means "back" in the reading direction, centred in `rect`.
void draw_back_arrow(const ImRect& rect, ImU32 col);
// A chevron pointing forward (the way rows lead), centred in `rect`.
void draw_forward_chevron(const ImRect& rect, ImU32 col);
// A chevron pointing backward (toward the leading edge), centred in `rect`.
void draw_backward_chevron(const ImRect& rect, ImU32 col);

// --- Layout ---
class Column {
public:
    Column(float left, float width, float top) : left_(left), width_(width), y_(top) {}
    float left() const { return left_; }
    float width() const { return width_; }
    float y() const { return y_; }
    void gap(float h) { y_ += h; }
    // The next `h` pixels of the column, full width.
    ImRect take(float h);
    // A horizontal piece of `row`: `w` wide, `from` px after the row's leading edge.
    ImRect piece(const ImRect& row, float from, float w) const;

private:
    float left_;
    float width_;
    float y_;
};

// --- Widgets ---
void title(Column& col, std::string_view id, std::string_view text);
void heading(Column& col, std::string_view id, std::string_view text);
void paragraph(Column& col, std::string_view id, std::string_view text,
               TextStyle style = TextStyle::body, ImU32 col_ = colour::text,
               Align align = Align::start);
bool button(Column& col, std::string_view id, std::string_view label, Kind kind = Kind::primary,
            bool enabled = true);
// A tappable row: title, an optional second line, an optional trailing note, a chevron.
bool row(Column& col, std::string_view id, std::string_view title, std::string_view subtitle = {},
         std::string_view trailing = {}, bool enabled = true, bool selected = false);
// A coloured box with text: offline state, errors, hints.
void notice(Column& col, std::string_view id, std::string_view text, Tone tone);
// A labelled text field: the box is a real HTML <input> placed over it.
void field(Column& col, int field_id, std::string_view label, platform::InputKind kind,
           std::string_view value, std::string_view error, std::string_view hint = {});
// A button-like rectangle with centred text (calendar days, time slots, chips).
bool tile(std::string_view id, const ImRect& rect, std::string_view text,
          std::string_view a11y_label, bool enabled, bool selected, TextStyle style,
          std::string_view second_line = {});

// Chips that flow in reading direction and wrap onto new lines; each line is as tall as
// the language's measured text needs, never below `min_height`.
class Flow {
public:
    Flow(Column& col, float min_height)
        : col_(col), height_(fit(TextStyle::body, min_height, 16)) {}
    bool chip(std::string_view id, std::string_view label, bool selected);
    void end();

private:
    Column& col_;
    float height_;
    float x_ = 0;     // offset from the leading edge
    float line_ = 0;  // lines started
    bool started_ = false;
    float top_ = 0;
};

}  // namespace mawid::client::ui
