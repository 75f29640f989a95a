// "Add to calendar": an iCalendar (RFC 5545) event that Google, Apple and Outlook
// calendars all import: CRLF lines folded at 75 octets, UTC times, escaped text. Pure: the
// citizen app offers it as a download, the server attaches it to confirmation e-mails.
#pragma once

#include <string>

#include "mawid/civil_time.hpp"

namespace mawid {

struct CalendarEvent {
    std::string uid;  // stable per booking, so importing twice updates one event
    UnixSeconds start = 0;
    int minutes = 15;
    UnixSeconds stamp = 0;  // when the file was made
    std::string summary;
    std::string location;
    std::string description;
    double lat = 0;
    double lon = 0;
};

// The event as a whole VCALENDAR (METHOD:PUBLISH) with a one-hour alarm: CRLF lines, UTF-8.
std::string make_ics(const CalendarEvent& event);

}  // namespace mawid
