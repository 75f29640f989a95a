#include "mawid/civil_time.hpp"

#include <array>
#include <cstdio>
#include "formatting.hpp"

namespace mawid {

using detail::is_digit;

namespace {

constexpr std::array<std::string_view, 7> kWeekdayKeys = {"sun", "mon", "tue", "wed",
                                                          "thu", "fri", "sat"};

// Reads exactly `width` digits at `pos`; -1 when any is not a digit.
int read_digits(std::string_view text, std::size_t pos, std::size_t width) {
    if (pos + width > text.size()) return -1;
    int value = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
        if (!is_digit(text[i])) return -1;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

}  // namespace

bool is_leap_year(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

bool is_valid(const Date& date) {
    return date.year >= 1 && date.year <= 9999 && date.month >= 1 && date.month <= 12 &&
           date.day >= 1 && date.day <= days_in_month(date.year, date.month);
}

// Howard Hinnant's days_from_civil: exact for the whole proleptic Gregorian calendar.
std::int64_t days_from_civil(const Date& date) {
    const std::int64_t y = date.year - (date.month <= 2 ? 1 : 0);
    const std::int64_t era = floor_div(y, 400);
    const std::int64_t yoe = y - era * 400;
    const std::int64_t mp = (date.month + 9) % 12;
    const std::int64_t doy = (153 * mp + 2) / 5 + date.day - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Date civil_from_days(std::int64_t days) {
    days += 719468;
    const std::int64_t era = floor_div(days, 146097);
    const std::int64_t doe = days - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
    return Date{year, month, day};
}

Date add_days(const Date& date, std::int64_t n) {
    return civil_from_days(days_from_civil(date) + n);
}

std::int64_t days_between(const Date& a, const Date& b) {
    return days_from_civil(b) - days_from_civil(a);
}

Weekday weekday_of(const Date& date) {
    // 1970-01-01 was a Thursday (4).
    std::int64_t day = (days_from_civil(date) + 4) % 7;
    if (day < 0) day += 7;
    return static_cast<Weekday>(day);
}

std::string_view weekday_key(Weekday day) {
    return kWeekdayKeys[static_cast<int>(day)];
}

std::optional<Weekday> parse_weekday_key(std::string_view text) {
    for (std::size_t i = 0; i < kWeekdayKeys.size(); ++i) {
        if (kWeekdayKeys[i] == text) return static_cast<Weekday>(i);
    }
    return std::nullopt;
}

std::optional<Date> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const Date date{read_digits(text, 0, 4), read_digits(text, 5, 2), read_digits(text, 8, 2)};
    if (!is_valid(date)) return std::nullopt;
    return date;
}

std::string format_date(const Date& date) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month, date.day);
    return buffer;
}

std::optional<int> parse_hhmm(std::string_view text) {
    if (text.size() != 5 || text[2] != ':') return std::nullopt;
    const int hours = read_digits(text, 0, 2);
    const int minutes = read_digits(text, 3, 2);
    if (hours < 0 || minutes < 0 || minutes > 59) return std::nullopt;
    const int total = hours * 60 + minutes;
    if (total > 24 * 60) return std::nullopt;
    return total;
}

std::string format_hhmm(int minutes) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%02d:%02d", minutes / 60, minutes % 60);
    return buffer;
}

UnixSeconds to_unix(const Date& date, int minute_of_day, int offset_minutes) {
    return days_from_civil(date) * 86400 + (minute_of_day - offset_minutes) * 60;
}

LocalTime to_local(UnixSeconds instant, int offset_minutes) {
    const std::int64_t local = instant + std::int64_t{offset_minutes} * 60;
    const std::int64_t days = floor_div(local, 86400);
    const std::int64_t second_of_day = local - days * 86400;
    return LocalTime{civil_from_days(days), static_cast<int>(second_of_day / 60),
                     static_cast<int>(second_of_day % 60)};
}

std::optional<OffsetTime> parse_rfc3339(std::string_view text) {
    if (text.size() < 20) return std::nullopt;
    const auto date = parse_date(text.substr(0, 10));
    if (!date || (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':') {
        return std::nullopt;
    }
    const int hour = read_digits(text, 11, 2);
    const int minute = read_digits(text, 14, 2);
    const int second = read_digits(text, 17, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
        return std::nullopt;
    }
    std::size_t pos = 19;
    if (pos < text.size() && text[pos] == '.') {
        // Zeros only ("...:00.000Z", as many clients write): Mawid's times are whole seconds,
        // and a part of one dropped would book a slot the client did not name.
        ++pos;
        const std::size_t digits_start = pos;
        while (pos < text.size() && text[pos] == '0') ++pos;
        if (pos == digits_start || pos - digits_start > 9) return std::nullopt;
    }
    int offset = 0;
    const std::string_view zone = text.substr(pos);
    if (zone == "Z" || zone == "z") {
        offset = 0;
    } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
        const int oh = read_digits(zone, 1, 2);
        const int om = read_digits(zone, 4, 2);
        if (oh < 0 || oh > 23 || om < 0 || om > 59) return std::nullopt;
        offset = (oh * 60 + om) * (zone[0] == '-' ? -1 : 1);
    } else {
        return std::nullopt;
    }
    const UnixSeconds instant = to_unix(*date, hour * 60 + minute, offset) + second;
    return OffsetTime{instant, offset};
}

std::string format_rfc3339(UnixSeconds instant, int offset_minutes) {
    const LocalTime local = to_local(instant, offset_minutes);
    const int magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%sT%02d:%02d:%02d%c%02d:%02d",
                  format_date(local.date).c_str(), local.minute_of_day / 60,
                  local.minute_of_day % 60, local.second, offset_minutes < 0 ? '-' : '+',
                  magnitude / 60, magnitude % 60);
    return buffer;
}

}  // namespace mawid
