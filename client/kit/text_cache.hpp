// Textures of strings shaped by the browser, cached by (string, size, weight,
// direction, wrap width) and freed when a few hundred frames pass without use.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "platform.hpp"

namespace mawid::client {

class TextCache {
public:
    // The texture for a string at `size` CSS px in the font of `lang`; wraps at max_width
    // (0 = one line).
    const platform::TextTexture& get(std::string_view text, float size, bool bold, bool rtl,
                                     float max_width, std::string_view lang);

    // Marks a frame boundary; frees textures unused for a while. A new devicePixelRatio
    // (zoom, moving the window to another screen) redraws everything.
    void end_frame(float dpr);

    void set_dpr(float dpr) { dpr_ = dpr; }

    // Drops every entry without deleting textures (after the GL context was lost, the
    // old texture names mean nothing).
    void forget() { entries_.clear(); }

private:
    struct Entry {
        platform::TextTexture texture;
        long last_used = 0;
    };
    std::unordered_map<std::string, Entry> entries_;
    long frame_ = 0;
    float dpr_ = 1;
    float built_dpr_ = 1;
};

}  // namespace mawid::client
