// Calendar dates, local times and instants: the arithmetic every rule needs.
// Pure: "now" is always a parameter; nothing here reads a clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mawid {

// Bahrain's offset from UTC, +03:00 all year (no daylight saving): the offset of a centre
// the catalogue does not give one, and of times written for a centre not found.
inline constexpr int kDefaultUtcOffsetMinutes = 180;

// Seconds since 1970-01-01T00:00:00Z.
using UnixSeconds = std::int64_t;

// A day in the proleptic Gregorian calendar.
struct Date {
    int year = 1970;
    int month = 1;  // 1..12
    int day = 1;    // 1..31
    friend bool operator==(const Date&, const Date&) = default;
    friend auto operator<=>(const Date&, const Date&) = default;
};

// Days of the week, numbered as JavaScript and C do: Sunday = 0.
enum class Weekday { sun = 0, mon, tue, wed, thu, fri, sat };

// True for years divisible by 4, except centuries not divisible by 400.
bool is_leap_year(int year);

// Number of days in a month of a year (28..31); 0 for a month outside 1..12.
int days_in_month(int year, int month);

// True when the date exists (years 1..9999, real month and day).
bool is_valid(const Date& date);

// Days since 1970-01-01 of a valid date (negative before it).
std::int64_t days_from_civil(const Date& date);

// The date that is `days` days after 1970-01-01.
Date civil_from_days(std::int64_t days);

// The date `n` days after `date` (n may be negative).
Date add_days(const Date& date, std::int64_t n);

// Whole days from `a` to `b` (b - a).
std::int64_t days_between(const Date& a, const Date& b);

// The day of the week of a valid date.
Weekday weekday_of(const Date& date);

// Three-letter lowercase name of a weekday: "sun".."sat".
std::string_view weekday_key(Weekday day);

// Parses "sun".."sat"; nullopt for anything else.
std::optional<Weekday> parse_weekday_key(std::string_view text);

// Parses strict "YYYY-MM-DD"; nullopt when malformed or not a real date.
std::optional<Date> parse_date(std::string_view text);

// Formats as "YYYY-MM-DD".
std::string format_date(const Date& date);

// Parses strict "HH:MM" (00:00..24:00) into minutes after midnight.
std::optional<int> parse_hhmm(std::string_view text);

// Formats minutes after midnight as "HH:MM".
std::string format_hhmm(int minutes);

// The instant at which local `date` + `minute_of_day` happens at UTC offset `offset_minutes`.
UnixSeconds to_unix(const Date& date, int minute_of_day, int offset_minutes);

// A local date and time of day, as seen at some UTC offset.
struct LocalTime {
    Date date;
    int minute_of_day = 0;  // 0..1439
    int second = 0;         // 0..59
};

// The local date and time at UTC offset `offset_minutes` of an instant.
LocalTime to_local(UnixSeconds instant, int offset_minutes);

// An instant with the UTC offset it was written in.
struct OffsetTime {
    UnixSeconds instant = 0;
    int offset_minutes = 0;
};

// Parses RFC 3339 "YYYY-MM-DDTHH:MM:SS(.000)?(Z|+HH:MM|-HH:MM)"; nullopt when malformed,
// impossible, or not a whole second.
std::optional<OffsetTime> parse_rfc3339(std::string_view text);

// Formats an instant as "YYYY-MM-DDTHH:MM:SS+HH:MM" at the given offset.
std::string format_rfc3339(UnixSeconds instant, int offset_minutes);

}  // namespace mawid
