// One function per screen; each draws into the scrolling column and calls App actions.
#pragma once

#include "app.hpp"
#include "ui.hpp"

namespace mawid::client::screens {

void loading(App& app, ui::Column& col);
void home(App& app, ui::Column& col);
void services(App& app, ui::Column& col);
void centres(App& app, ui::Column& col);
void days(App& app, ui::Column& col);
void times(App& app, ui::Column& col);
void details(App& app, ui::Column& col);
void confirm(App& app, ui::Column& col);
void done(App& app, ui::Column& col);
void bookings(App& app, ui::Column& col);
void booking(App& app, ui::Column& col);
void language(App& app, ui::Column& col);

// The i18n key of a screen's title in the header.
const char* title_key(Screen screen);

// Shared by several screens: "offline, data as of ..." and "booking needs a connection".
void offline_notice(App& app, ui::Column& col);

}  // namespace mawid::client::screens
