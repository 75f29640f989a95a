// The messages Mawid sends a citizen (SMS, and e-mail when they gave an address), written from the same
// translation tables as the apps, in the booking's language. Pure: the server decides when
// and to whom, this decides what the words are and how many SMS segments they take.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "mawid/strings.hpp"

namespace mawid {

enum class MessageKind {
    confirmation,      // booked: the code, the place, the time, what to bring
    reminder_evening,  // 18:00 centre time the evening before
    reminder_soon,     // two hours before
    cancellation,
    move,              // the same booking at a new time
    closure,           // staff closed the day or changed hours: the booking has no seat now
    turn_near,         // a walk-in ticket is three places from the counter
    verification,      // a one-time code that proves the citizen holds the phone
    reopened,          // staff took back a closure: a booking told it was off goes ahead
};

// "confirmation", "reminder_evening", ...: stable names stored in the outbox.
std::string_view message_kind_name(MessageKind kind);
// The kind with that name; nullopt for anything else.
std::optional<MessageKind> parse_message_kind(std::string_view name);

// What a booking message says, already in the message's language: names from the
// catalogue, the time as the centre's local "YYYY-MM-DD HH:MM".
struct MessageFacts {
    std::string code;
    std::string centre;
    std::string service;
    std::string when;
    std::string bring;  // "what to bring" lines joined; empty when there are none
    std::string link;   // closure: the app on the same centre and service, to choose anew
    long long count = 0;  // what a counting text counts: verification: the code's minutes
};

// The SMS text of `kind` from `table` (keys "sms.<kind>"), its {placeholders} filled;
// numbers in the time written with the table's digits, the code as it is typed; a plural
// key ("sms.verification") takes the form for `facts.count` (Strings::count).
std::string sms_text(const Strings& table, MessageKind kind, const MessageFacts& facts);

// An e-mail's words, before MIME (the server's messages/mime.hpp wraps them).
struct EmailText {
    std::string subject;  // one line
    std::string body;     // plain text, lines ended by '\n'
};

// The e-mail of `kind` from `table`: keys "email.<kind>.subject" and "email.<kind>.body",
// then "email.bring" (confirmations with something to bring) and "email.footer"; the
// placeholders as sms_text fills them.
EmailText email_text(const Strings& table, MessageKind kind, const MessageFacts& facts);

// How many SMS segments `text` (UTF-8) is sent as: GSM-7 (160 septets, 153 per part when
// split, extension characters counting two) when every character is in the GSM 03.38
// alphabet, else UCS-2 (70 UTF-16 units, 67 per part). 0 for an empty text.
int sms_segments(std::string_view text);

}  // namespace mawid
