#include "format.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>

#include <mawid/booking_code.hpp>
#include <mawid/codec.hpp>

namespace mawid::client {

void use_calendar_names(Strings& tr, std::string_view json) {
    Json names = Json::parse(json, nullptr, /*allow_exceptions=*/false);
    auto list = [&names](const char* name, std::size_t size) {
        if (!names.is_object() || !names.contains(name)) return false;
        const Json& items = names[name];
        if (!items.is_array() || items.size() != size) return false;
        for (const Json& item : items) {
            if (!item.is_string() || item.get<std::string>().empty()) return false;
        }
        return true;
    };
    if (!list("month", 12) || !list("month_short", 12) || !list("weekday", 7) ||
        !list("weekday_short", 7)) {
        return;
    }
    for (int m = 1; m <= 12; ++m) {
        tr.put("month." + std::to_string(m), names["month"][m - 1].get<std::string>());
        tr.put("month_short." + std::to_string(m), names["month_short"][m - 1].get<std::string>());
    }
    for (int d = 0; d < 7; ++d) {
        std::string key(weekday_key(static_cast<Weekday>(d)));
        tr.put("weekday." + key, names["weekday"][d].get<std::string>());
        tr.put("weekday_short." + key, names["weekday_short"][d].get<std::string>());
    }
}

std::string time_text(int minute_of_day) {
    return format_hhmm(minute_of_day);
}

std::string time_text(const Strings& tr, int minute_of_day) {
    return tr.digits(format_hhmm(minute_of_day));
}

std::string date_long(const Strings& tr, const Date& date) {
    std::string wd(weekday_key(weekday_of(date)));
    return tr.format("fmt.date_long", {{"weekday", tr("weekday." + wd)},
                                       {"day", tr.number(date.day)},
                                       {"month", tr("month." + std::to_string(date.month))},
                                       {"year", tr.number(date.year)}});
}

std::string date_short(const Strings& tr, const Date& date) {
    std::string wd(weekday_key(weekday_of(date)));
    return tr.format("fmt.date_short",
                     {{"weekday", tr("weekday_short." + wd)},
                      {"day", tr.number(date.day)},
                      {"month", tr("month_short." + std::to_string(date.month))}});
}

std::string month_title(const Strings& tr, int year, int month) {
    return tr.format("fmt.month_year",
                     {{"month", tr("month." + std::to_string(month))}, {"year", tr.number(year)}});
}

std::string as_of_text(const Strings& tr, double unix_ms) {
    LocalTime t = to_local(static_cast<UnixSeconds>(unix_ms / 1000), kDefaultUtcOffsetMinutes);
    return tr.format("fmt.as_of", {{"day", tr.number(t.date.day)},
                                   {"month", tr("month_short." + std::to_string(t.date.month))},
                                   {"time", time_text(tr, t.minute_of_day)}});
}

std::string start_text(const Strings& tr, const std::string& rfc3339) {
    auto t = parse_rfc3339(rfc3339);
    if (!t) return rfc3339;
    LocalTime local = to_local(t->instant, t->offset_minutes);
    return tr.format("fmt.date_time", {{"date", date_long(tr, local.date)},
                                       {"time", time_text(tr, local.minute_of_day)}});
}

std::string ltr(const std::string& text) {
    return "\u2066" + text + "\u2069";  // LEFT-TO-RIGHT ISOLATE ... POP DIRECTIONAL ISOLATE
}

std::string code_text(const std::string& code) {
    return format_code(code);
}

namespace {
// Folds what people type differently into one form, for search only.
std::string fold(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            out += static_cast<char>(std::tolower(c));
            continue;
        }
        // Two-byte Arabic letters: U+0622/0623/0625 -> U+0627 (alef), U+0649 -> U+064A (ya),
        // U+0629 -> U+0647 (ta marbuta -> ha).
        if (c == 0xD8 && i + 1 < text.size()) {
            unsigned char d = static_cast<unsigned char>(text[i + 1]);
            if (d == 0xA2 || d == 0xA3 || d == 0xA5) d = 0xA7;
            if (d == 0xA9) {
                out += "\xD9\x87";
                ++i;
                continue;
            }
            out += static_cast<char>(c);
            out += static_cast<char>(d);
            ++i;
            continue;
        }
        if (c == 0xD9 && i + 1 < text.size()) {
            unsigned char d = static_cast<unsigned char>(text[i + 1]);
            if (d == 0x89) d = 0x8A;
            out += static_cast<char>(c);
            out += static_cast<char>(d);
            ++i;
            continue;
        }
        out += static_cast<char>(c);
    }
    return out;
}
}  // namespace

bool matches_search(const std::map<std::string, std::string>& text, const std::string& query) {
    std::string q = fold(query);
    while (!q.empty() && q.back() == ' ') q.pop_back();
    while (!q.empty() && q.front() == ' ') q.erase(q.begin());
    if (q.empty()) return true;
    for (const auto& [lang, value] : text) {
        if (fold(value).find(q) != std::string::npos) return true;
    }
    return false;
}

double distance_km(double lat1, double lon1, double lat2, double lon2) {
    constexpr double kRad = 3.14159265358979323846 / 180.0;
    double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
    double a =
        std::sin(dlat / 2) * std::sin(dlat / 2) +
        std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 6371.0 * 2 * std::atan2(std::sqrt(a), std::sqrt(1 - a));
}

}  // namespace mawid::client
