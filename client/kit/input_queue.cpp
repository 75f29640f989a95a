#include "input_queue.hpp"

#include <cfloat>
#include <cmath>

#include "imgui.h"

namespace mawid::client {

namespace {
// A press that travels further than this is a drag, not a tap (CSS px).
constexpr float kDragSlop = 8.0f;
// Where ImGui is told the pointer is while a drag owns it: nowhere.
const ImVec2 kNowhere(-FLT_MAX, -FLT_MAX);
}  // namespace

ScrollInput InputQueue::feed(ImGuiIO& io) {
    ScrollInput scroll;
    scroll.dragging = dragging_;
    while (!events_.empty()) {
        InputEvent e = events_.front();
        events_.pop_front();
        switch (e.kind) {
            case InputEvent::Kind::move:
                on_move(io, e, scroll);
                break;
            case InputEvent::Kind::down:
                on_down(io, e);
                scroll.dragging = false;
                return scroll;  // one transition per frame
            case InputEvent::Kind::up:
                on_up(io, e, scroll);
                return scroll;  // one transition per frame
            case InputEvent::Kind::wheel:
                scroll.delta += e.wheel;
                break;
            case InputEvent::Kind::key_down:
                if (e.key == ImGuiKey_Escape) back_key_ = true;
                if (e.key >= 0 && e.key < IM_ARRAYSIZE(io.KeysDown)) io.KeysDown[e.key] = true;
                return scroll;
            case InputEvent::Kind::key_up:
                if (e.key >= 0 && e.key < IM_ARRAYSIZE(io.KeysDown)) io.KeysDown[e.key] = false;
                return scroll;
            case InputEvent::Kind::leave:
                if (!pressed_) io.MousePos = kNowhere;
                break;
        }
    }
    return scroll;
}

void InputQueue::on_move(ImGuiIO& io, const InputEvent& e, ScrollInput& scroll) {
    if (pressed_ && !dragging_ && std::hypot(e.x - press_x_, e.y - press_y_) > kDragSlop) {
        dragging_ = true;
        scroll.delta += press_y_ - e.y;  // catch up with the slop already travelled
        last_y_ = e.y;
        last_time_ = e.time_ms;
        velocity_ = 0;
    } else if (dragging_) {
        scroll.delta += last_y_ - e.y;
        double dt = e.time_ms - last_time_;
        if (dt > 0) {
            float v = static_cast<float>((last_y_ - e.y) / dt);
            velocity_ = 0.7f * v + 0.3f * velocity_;
        }
        last_y_ = e.y;
        last_time_ = e.time_ms;
    }
    scroll.dragging = dragging_;
    io.MousePos = dragging_ ? kNowhere : ImVec2(e.x, e.y);
}

void InputQueue::on_down(ImGuiIO& io, const InputEvent& e) {
    pressed_ = true;
    dragging_ = false;
    press_x_ = e.x;
    press_y_ = e.y;
    io.MousePos = ImVec2(e.x, e.y);
    io.MouseDown[0] = true;
}

void InputQueue::on_up(ImGuiIO& io, const InputEvent& e, ScrollInput& scroll) {
    if (dragging_) {
        io.MousePos = kNowhere;  // the release lands nowhere: the press is cancelled
        // A finger that stopped before lifting should not fling.
        scroll.fling = (e.time_ms - last_time_ < 80) ? velocity_ : 0;
    } else {
        io.MousePos = ImVec2(e.x, e.y);
    }
    io.MouseDown[0] = false;
    pressed_ = false;
    dragging_ = false;
    scroll.dragging = false;
}

bool InputQueue::take_back_key() {
    bool pressed = back_key_;
    back_key_ = false;
    return pressed;
}

}  // namespace mawid::client
