#include "mawid/ics.hpp"

#include <cstdio>

namespace mawid {

namespace {

std::string utc_stamp(UnixSeconds t) {
    LocalTime u = to_local(t, 0);
    char buf[32];  // 17 bytes; room for what GCC cannot rule out (-Wformat-truncation)
    std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02dZ", u.date.year, u.date.month,
                  u.date.day, u.minute_of_day / 60, u.minute_of_day % 60, u.second);
    return buf;
}

// TEXT values escape backslash, semicolon, comma and newline (RFC 5545 3.3.11).
std::string escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\\' || c == ';' || c == ',') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c != '\r') {
            out += c;
        }
    }
    return out;
}

// Lines longer than 75 octets are folded (CRLF + space), never inside a UTF-8 character.
std::string line(const std::string& content) {
    std::string out;
    size_t width = 0;
    for (size_t i = 0; i < content.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(content[i]);
        bool starts_char = (c & 0xC0) != 0x80;
        if (starts_char && width >= 74) {
            out += "\r\n ";
            width = 1;
        }
        out += content[i];
        ++width;
    }
    return out + "\r\n";
}

}  // namespace

std::string make_ics(const CalendarEvent& e) {
    char geo[64];
    std::snprintf(geo, sizeof geo, "GEO:%.6f;%.6f", e.lat, e.lon);
    std::string ics;
    ics += line("BEGIN:VCALENDAR");
    ics += line("VERSION:2.0");
    ics += line("PRODID:-//Mawid//Appointments//EN");
    ics += line("CALSCALE:GREGORIAN");
    ics += line("METHOD:PUBLISH");
    ics += line("BEGIN:VEVENT");
    ics += line("UID:" + e.uid);
    ics += line("DTSTAMP:" + utc_stamp(e.stamp));
    ics += line("DTSTART:" + utc_stamp(e.start));
    ics += line("DTEND:" + utc_stamp(e.start + e.minutes * 60));
    ics += line("SUMMARY:" + escape(e.summary));
    ics += line("LOCATION:" + escape(e.location));
    ics += line("DESCRIPTION:" + escape(e.description));
    ics += line(geo);
    ics += line("BEGIN:VALARM");
    ics += line("ACTION:DISPLAY");
    ics += line("DESCRIPTION:" + escape(e.summary));
    ics += line("TRIGGER:-PT1H");
    ics += line("END:VALARM");
    ics += line("END:VEVENT");
    ics += line("END:VCALENDAR");
    return ics;
}

}  // namespace mawid
