#include "widget_registry.hpp"

#include <cmath>

#include <mawid/codec.hpp>

namespace mawid::client {
namespace {

// A label without the directional isolates (U+2066..U+2069, three bytes each) that steer
// how a code or a number is drawn: the accessibility mirror reads text in logical order.
std::string without_isolates(std::string_view text) {
    std::string plain;
    plain.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool isolate = i + 2 < text.size() && static_cast<unsigned char>(text[i]) == 0xE2 &&
                             static_cast<unsigned char>(text[i + 1]) == 0x81 &&
                             static_cast<unsigned char>(text[i + 2]) >= 0xA6 &&
                             static_cast<unsigned char>(text[i + 2]) <= 0xA9;
        if (isolate) {
            i += 2;
        } else {
            plain += text[i];
        }
    }
    return plain;
}

}  // namespace

std::string WidgetRegistry::take_changes() {
    Json list = Json::array();
    for (const WidgetInfo& w : widgets_) {
        list.push_back({{"id", w.id},
                        {"label", without_isolates(w.label)},
                        {"role", w.role},
                        {"x", std::round(w.x)},
                        {"y", std::round(w.y)},
                        {"w", std::round(w.w)},
                        {"h", std::round(w.h)},
                        {"state", w.state},
                        {"detail", without_isolates(w.detail)}});
        if (w.th > 0) {
            list.back()["tw"] = std::ceil(w.tw);
            list.back()["th"] = std::ceil(w.th);
        }
    }
    std::string json = list.dump();
    if (json == last_json_) return {};
    last_json_ = json;
    return json;
}

}  // namespace mawid::client
