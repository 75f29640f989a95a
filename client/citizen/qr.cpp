#include "qr.hpp"

#include <cmath>

#include "qrcodegen.hpp"

namespace mawid::client {

bool draw_qr(ImDrawList* draw, const std::string& text, ImVec2 top_left, float size) {
    using qrcodegen::QrCode;
    // Codes are short upper-case alphanumerics, so this never exceeds version 2.
    QrCode qr = QrCode::encodeText(text.c_str(), QrCode::Ecc::MEDIUM);
    const int quiet = 4;
    int modules = qr.getSize() + 2 * quiet;
    float cell = std::floor(size / modules);
    float inset = std::floor((size - cell * modules) / 2);
    ImVec2 origin(top_left.x + inset, top_left.y + inset);
    draw->AddRectFilled(top_left, ImVec2(top_left.x + size, top_left.y + size),
                        IM_COL32(255, 255, 255, 255));
    for (int y = 0; y < qr.getSize(); ++y) {
        for (int x = 0; x < qr.getSize(); ++x) {
            if (!qr.getModule(x, y)) continue;
            ImVec2 a(origin.x + (x + quiet) * cell, origin.y + (y + quiet) * cell);
            draw->AddRectFilled(a, ImVec2(a.x + cell, a.y + cell), IM_COL32(0, 0, 0, 255));
        }
    }
    return true;
}

}  // namespace mawid::client
