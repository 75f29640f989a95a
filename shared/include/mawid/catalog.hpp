// The catalogue: services, centres, their opening hours, counters and closures.
// Plain values; built from JSON by codec.hpp and read by the slot grid.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "civil_time.hpp"

namespace mawid {

// Text in several languages, keyed by language tag ("ar", "en", ...).
using LocalizedText = std::map<std::string, std::string>;

// What to bring, as lists by language tag.
using LocalizedLists = std::map<std::string, std::vector<std::string>>;

// The text in the first language of `chain` that has a non-empty one, else any text;
// empty when there is none. A table's chain (Strings::chain()) is its own language, its
// "_meta.fallback" list, then English, then Arabic (docs/translations.md).
std::string_view localized(const LocalizedText& text, const std::vector<std::string>& chain);
// The text in `lang`, else English, else Arabic, else any; empty when there is none.
std::string_view localized(const LocalizedText& text, std::string_view lang);
// The list in the first language of `chain` that has a non-empty one; empty when none has.
const std::vector<std::string>& localized(const LocalizedLists& lists,
                                          const std::vector<std::string>& chain);

// A half-open span of a day in minutes after midnight: [open, close).
struct Interval {
    int open = 0;
    int close = 0;
    friend bool operator==(const Interval&, const Interval&) = default;
};

// Opening intervals for each weekday (index = Weekday); a gap between two is a break.
using WeeklyHours = std::array<std::vector<Interval>, 7>;

// A closed span of days, both ends included (a holiday or a centre's own closure).
struct Closure {
    Date from;
    Date to;
    LocalizedText name;
    friend bool operator==(const Closure&, const Closure&) = default;
};

// A change to a centre's week that applies from a date on (a supervisor's edit).
// Unset parts keep what applied before.
struct ScheduleChange {
    Date from;
    bool has_hours = false;
    WeeklyHours hours;
    std::map<std::string, int> counters;  // service id -> counters from this date on
    friend bool operator==(const ScheduleChange&, const ScheduleChange&) = default;
};

struct Service {
    std::string id;
    LocalizedText name;
    LocalizedText authority;
    int slot_minutes = 15;
    int window_days = 30;         // the last bookable day is today + window_days
    int min_notice_minutes = 60;  // a slot must start at least this long after now
    bool one_active_per_cpr = true;
    LocalizedLists bring;  // lang -> what to bring
    friend bool operator==(const Service&, const Service&) = default;
};

struct Centre {
    std::string id;
    LocalizedText name;
    std::string governorate;  // capital | muharraq | northern | southern
    double lat = 0;
    double lon = 0;
    int utc_offset_minutes = kDefaultUtcOffsetMinutes;
    WeeklyHours hours;
    std::vector<Closure> closures;
    std::vector<std::string> services;    // ids of the services offered, in display order
    std::map<std::string, int> counters;  // service id -> counters serving it
    std::vector<ScheduleChange> changes;  // ordered by `from`; later ones win
    std::optional<Date> live_from;        // first day citizens may book; none: live already
    std::map<std::string, Date> service_live_from;  // service id -> its own first day
    friend bool operator==(const Centre&, const Centre&) = default;
};

struct Catalog {
    std::string version;
    std::vector<Closure> holidays;  // public holidays: every centre is closed
    std::vector<Service> services;
    std::vector<Centre> centres;
    friend bool operator==(const Catalog&, const Catalog&) = default;
};

// The service with this id, or nullptr.
const Service* find_service(const Catalog& catalog, std::string_view id);

// The centre with this id, or nullptr.
const Centre* find_centre(const Catalog& catalog, std::string_view id);

// The centre's UTC offset in minutes; kDefaultUtcOffsetMinutes for a centre not in the
// catalogue.
int centre_utc_offset(const Catalog& catalog, std::string_view centre_id);

// The date at the centre at instant `now` (at its UTC offset, as above).
Date centre_today(const Catalog& catalog, std::string_view centre_id, UnixSeconds now);

// True when the centre lists the service (its counters may still be 0 on some days).
bool offers(const Centre& centre, std::string_view service_id);

// Counters serving the service at the centre under its base week (0 when not offered).
int counters_for(const Centre& centre, std::string_view service_id);

// Opening intervals on `date`, after every schedule change that applies by then.
const std::vector<Interval>& hours_on(const Centre& centre, const Date& date);

// Counters serving the service on `date`, after schedule changes (0 when not offered).
int counters_on(const Centre& centre, std::string_view service_id, const Date& date);

// True when the centre is closed all day on `date` (holiday or own closure).
bool is_closed_on(const Catalog& catalog, const Centre& centre, const Date& date);

// The first day citizens may book the service at the centre: the pair's own date, else the
// centre's; nullopt when it is live from the start.
std::optional<Date> live_from(const Centre& centre, std::string_view service_id);

// True when citizens may book the service at the centre on `today` (the centre's local date):
// on or after its go-live date. The caller passes today: shared/ has no clock.
bool is_live(const Centre& centre, std::string_view service_id, const Date& today);

// True when at least one service of the centre is live on `today`.
bool centre_is_live(const Centre& centre, const Date& today);

// The first day the centre takes any booking (its earliest service go-live); nullopt when
// one of its services is live from the start.
std::optional<Date> centre_opens_on(const Centre& centre);

// The earliest go-live day of the service over the centres that offer it; nullopt when one
// of them offers it from the start or none offers it.
std::optional<Date> service_starts_on(const Catalog& catalog, std::string_view service_id);

// Empty when the catalogue is consistent; otherwise the first problem found
// (duplicate ids, unknown service references, bad intervals, bad numbers).
std::string catalog_problem(const Catalog& catalog);

}  // namespace mawid
