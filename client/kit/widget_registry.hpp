// The frame's widgets (id, label, role, rectangle, state), rebuilt every frame.
// Published to the page as JSON when it changes: the accessibility mirror reads it,
// and the end-to-end tests find widgets by label and tap their rectangle.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mawid::client {

struct WidgetInfo {
    std::string id;
    std::string label;
    std::string role;                  // button | heading | text | field | image
    float x = 0, y = 0, w = 0, h = 0;  // CSS px, page coordinates
    std::string state;                 // space-separated: disabled selected offscreen invalid
    std::string detail;                // more to read out (a row's second line and status)
    float tw = 0, th = 0;              // the measured text drawn in it (0: none recorded)
};

class WidgetRegistry {
public:
    void begin_frame() { widgets_.clear(); }
    void add(WidgetInfo info) { widgets_.push_back(std::move(info)); }
    // Adds a description to the widget added last.
    void set_detail(std::string detail) {
        if (!widgets_.empty()) widgets_.back().detail = std::move(detail);
    }

    // Records the size of the text drawn in the widget added last (tests check it fits).
    void set_text_box(float w, float h) {
        if (!widgets_.empty()) widgets_.back().tw = w, widgets_.back().th = h;
    }

    // The frame's widgets as JSON, or "" when nothing changed since the last call.
    std::string take_changes();

private:
    std::vector<WidgetInfo> widgets_;
    std::string last_json_;
};

}  // namespace mawid::client
