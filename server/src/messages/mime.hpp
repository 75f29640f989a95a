// An e-mail as Internet Message Format text (RFC 5322 + MIME): what the SMTP channel hands
// to libcurl and what the outbox folder writes as an .eml file. Pure, apart from libsodium's
// base64 encoder.
#pragma once

#include <mawid/civil_time.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace mawid::server {

struct MailMessage {
    std::int64_t id = 0;    // the outbox row: names the Message-ID and the MIME boundary
    std::string from;       // an address, e.g. noreply@mawid.bh
    std::string to;         // an address already checked by validate_email
    std::string subject;    // UTF-8, one line
    std::string body;       // UTF-8 plain text, lines ended by '\n'
    UnixSeconds date = 0;   // the Date header (written in UTC)
    std::string calendar;   // an .ics to attach; empty for none
    std::string calendar_name = "mawid.ics";
};

// "<mawid-<id>@<domain of from>>": the same for every attempt at one outbox row, so a
// message sent again after a crash is recognisably the one already sent.
std::string message_id(std::int64_t id, std::string_view from);

// `bytes` in base64 (libsodium, the original alphabet), CRLF after every 76 characters.
std::string base64_lines(std::string_view bytes);

// `text` as a header value: itself when it is printable ASCII, else RFC 2047 encoded-words
// (=?UTF-8?B?...?=, at most 75 characters each, never splitting a UTF-8 character), folded
// onto continuation lines.
std::string header_text(std::string_view text);

// "Tue, 01 Dec 2026 03:00:00 +0000": an RFC 5322 date in UTC.
std::string rfc5322_date(UnixSeconds instant);

// The whole message: Date, From, To, Subject, Message-ID, MIME-Version, and a UTF-8
// text/plain body in base64; with a calendar, a multipart/mixed whose second part is the
// .ics as text/calendar; method=PUBLISH. CRLF line ends, no line over 78 characters.
std::string mime_message(const MailMessage& message);

}  // namespace mawid::server
