// A small catalogue with named boundaries, shared by the booking core's tests.
#pragma once

#include "mawid/catalog.hpp"
#include "mawid/civil_time.hpp"

namespace mawid::test {

inline constexpr int kBahrain = kDefaultUtcOffsetMinutes;  // UTC+03:00

// Local time at the test centre as an instant.
inline UnixSeconds at(int y, int m, int d, int hh, int mm) {
    return to_unix(Date{y, m, d}, hh * 60 + mm, kBahrain);
}

// "isa": Sun-Thu 07:00-11:50 and 12:30-14:00 (a break that a 15-minute slot at 11:45
// would straddle), a Thursday evening shift 16:00-18:00, closed Fri and Sat, closed
// 2026-12-24; public holiday 2026-12-16..17. Service "id-card": 15 min, 30-day window,
// 60 min notice, 3 counters. "passport" is in the catalogue but not offered at "isa".
inline Catalog small_catalog() {
    Service id_card{"id-card", {{"ar", "البطاقة الذكية"}, {"en", "ID card"}},
                    {},        15,
                    30,        60,
                    true,      {{"en", {"Current ID card"}}}};
    Service passport{"passport", {{"ar", "جواز السفر"}, {"en", "Passport"}}, {}, 20, 14, 120, true,
                     {}};
    Centre isa;
    isa.id = "isa";
    isa.name = {{"ar", "مدينة عيسى"}, {"en", "Isa Town"}};
    isa.governorate = "southern";
    isa.lat = 26.17;
    isa.lon = 50.55;
    isa.utc_offset_minutes = kBahrain;
    const std::vector<Interval> day = {{7 * 60, 11 * 60 + 50}, {12 * 60 + 30, 14 * 60}};
    for (Weekday w : {Weekday::sun, Weekday::mon, Weekday::tue, Weekday::wed, Weekday::thu}) {
        isa.hours[static_cast<int>(w)] = day;
    }
    isa.hours[static_cast<int>(Weekday::thu)].push_back({16 * 60, 18 * 60});
    isa.closures = {{Date{2026, 12, 24}, Date{2026, 12, 24}, {{"en", "Maintenance"}}}};
    isa.services = {"id-card"};
    isa.counters = {{"id-card", 3}};
    Catalog catalog;
    catalog.version = "test-1";
    catalog.holidays = {{Date{2026, 12, 16}, Date{2026, 12, 17}, {{"en", "National Day"}}}};
    catalog.services = {id_card, passport};
    catalog.centres = {isa};
    return catalog;
}

// The catalogue and "now" (Sunday 06:00, before opening) of the booking and slot tests.
inline const Catalog kCatalog = small_catalog();
inline const UnixSeconds kNow = at(2026, 12, 6, 6, 0);

}  // namespace mawid::test
