// The calendar file: RFC 5545 lines, UTC times, escaping and folding.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include <mawid/ics.hpp>

using mawid::CalendarEvent;
using mawid::make_ics;

TEST_CASE("an event in Bahrain time is written in UTC with CRLF lines") {
    CalendarEvent e;
    e.uid = "K7M4QX9TZ@mawid.bh";
    e.start = mawid::to_unix({2026, 12, 6}, 9 * 60 + 30, 180);  // 09:30 +03:00
    e.minutes = 20;
    e.stamp = mawid::to_unix({2026, 11, 27}, 0, 0);
    e.summary = "ID card renewal at Isa Town";
    std::string ics = make_ics(e);
    CHECK(ics.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0) == 0);
    CHECK(ics.find("DTSTART:20261206T063000Z\r\n") != std::string::npos);
    CHECK(ics.find("DTEND:20261206T065000Z\r\n") != std::string::npos);
    CHECK(ics.find("DTSTAMP:20261127T000000Z\r\n") != std::string::npos);
    CHECK(ics.find("UID:K7M4QX9TZ@mawid.bh\r\n") != std::string::npos);
    CHECK(ics.substr(ics.size() - 15) == "END:VCALENDAR\r\n");
    // Mail programs take an attachment with method=PUBLISH as an event to add, not an invitation.
    CHECK(ics.find("\r\nMETHOD:PUBLISH\r\n") != std::string::npos);
    // Every line ends in CRLF: no bare LF anywhere.
    for (std::size_t at = ics.find('\n'); at != std::string::npos; at = ics.find('\n', at + 1)) {
        REQUIRE(at > 0);
        CHECK(ics[at - 1] == '\r');
    }
}

TEST_CASE("text values escape commas, semicolons, backslashes and newlines") {
    CalendarEvent e;
    e.summary = "a,b;c\\d\ne";
    std::string ics = make_ics(e);
    CHECK(ics.find("SUMMARY:a\\,b\\;c\\\\d\\ne\r\n") != std::string::npos);
}

TEST_CASE("long lines fold at 75 octets and never inside a UTF-8 character") {
    CalendarEvent e;
    e.summary.clear();
    for (int i = 0; i < 60; ++i) e.summary += "\xD9\x85";  // Arabic meem, 2 bytes each
    std::string ics = make_ics(e);
    std::istringstream lines(ics);
    std::string line;
    std::string unfolded;
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        CHECK(line.size() <= 75);
        // A continuation line starts with a space and then a whole character.
        if (!line.empty() && line[0] == ' ') {
            CHECK((static_cast<unsigned char>(line[1]) & 0xC0) != 0x80);
            unfolded += line.substr(1);
        } else {
            unfolded += "\n" + line;
        }
    }
    CHECK(unfolded.find("SUMMARY:" + e.summary) != std::string::npos);
}
