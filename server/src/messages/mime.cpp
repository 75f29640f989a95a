#include "messages/mime.hpp"

#include <sodium.h>

#include <cstdio>

namespace mawid::server {
namespace {

constexpr std::size_t kBase64Line = 76;  // RFC 2045's limit for encoded lines
constexpr std::size_t kHeaderLine = 78;  // RFC 5322's recommended limit
// Bytes of UTF-8 per encoded-word: 56 base64 characters, so "Subject: =?UTF-8?B?...?=" is
// 77 characters and a continuation line fewer.
constexpr std::size_t kWordBytes = 42;

std::string base64(std::string_view bytes) {
    std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(),
                      reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.pop_back();  // the terminating NUL sodium writes
    return out;
}

// Text with '\n' line ends in MIME's canonical form: CRLF (a stray '\r' is dropped).
std::string crlf(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\n') {
            out += "\r\n";
        } else if (c != '\r') {
            out += c;
        }
    }
    return out;
}

bool plain_header(std::string_view text, std::size_t room) {
    if (text.size() > room || text.find("=?") != std::string_view::npos) return false;
    for (char c : text) {
        if (c < ' ' || c > '~') return false;
    }
    return true;
}

std::string part_headers(const std::string& content_type, const std::string& disposition) {
    std::string out = "Content-Type: " + content_type + "\r\n";
    if (!disposition.empty()) out += "Content-Disposition: " + disposition + "\r\n";
    return out + "Content-Transfer-Encoding: base64\r\n\r\n";
}

std::string text_part(const MailMessage& message) {
    return part_headers("text/plain; charset=UTF-8", "") + base64_lines(crlf(message.body));
}

}  // namespace

std::string message_id(std::int64_t id, std::string_view from) {
    std::size_t at = from.rfind('@');
    std::string_view domain = at == std::string_view::npos ? "mawid.invalid" : from.substr(at + 1);
    return "<mawid-" + std::to_string(id) + "@" + std::string(domain) + ">";
}

std::string base64_lines(std::string_view bytes) {
    std::string encoded = base64(bytes);
    std::string out;
    for (std::size_t i = 0; i < encoded.size(); i += kBase64Line) {
        out += encoded.substr(i, kBase64Line) + "\r\n";
    }
    return out;
}

std::string header_text(std::string_view text) {
    if (plain_header(text, kHeaderLine - 9)) return std::string(text);  // 9: "Subject: "
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t end = std::min(text.size(), i + kWordBytes);
        // Back up to the start of a UTF-8 character: a word holds only whole characters.
        while (end > i + 1 && end < text.size() &&
               (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
            --end;
        }
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + base64(text.substr(i, end - i)) + "?=";
        i = end;
    }
    return out;
}

std::string rfc5322_date(UnixSeconds instant) {
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    LocalTime utc = to_local(instant, 0);
    char text[40];
    std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d +0000",
                  kDays[static_cast<int>(weekday_of(utc.date))], utc.date.day,
                  kMonths[utc.date.month - 1], utc.date.year, utc.minute_of_day / 60,
                  utc.minute_of_day % 60, utc.second);
    return text;
}

std::string mime_message(const MailMessage& message) {
    std::string out;
    out += "Date: " + rfc5322_date(message.date) + "\r\n";
    out += "From: Mawid <" + message.from + ">\r\n";
    out += "To: " + message.to + "\r\n";
    out += "Subject: " + header_text(message.subject) + "\r\n";
    out += "Message-ID: " + message_id(message.id, message.from) + "\r\n";
    // RFC 3834: no out-of-office replies to an automatic message.
    out += "Auto-Submitted: auto-generated\r\n";
    out += "MIME-Version: 1.0\r\n";
    if (message.calendar.empty()) return out + text_part(message);
    // '=' and '_' never occur in base64 lines, so the boundary cannot occur in a part.
    std::string boundary = "=_mawid_" + std::to_string(message.id);
    out += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
    out += "--" + boundary + "\r\n" + text_part(message);
    std::string name = "\"" + message.calendar_name + "\"";
    out += "--" + boundary + "\r\n" +
           part_headers("text/calendar; method=PUBLISH; charset=UTF-8;\r\n name=" + name,
                        "attachment; filename=" + name) +
           base64_lines(message.calendar);
    return out + "--" + boundary + "--\r\n";
}

}  // namespace mawid::server
