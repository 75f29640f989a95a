#include "widget_registry.hpp"

#include <cmath>

#include <mawid/codec.hpp>

namespace mawid::client {

std::string WidgetRegistry::take_changes() {
    Json list = Json::array();
    for (const WidgetInfo& w : widgets_) {
        list.push_back({{"id", w.id},
                        {"label", w.label},
                        {"role", w.role},
                        {"x", std::round(w.x)},
                        {"y", std::round(w.y)},
                        {"w", std::round(w.w)},
                        {"h", std::round(w.h)},
                        {"state", w.state},
                        {"detail", w.detail}});
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
