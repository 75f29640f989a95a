// What the shell asks of an app (the citizen app, the centre app): one small interface,
// so the shell knows neither. The app draws the scrolling content; the shell draws the
// header from title_key() and can_go_back(), and routes answers to answer().
#pragma once

#include <string>

#include "router.hpp"
#include "ui.hpp"

namespace mawid::client {

class AppPart : public Asker {
public:
    // Once the platform is up (before the first translation table arrives).
    virtual void start() = 0;
    virtual void draw(ui::Column& col) = 0;
    virtual const char* title_key() const = 0;
    // The header shows a back arrow.
    virtual bool can_go_back() const = 0;
    // Back asked for (the arrow, the keyboard): usually platform::history_back().
    virtual void back() = 0;
    // The browser went back (the phone's gesture, or back() above).
    virtual void on_back() = 0;
    virtual void on_online(bool online) = 0;
    // Text typed into one of the app's HTML inputs.
    virtual void on_input(int field, std::string value) = 0;
    // The widest the content column gets (CSS px).
    virtual float max_width() const = 0;
};

}  // namespace mawid::client
