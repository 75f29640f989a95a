// The input queue feeds ImGui 1.86 one button transition per frame and tells taps from drags.
#include <doctest/doctest.h>

#include <cfloat>

#include "imgui.h"
#include "input_queue.hpp"

using mawid::client::InputEvent;
using mawid::client::InputQueue;
using Kind = InputEvent::Kind;

namespace {

struct ImGuiScope {
    ImGuiScope() { ImGui::CreateContext(); }
    ~ImGuiScope() { ImGui::DestroyContext(); }
};

InputEvent ev(Kind kind, float x, float y, double t = 0) {
    InputEvent e;
    e.kind = kind;
    e.x = x;
    e.y = y;
    e.time_ms = t;
    return e;
}

}  // namespace

TEST_CASE("a tap whose down and up arrive in one frame becomes two frames, not zero") {
    ImGuiScope scope;
    ImGuiIO& io = ImGui::GetIO();
    InputQueue q;
    q.push(ev(Kind::move, 50, 60));
    q.push(ev(Kind::down, 50, 60));
    q.push(ev(Kind::up, 50, 60));
    q.feed(io);
    CHECK(io.MouseDown[0]);
    CHECK(io.MousePos.x == 50);
    CHECK_FALSE(q.empty());
    q.feed(io);
    CHECK_FALSE(io.MouseDown[0]);
    CHECK(io.MousePos.y == 60);
    CHECK(q.empty());
}

TEST_CASE("a press that moves less than the slop stays a tap") {
    ImGuiScope scope;
    ImGuiIO& io = ImGui::GetIO();
    InputQueue q;
    q.push(ev(Kind::down, 100, 100, 0));
    q.feed(io);
    q.push(ev(Kind::move, 103, 104, 10));
    auto s = q.feed(io);
    CHECK_FALSE(s.dragging);
    CHECK(s.delta == 0);
    q.push(ev(Kind::up, 103, 104, 20));
    q.feed(io);
    CHECK(io.MousePos.x == 103);  // released on the button: it clicks
}

TEST_CASE("a press that travels past the slop scrolls and never clicks") {
    ImGuiScope scope;
    ImGuiIO& io = ImGui::GetIO();
    InputQueue q;
    q.push(ev(Kind::down, 100, 300, 0));
    q.feed(io);
    q.push(ev(Kind::move, 100, 280, 16));
    q.push(ev(Kind::move, 100, 240, 32));
    auto s = q.feed(io);
    CHECK(s.dragging);
    CHECK(s.delta == doctest::Approx(60));  // content follows the finger up by 60 px
    CHECK(io.MousePos.x == -FLT_MAX);       // ImGui sees no pointer: nothing is hovered
    q.push(ev(Kind::up, 100, 240, 40));
    s = q.feed(io);
    CHECK_FALSE(io.MouseDown[0]);
    CHECK(io.MousePos.x == -FLT_MAX);  // the release lands nowhere
    CHECK(s.fling > 0);                // and the list glides on
}

TEST_CASE("a finger that rests before lifting does not fling") {
    ImGuiScope scope;
    ImGuiIO& io = ImGui::GetIO();
    InputQueue q;
    q.push(ev(Kind::down, 100, 300, 0));
    q.push(ev(Kind::move, 100, 200, 16));
    q.feed(io);
    q.feed(io);
    q.push(ev(Kind::up, 100, 200, 500));
    auto s = q.feed(io);
    CHECK(s.fling == 0);
}

TEST_CASE("wheel steps add up within a frame; Escape is reported once") {
    ImGuiScope scope;
    ImGuiIO& io = ImGui::GetIO();
    InputQueue q;
    InputEvent w;
    w.kind = Kind::wheel;
    w.wheel = 40;
    q.push(w);
    q.push(w);
    CHECK(q.feed(io).delta == 80);
    InputEvent k;
    k.kind = Kind::key_down;
    k.key = ImGuiKey_Escape;
    q.push(k);
    q.feed(io);
    CHECK(q.take_back_key());
    CHECK_FALSE(q.take_back_key());
}
