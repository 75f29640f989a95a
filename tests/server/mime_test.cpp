// The e-mail's MIME text (server/src/messages/mime.hpp): headers, encodings, CRLF line ends,
// line lengths, and the calendar attachment. Pure functions: no server process needed.
#include <doctest/doctest.h>
#include <sodium.h>

#include <mawid/ics.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "messages/mime.hpp"

using namespace mawid;
using namespace mawid::server;

namespace {

std::string unbase64(const std::string& text) {
    std::string bytes(text.size(), '\0');
    std::size_t size = 0;
    REQUIRE(sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(),
                              text.data(), text.size(), "\r\n", &size, nullptr,
                              sodium_base64_VARIANT_ORIGINAL) == 0);
    bytes.resize(size);
    return bytes;
}

// The lines of a CRLF text; fails the test on a bare LF or CR.
std::vector<std::string> crlf_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t from = 0;
    for (std::size_t at = text.find("\r\n"); at != std::string::npos;
         at = text.find("\r\n", from)) {
        lines.push_back(text.substr(from, at - from));
        from = at + 2;
    }
    CHECK(from == text.size());  // the text ends with CRLF
    for (const auto& line : lines) {
        CHECK(line.find('\n') == std::string::npos);
        CHECK(line.find('\r') == std::string::npos);
    }
    return lines;
}

// The value of header `name` in the message's head, continuation lines joined by CRLF.
std::string header(const std::string& message, const std::string& name) {
    std::string head = message.substr(0, message.find("\r\n\r\n") + 2);
    std::size_t at = head.find("\r\n" + name + ": ");
    if (head.rfind(name + ": ", 0) == 0) at = 0;
    else if (at == std::string::npos) return {};
    else at += 2;
    std::size_t end = at;
    do {
        end = head.find("\r\n", end + 1);
    } while (end + 2 < head.size() && head[end + 2] == ' ');
    return head.substr(at + name.size() + 2, end - at - name.size() - 2);
}

// The decoded text of a header written as RFC 2047 B encoded-words.
std::string decoded_words(const std::string& value) {
    std::string text;
    std::size_t at = 0;
    while ((at = value.find("=?UTF-8?B?", at)) != std::string::npos) {
        std::size_t end = value.find("?=", at + 10);
        REQUIRE(end != std::string::npos);
        CHECK(end + 2 - at <= 75);  // RFC 2047: an encoded-word is at most 75 characters
        text += unbase64(value.substr(at + 10, end - at - 10));
        at = end + 2;
    }
    return text;
}

MailMessage arabic_message() {
    MailMessage m;
    m.id = 42;
    m.from = "noreply@mawid.bh";
    m.to = "citizen@example.com";
    m.subject = "حجز موعد K7M4QX9TZ: تجديد البطاقة الذكية، مركز خدمات مدينة عيسى، 2026-12-02 09:00";
    m.body = "تم حجز موعدك.\n\nرمز الحجز: K7M4QX9TZ\n" + std::string(300, 'x') + "\n";
    m.date = to_unix({2026, 12, 1}, 6 * 60, 180);  // 06:00 in Bahrain
    return m;
}

}  // namespace

TEST_SUITE("mime") {
    TEST_CASE("the headers: Date in UTC, From, To, a stable Message-ID, MIME-Version") {
        std::string text = mime_message(arabic_message());
        CHECK(header(text, "Date") == "Tue, 01 Dec 2026 03:00:00 +0000");
        CHECK(header(text, "From") == "Mawid <noreply@mawid.bh>");
        CHECK(header(text, "To") == "citizen@example.com");
        CHECK(header(text, "Message-ID") == "<mawid-42@mawid.bh>");
        CHECK(header(text, "MIME-Version") == "1.0");
        CHECK(message_id(42, "noreply@gov.example") == "<mawid-42@gov.example>");
        // The same row gives the same message, so a re-send after a crash is the same one.
        CHECK(mime_message(arabic_message()) == text);
    }

    TEST_CASE("an Arabic subject is RFC 2047 encoded-words of whole characters, folded") {
        MailMessage m = arabic_message();
        std::string value = header(mime_message(m), "Subject");
        CHECK(value.rfind("=?UTF-8?B?", 0) == 0);
        CHECK(value.find("\r\n ") != std::string::npos);  // long: more than one word
        CHECK(decoded_words(value) == m.subject);
        // Each word decodes to whole UTF-8 characters on its own.
        std::size_t at = 0;
        while ((at = value.find("=?UTF-8?B?", at)) != std::string::npos) {
            std::size_t end = value.find("?=", at);
            std::string piece = unbase64(value.substr(at + 10, end - at - 10));
            CHECK((static_cast<unsigned char>(piece.front()) & 0xC0) != 0x80);
            at = end;
        }
        // A short ASCII subject stays as it is.
        CHECK(header_text("Booking K7M4QX9TZ is cancelled") == "Booking K7M4QX9TZ is cancelled");
        CHECK(header_text("=?looks encoded?=").rfind("=?UTF-8?B?", 0) == 0);
    }

    TEST_CASE("the body is UTF-8 in base64, CRLF lines, none longer than 78 characters") {
        MailMessage m = arabic_message();
        std::string text = mime_message(m);
        CHECK(header(text, "Content-Type") == "text/plain; charset=UTF-8");
        CHECK(header(text, "Content-Transfer-Encoding") == "base64");
        for (const auto& line : crlf_lines(text)) {
            CAPTURE(line);
            CHECK(line.size() <= 78);  // well under RFC 5322's hard limit of 998
        }
        std::string encoded = text.substr(text.find("\r\n\r\n") + 4);
        CHECK(unbase64(encoded) ==
              "تم حجز موعدك.\r\n\r\nرمز الحجز: K7M4QX9TZ\r\n" + std::string(300, 'x') + "\r\n");
    }

    TEST_CASE("with a calendar: multipart/mixed, the text, then the .ics as text/calendar") {
        MailMessage m = arabic_message();
        CalendarEvent event;
        event.uid = "K7M4QX9TZ@mawid.bh";
        event.start = to_unix({2026, 12, 2}, 9 * 60, 180);
        event.summary = "تجديد البطاقة الذكية في مركز خدمات مدينة عيسى";
        m.calendar = make_ics(event);
        m.calendar_name = "mawid-K7M4QX9TZ.ics";
        std::string text = mime_message(m);
        CHECK(header(text, "Content-Type") == "multipart/mixed; boundary=\"=_mawid_42\"");
        std::vector<std::string> lines = crlf_lines(text);
        for (const auto& line : lines) CHECK(line.size() <= 78);
        int boundaries = 0;
        for (const auto& line : lines) boundaries += line == "--=_mawid_42";
        CHECK(boundaries == 2);
        CHECK(lines.back() == "--=_mawid_42--");
        std::size_t part = text.find(
            "Content-Type: text/calendar; method=PUBLISH; charset=UTF-8;\r\n"
            " name=\"mawid-K7M4QX9TZ.ics\"\r\n"
            "Content-Disposition: attachment; filename=\"mawid-K7M4QX9TZ.ics\"\r\n"
            "Content-Transfer-Encoding: base64\r\n\r\n");
        REQUIRE(part != std::string::npos);
        std::size_t start = text.find("\r\n\r\n", part) + 4;
        std::size_t end = text.find("--=_mawid_42--", start);
        CHECK(unbase64(text.substr(start, end - start)) == m.calendar);
    }

    TEST_CASE("base64 lines are 76 characters, the last one shorter") {
        std::string lines = base64_lines(std::string(100, 'a'));
        CHECK(lines.substr(0, 78).find("\r\n") == 76);
        CHECK(lines.size() == 76 + 2 + (136 - 76) + 2);
        CHECK(base64_lines("").empty());
    }
}
