// The booking code as a QR code, drawn as ImGui rectangles (no image, no font).
#pragma once

#include <string>

#include "imgui.h"

namespace mawid::client {

// Draws the QR code of `text` into a square of `size` CSS px at `top_left`, with
// its quiet zone. Returns false when the text cannot be encoded.
bool draw_qr(ImDrawList* draw, const std::string& text, ImVec2 top_left, float size);

}  // namespace mawid::client
