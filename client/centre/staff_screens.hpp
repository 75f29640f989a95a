// One function per screen of the centre app; each draws into the scrolling column and
// calls Controller actions.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "staff.hpp"
#include "ui.hpp"

namespace mawid::client::staff::screens {

void signin(Controller& c, ui::Column& col);
void day(Controller& c, ui::Column& col);
void counter(Controller& c, ui::Column& col);
void walk_in(Controller& c, ui::Column& col);
void book(Controller& c, ui::Column& col);
void move(Controller& c, ui::Column& col);
void admin(Controller& c, ui::Column& col);
void reports(Controller& c, ui::Column& col);
void centres(Controller& c, ui::Column& col);
void audit(Controller& c, ui::Column& col);
void password(Controller& c, ui::Column& col);
void accounts(Controller& c, ui::Column& col);
void rollout(Controller& c, ui::Column& col);
void catalog(Controller& c, ui::Column& col);

// --- Pieces shared by the screens (screen_common.cpp) ---
// Buttons side by side with equal widths, in reading order; the index pressed, or -1.
int button_row(ui::Column& col, const std::vector<std::pair<std::string, std::string>>& items,
               const std::vector<bool>& enabled = {});
// A booking shown for reading, not tapping: title, details, status at the trailing edge.
void info_row(ui::Column& col, const std::string& id, const std::string& title,
              const std::string& detail, const std::string& trailing);
void message(const Controller& c, ui::Column& col, const std::string& id, const Message& m);
std::string service_name(const Controller& c, const std::string& id);
std::string centre_name(const Controller& c, const std::string& id);
// "09:30 · ID card renewal"
std::string booking_title(const Controller& c, const DayBooking& b);
// "K7M-4QX-9TZ · phone …1234 · CPR *****2345", and on a second line how its messages fared
// when the answer said ("✓ SMS delivered").
std::string booking_detail(const Controller& c, const DayBooking& b);
// How the booking's messages fared, per channel, each with a mark and words (never colour
// alone): "✓ SMS delivered · ✕ E-mail failed"; "" when the answer did not say.
std::string delivery_text(const Controller& c, const DayBooking& b);
// The status as shown, with "waiting to be sent" for actions queued on this device.
std::string status_label(const Controller& c, const DayBooking& b);
// "Offline: the list as of ..." and the actions waiting to be sent.
void sync_notice(Controller& c, ui::Column& col);
// Service chips for the centre; true when the choice changed.
bool service_chips(Controller& c, ui::Column& col, const std::string& id, std::string& chosen);

}  // namespace mawid::client::staff::screens
