#include "text_cache.hpp"

#include <cstdio>

namespace mawid::client {

namespace {
constexpr long kKeepFrames = 300;
}

const platform::TextTexture& TextCache::get(std::string_view text, float size, bool bold, bool rtl,
                                            float max_width, std::string_view lang) {
    char params[48];
    std::snprintf(params, sizeof params, "|%.1f|%d|%d|%.0f|", size, bold, rtl, max_width);
    std::string key(text);
    key += params;
    key += lang;
    auto it = entries_.find(key);
    if (it == entries_.end()) {
        Entry entry;
        entry.texture = platform::render_text(text, size, bold, rtl, max_width, dpr_, lang);
        it = entries_.emplace(std::move(key), entry).first;
    }
    it->second.last_used = frame_;
    return it->second.texture;
}

void TextCache::end_frame(float dpr) {
    ++frame_;
    bool dpr_changed = dpr != built_dpr_;
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (dpr_changed || frame_ - it->second.last_used > kKeepFrames) {
            platform::free_texture(it->second.texture.id);
            it = entries_.erase(it);
        } else {
            ++it;
        }
    }
    built_dpr_ = dpr;
    dpr_ = dpr;
}

}  // namespace mawid::client
