// Pointer, wheel and key events queued between frames.
//
// ImGui 1.86 reads input as per-frame state, so a tap whose down and up arrive in the
// same frame would be lost. The queue hands ImGui at most one button transition per
// frame. It also tells a tap from a drag: once a press moves more than a few pixels
// it becomes a scroll gesture and the press is cancelled (the pointer is moved off
// screen before the release, so no button fires).
#pragma once

#include <deque>

struct ImGuiIO;

namespace mawid::client {

struct InputEvent {
    enum class Kind { move, down, up, wheel, key_down, key_up, leave };
    Kind kind = Kind::move;
    float x = 0;
    float y = 0;
    float wheel = 0;  // CSS px to scroll (positive = content moves up)
    int key = 0;      // ImGuiKey_ index for key events
    double time_ms = 0;
};

// What the frame's gesture did to scrolling.
struct ScrollInput {
    float delta = 0;        // CSS px to add to the scroll offset this frame
    float fling = 0;        // px per ms to continue with after a release (inertia)
    bool dragging = false;  // a finger is holding the content
};

class InputQueue {
public:
    void push(const InputEvent& event) { events_.push_back(event); }
    bool empty() const { return events_.empty(); }

    // Applies queued events to `io` up to and including the first button transition.
    ScrollInput feed(ImGuiIO& io);

    // Keys pressed since the last call (edge-triggered, for Escape = back).
    bool take_back_key();

private:
    void on_move(ImGuiIO& io, const InputEvent& e, ScrollInput& scroll);
    void on_down(ImGuiIO& io, const InputEvent& e);
    void on_up(ImGuiIO& io, const InputEvent& e, ScrollInput& scroll);

    std::deque<InputEvent> events_;
    bool pressed_ = false;
    bool dragging_ = false;
    float press_x_ = 0;
    float press_y_ = 0;
    float last_y_ = 0;
    double last_time_ = 0;
    float velocity_ = 0;  // px per ms, smoothed
    bool back_key_ = false;
};

}  // namespace mawid::client
