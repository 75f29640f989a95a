#include "http/answer_text.hpp"

#include "http/json_responses.hpp"

namespace mawid::server {
namespace {

void append_digits(std::string& out, int value, int width) {
    char digits[12];
    for (int i = width - 1; i >= 0; --i) {
        digits[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    out.append(digits, static_cast<std::size_t>(width));
}

}  // namespace

void append_rfc3339(std::string& out, UnixSeconds instant, int offset_minutes) {
    UnixSeconds local = instant + static_cast<UnixSeconds>(offset_minutes) * 60;
    std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    int second_of_day = static_cast<int>(local - days * 86400);
    Date date = civil_from_days(days);
    append_digits(out, date.year, 4);
    out += '-';
    append_digits(out, date.month, 2);
    out += '-';
    append_digits(out, date.day, 2);
    out += 'T';
    append_digits(out, second_of_day / 3600, 2);
    out += ':';
    append_digits(out, second_of_day / 60 % 60, 2);
    out += ':';
    append_digits(out, second_of_day % 60, 2);
    int magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    out += offset_minutes < 0 ? '-' : '+';
    append_digits(out, magnitude / 60, 2);
    out += ':';
    append_digits(out, magnitude % 60, 2);
}

std::string booking_text(const Booking& booking) {
    // Keys in nlohmann's sorted order. The code (from the booking-code alphabet) and the
    // status name never need escaping; the ids come from the request, so they are escaped.
    std::string out;
    out.reserve(128);
    out += "{\"centre\":";
    out += to_text(Json(booking.centre));
    out += ",\"code\":\"";
    out += booking.code;
    out += "\",\"service\":";
    out += to_text(Json(booking.service));
    out += ",\"start\":\"";
    append_rfc3339(out, booking.start, booking.offset_minutes);
    out += "\",\"status\":\"";
    out += status_name(booking.status);
    out += "\"}";
    return out;
}

}  // namespace mawid::server
