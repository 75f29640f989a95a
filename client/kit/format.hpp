// Dates, times and numbers as the person reads them, in the current language.
// Names of months and weekdays come from the translation table, or from the browser's
// Intl.DateTimeFormat when the shell put them there (use_calendar_names).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include <mawid/civil_time.hpp>

#include "i18n.hpp"

namespace mawid::client {

// Puts the browser's Gregorian month and weekday names (platform::calendar_names's JSON)
// into `tr` as month.N, month_short.N, weekday.KEY and weekday_short.KEY; an empty or
// incomplete list leaves the table's own names.
void use_calendar_names(Strings& tr, std::string_view json);
// "09:30" (ASCII: for ids and the API)
std::string time_text(int minute_of_day);
// "09:30" in the table's digits, for people
std::string time_text(const Strings& tr, int minute_of_day);
// "Sunday 6 December 2026" (order and words from the table)
std::string date_long(const Strings& tr, const Date& date);
// "Sun 6 Dec"
std::string date_short(const Strings& tr, const Date& date);
// "December 2026"
std::string month_title(const Strings& tr, int year, int month);
// "6 Dec, 10:05" for an instant seen in Bahrain (the app's data is about Bahrain).
std::string as_of_text(const Strings& tr, double unix_ms);
// The start of a booking ("...+03:00") as "Sunday 6 December 2026, 09:30".
std::string start_text(const Strings& tr, const std::string& rfc3339);
// Wraps a left-to-right run (a phone number, a masked CPR) in a Unicode isolate, so a
// leading "+" or "*" stays where it belongs inside right-to-left text.
std::string ltr(const std::string& text);
// "K7M-4QX-9TZ" for reading aloud.
std::string code_text(const std::string& code);
// True when `query` is empty or found in the text in any language. Case-insensitive
// for Latin letters; Arabic alef, ya and ta marbuta variants match each other.
bool matches_search(const std::map<std::string, std::string>& text, const std::string& query);
// Great-circle distance in km.
double distance_km(double lat1, double lon1, double lat2, double lon2);

}  // namespace mawid::client
