// "Add to calendar": an iCalendar (RFC 5545) event that Google, Apple and Outlook
// calendars all import: CRLF lines folded at 75 octets, UTC times, escaped text.
#pragma once

#include <string>

#include <mawid/civil_time.hpp>

namespace mawid::client {

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

std::string make_ics(const CalendarEvent& event);

}  // namespace mawid::client
