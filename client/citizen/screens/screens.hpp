// One function per screen; each draws into the scrolling column and calls App actions.
#pragma once

#include "citizen_app.hpp"
#include "ui.hpp"

namespace mawid::client::screens {

void home(CitizenApp& app, ui::Column& col);
void services(CitizenApp& app, ui::Column& col);
void centres(CitizenApp& app, ui::Column& col);
void days(CitizenApp& app, ui::Column& col);
void times(CitizenApp& app, ui::Column& col);
void details(CitizenApp& app, ui::Column& col);
void confirm(CitizenApp& app, ui::Column& col);
void done(CitizenApp& app, ui::Column& col);
void bookings(CitizenApp& app, ui::Column& col);
void booking(CitizenApp& app, ui::Column& col);
void verify(CitizenApp& app, ui::Column& col);

// The i18n key of a screen's title in the header.
const char* title_key(Screen screen);

// Shared by several screens: "offline, data as of ..." and "booking needs a connection".
void offline_notice(CitizenApp& app, ui::Column& col);

}  // namespace mawid::client::screens
