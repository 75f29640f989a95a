#include "mawid/catalog.hpp"

#include <algorithm>
#include <set>

namespace mawid {

namespace {

// The first entry of `by_lang` in a language of `chain` that is not empty, else end().
template <typename Map>
typename Map::const_iterator first_of(const Map& by_lang, const std::vector<std::string>& chain) {
    for (const auto& lang : chain) {
        if (auto it = by_lang.find(lang); it != by_lang.end() && !it->second.empty()) return it;
    }
    return by_lang.end();
}

}  // namespace

std::string_view localized(const LocalizedText& text, const std::vector<std::string>& chain) {
    if (auto it = first_of(text, chain); it != text.end()) return it->second;
    // A catalogue written in none of the chain's languages still names things.
    for (const auto& [lang, value] : text) {
        if (!value.empty()) return value;
    }
    return {};
}

std::string_view localized(const LocalizedText& text, std::string_view lang) {
    return localized(text, std::vector<std::string>{std::string(lang), "en", "ar"});
}

const std::vector<std::string>& localized(const LocalizedLists& lists,
                                          const std::vector<std::string>& chain) {
    static const std::vector<std::string> none;
    auto it = first_of(lists, chain);
    return it != lists.end() ? it->second : none;
}

const Service* find_service(const Catalog& catalog, std::string_view id) {
    for (const auto& service : catalog.services) {
        if (service.id == id) return &service;
    }
    return nullptr;
}

const Centre* find_centre(const Catalog& catalog, std::string_view id) {
    for (const auto& centre : catalog.centres) {
        if (centre.id == id) return &centre;
    }
    return nullptr;
}

int centre_utc_offset(const Catalog& catalog, std::string_view centre_id) {
    const Centre* centre = find_centre(catalog, centre_id);
    return centre ? centre->utc_offset_minutes : kDefaultUtcOffsetMinutes;
}

Date centre_today(const Catalog& catalog, std::string_view centre_id, UnixSeconds now) {
    return to_local(now, centre_utc_offset(catalog, centre_id)).date;
}

int counters_for(const Centre& centre, std::string_view service_id) {
    const auto it = centre.counters.find(std::string(service_id));
    return it == centre.counters.end() ? 0 : it->second;
}

const std::vector<Interval>& hours_on(const Centre& centre, const Date& date) {
    const WeeklyHours* week = &centre.hours;
    for (const auto& change : centre.changes) {
        if (change.from <= date && change.has_hours) week = &change.hours;
    }
    return (*week)[static_cast<int>(weekday_of(date))];
}

int counters_on(const Centre& centre, std::string_view service_id, const Date& date) {
    if (!offers(centre, service_id)) return 0;
    int counters = counters_for(centre, service_id);
    for (const auto& change : centre.changes) {
        if (change.from > date) continue;
        if (auto it = change.counters.find(std::string(service_id)); it != change.counters.end()) {
            counters = it->second;
        }
    }
    return counters;
}

bool offers(const Centre& centre, std::string_view service_id) {
    return std::find(centre.services.begin(), centre.services.end(), service_id) !=
           centre.services.end();
}

namespace {

bool covers(const std::vector<Closure>& closures, const Date& date) {
    return std::any_of(closures.begin(), closures.end(),
                       [&](const Closure& c) { return c.from <= date && date <= c.to; });
}

std::string hours_problem(const WeeklyHours& hours) {
    for (const auto& day : hours) {
        int previous_close = -1;
        for (const auto& interval : day) {
            if (interval.open < 0 || interval.close > 24 * 60 || interval.open >= interval.close ||
                interval.open < previous_close) {
                return "opening intervals must be ordered, non-overlapping and within the day";
            }
            previous_close = interval.close;
        }
    }
    return {};
}

std::string closures_problem(const std::vector<Closure>& closures) {
    for (const auto& closure : closures) {
        if (!is_valid(closure.from) || !is_valid(closure.to) || closure.to < closure.from) {
            return "a closure must run from a real date to the same or a later one";
        }
    }
    return {};
}

std::string service_problem(const Service& service) {
    if (service.id.empty()) return "a service needs an id";
    if (service.slot_minutes < 5 || service.slot_minutes > 240) {
        return "service " + service.id + ": slot_minutes must be 5..240";
    }
    if (service.window_days < 0 || service.window_days > 366) {
        return "service " + service.id + ": window_days must be 0..366";
    }
    if (service.min_notice_minutes < 0) return "service " + service.id + ": negative notice";
    return {};
}

std::string centre_problem(const Catalog& catalog, const Centre& centre) {
    if (centre.id.empty()) return "a centre needs an id";
    if (centre.utc_offset_minutes < -14 * 60 || centre.utc_offset_minutes > 14 * 60) {
        return "centre " + centre.id + ": utc_offset_minutes out of range";
    }
    if (auto problem = hours_problem(centre.hours); !problem.empty()) {
        return "centre " + centre.id + ": " + problem;
    }
    if (auto problem = closures_problem(centre.closures); !problem.empty()) {
        return "centre " + centre.id + ": " + problem;
    }
    for (std::size_t i = 0; i < centre.changes.size(); ++i) {
        const auto& change = centre.changes[i];
        if (!is_valid(change.from) || (i > 0 && change.from < centre.changes[i - 1].from)) {
            return "centre " + centre.id + ": schedule changes must be dated and in order";
        }
        if (auto problem = hours_problem(change.hours); !problem.empty()) {
            return "centre " + centre.id + ": " + problem;
        }
        for (const auto& [id, count] : change.counters) {
            if (count < 0 || count > 1000 || !find_service(catalog, id)) {
                return "centre " + centre.id + ": bad counters for " + id;
            }
        }
    }
    for (const auto& id : centre.services) {
        if (!find_service(catalog, id)) return "centre " + centre.id + ": unknown service " + id;
    }
    if (centre.live_from && !is_valid(*centre.live_from)) {
        return "centre " + centre.id + ": live_from is not a real date";
    }
    for (const auto& [id, date] : centre.service_live_from) {
        // A go-live date for a service the centre does not offer would never show anywhere.
        if (!offers(centre, id)) return "centre " + centre.id + ": live_from for unoffered " + id;
        if (!is_valid(date)) return "centre " + centre.id + ": live_from is not a real date";
    }
    for (const auto& [id, count] : centre.counters) {
        if (count < 0 || count > 1000) return "centre " + centre.id + ": bad counters for " + id;
        if (!find_service(catalog, id)) return "centre " + centre.id + ": unknown service " + id;
    }
    return {};
}

template <typename T>
bool has_duplicate_ids(const std::vector<T>& items) {
    std::set<std::string> seen;
    for (const auto& item : items) {
        if (!seen.insert(item.id).second) return true;
    }
    return false;
}

}  // namespace

bool is_closed_on(const Catalog& catalog, const Centre& centre, const Date& date) {
    return covers(catalog.holidays, date) || covers(centre.closures, date);
}

std::optional<Date> live_from(const Centre& centre, std::string_view service_id) {
    if (auto it = centre.service_live_from.find(std::string(service_id));
        it != centre.service_live_from.end()) {
        return it->second;
    }
    return centre.live_from;
}

bool is_live(const Centre& centre, std::string_view service_id, const Date& today) {
    const auto from = live_from(centre, service_id);
    return !from || *from <= today;
}

bool centre_is_live(const Centre& centre, const Date& today) {
    return std::any_of(centre.services.begin(), centre.services.end(),
                       [&](const std::string& id) { return is_live(centre, id, today); });
}

std::optional<Date> centre_opens_on(const Centre& centre) {
    std::optional<Date> first;
    for (const auto& id : centre.services) {
        const auto from = live_from(centre, id);
        if (!from) return std::nullopt;
        if (!first || *from < *first) first = from;
    }
    // A centre that offers nothing yet still has its own date to show.
    return centre.services.empty() ? centre.live_from : first;
}

std::optional<Date> service_starts_on(const Catalog& catalog, std::string_view service_id) {
    std::optional<Date> first;
    for (const auto& centre : catalog.centres) {
        if (!offers(centre, service_id)) continue;
        const auto from = live_from(centre, service_id);
        if (!from) return std::nullopt;
        if (!first || *from < *first) first = from;
    }
    return first;
}

std::string catalog_problem(const Catalog& catalog) {
    if (has_duplicate_ids(catalog.services)) return "duplicate service id";
    if (has_duplicate_ids(catalog.centres)) return "duplicate centre id";
    if (auto problem = closures_problem(catalog.holidays); !problem.empty()) return problem;
    for (const auto& service : catalog.services) {
        if (auto problem = service_problem(service); !problem.empty()) return problem;
    }
    for (const auto& centre : catalog.centres) {
        if (auto problem = centre_problem(catalog, centre); !problem.empty()) return problem;
    }
    return {};
}

}  // namespace mawid
