// The catalogue codec (the booking codecs are in booking_codec.cpp).
#include "mawid/codec.hpp"

#include <optional>

#include "json_members.hpp"

namespace mawid {

namespace {

using detail::bad;
using detail::member;

Result<int> int_field(const Json& object, const char* field, int low, int high) {
    const Json* value = member(object, field);
    if (!value || !value->is_number_integer()) return bad(field, "Expected a whole number.");
    if (value->is_number_unsigned()) {
        const auto n = value->get<std::uint64_t>();
        if (n > static_cast<std::uint64_t>(high)) return bad(field, "Number out of range.");
        return static_cast<int>(n);
    }
    const auto n = value->get<std::int64_t>();
    if (n < low || n > high) return bad(field, "Number out of range.");
    return static_cast<int>(n);
}

Result<double> number_field(const Json& object, const char* field) {
    const Json* value = member(object, field);
    if (!value || !value->is_number()) return bad(field, "Expected a number.");
    return value->get<double>();
}

Result<bool> bool_field(const Json& object, const char* field, bool fallback) {
    const Json* value = member(object, field);
    if (!value) return fallback;
    if (!value->is_boolean()) return bad(field, "Expected true or false.");
    return value->get<bool>();
}

Result<LocalizedText> text_field(const Json& object, const char* field) {
    const Json* value = member(object, field);
    if (!value || !value->is_object()) return bad(field, "Expected texts by language.");
    LocalizedText text;
    for (const auto& [lang, item] : value->items()) {
        if (!item.is_string()) return bad(field, "Expected texts by language.");
        text[lang] = item.get<std::string>();
    }
    return text;
}

Result<std::vector<std::string>> string_list(const Json& value, const char* field) {
    if (!value.is_array()) return bad(field, "Expected a list of strings.");
    std::vector<std::string> list;
    for (const auto& item : value) {
        if (!item.is_string()) return bad(field, "Expected a list of strings.");
        list.push_back(item.get<std::string>());
    }
    return list;
}

Result<Date> date_field(const Json& object, const char* field) {
    auto text = string_field(object, field);
    if (!text) return text.error();
    const auto date = parse_date(*text);
    if (!date) return bad(field, "Expected a real date as YYYY-MM-DD.");
    return *date;
}

Result<std::vector<Closure>> closures_field(const Json& object, const char* field) {
    const Json* value = member(object, field);
    std::vector<Closure> closures;
    if (!value) return closures;
    if (!value->is_array()) return bad(field, "Expected a list of closures.");
    for (const auto& item : *value) {
        auto from = date_field(item, "from");
        if (!from) return from.error();
        auto to = date_field(item, "to");
        if (!to) return to.error();
        LocalizedText name;
        if (member(item, "name")) {
            auto parsed = text_field(item, "name");
            if (!parsed) return parsed.error();
            name = *parsed;
        }
        closures.push_back(Closure{*from, *to, name});
    }
    return closures;
}

Result<std::vector<Interval>> intervals_from_json(const Json& day) {
    if (!day.is_array()) return bad("hours", "Expected a list of [open, close] pairs.");
    std::vector<Interval> intervals;
    for (const auto& pair : day) {
        if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) {
            return bad("hours", "Expected [\"HH:MM\", \"HH:MM\"].");
        }
        const auto open = parse_hhmm(pair[0].get<std::string>());
        const auto close = parse_hhmm(pair[1].get<std::string>());
        if (!open || !close) return bad("hours", "Expected [\"HH:MM\", \"HH:MM\"].");
        intervals.push_back(Interval{*open, *close});
    }
    return intervals;
}

Result<WeeklyHours> hours_field(const Json& object) {
    const Json* value = member(object, "hours");
    if (!value || !value->is_object()) return bad("hours", "Expected hours by weekday.");
    WeeklyHours hours;
    for (const auto& [key, day] : value->items()) {
        const auto weekday = parse_weekday_key(key);
        if (!weekday) return bad("hours", "Weekdays are sun, mon, tue, wed, thu, fri, sat.");
        auto intervals = intervals_from_json(day);
        if (!intervals) return intervals.error();
        hours[static_cast<int>(*weekday)] = *intervals;
    }
    return hours;
}

Result<Service> service_from_json(const Json& json) {
    Service service;
    auto id = string_field(json, "id");
    if (!id) return id.error();
    service.id = *id;
    auto name = text_field(json, "name");
    if (!name) return name.error();
    service.name = *name;
    if (member(json, "authority")) {
        auto authority = text_field(json, "authority");
        if (!authority) return authority.error();
        service.authority = *authority;
    }
    auto slot = int_field(json, "slot_minutes", 1, 24 * 60);
    auto window = int_field(json, "window_days", 0, 3660);
    auto notice = int_field(json, "min_notice_minutes", 0, 525600);
    auto one = bool_field(json, "one_active_per_cpr", true);
    if (!slot) return slot.error();
    if (!window) return window.error();
    if (!notice) return notice.error();
    if (!one) return one.error();
    service.slot_minutes = *slot;
    service.window_days = *window;
    service.min_notice_minutes = *notice;
    service.one_active_per_cpr = *one;
    if (const Json* bring = member(json, "bring")) {
        if (!bring->is_object()) return bad("bring", "Expected lists by language.");
        for (const auto& [lang, items] : bring->items()) {
            auto list = string_list(items, "bring");
            if (!list) return list.error();
            service.bring[lang] = *list;
        }
    }
    return service;
}

Result<std::map<std::string, int>> counters_field(const Json& object) {
    const Json* value = member(object, "counters");
    if (!value || !value->is_object()) return bad("counters", "Expected counters by service.");
    std::map<std::string, int> counters;
    for (const auto& [id, count] : value->items()) {
        if (!count.is_number_integer() || count.get<std::int64_t>() < 0 ||
            count.get<std::int64_t>() > 1000) {
            return bad("counters", "Expected a number of counters 0..1000.");
        }
        counters[id] = count.get<int>();
    }
    return counters;
}

Result<std::vector<ScheduleChange>> changes_field(const Json& object) {
    std::vector<ScheduleChange> changes;
    const Json* value = member(object, "changes");
    if (!value) return changes;
    if (!value->is_array()) return bad("changes", "Expected a list of schedule changes.");
    for (const auto& item : *value) {
        ScheduleChange change;
        auto from = date_field(item, "from");
        if (!from) return from.error();
        change.from = *from;
        if (member(item, "hours")) {
            auto hours = hours_field(item);
            if (!hours) return hours.error();
            change.has_hours = true;
            change.hours = *hours;
        }
        if (member(item, "counters")) {
            auto counters = counters_field(item);
            if (!counters) return counters.error();
            change.counters = *counters;
        }
        changes.push_back(change);
    }
    return changes;
}

// "live_from": a date, and "service_live_from": {service id: date}; both optional.
Status live_from_fields(const Json& json, Centre& centre) {
    if (member(json, "live_from")) {
        auto date = date_field(json, "live_from");
        if (!date) return date.error();
        centre.live_from = *date;
    }
    const Json* by_service = member(json, "service_live_from");
    if (!by_service) return Ok{};
    if (!by_service->is_object()) return bad("service_live_from", "Expected dates by service.");
    for (const auto& [id, item] : by_service->items()) {
        const auto date = item.is_string() ? parse_date(item.get<std::string>()) : std::nullopt;
        if (!date) return bad("service_live_from", "Expected a real date as YYYY-MM-DD.");
        centre.service_live_from[id] = *date;
    }
    return Ok{};
}

Result<Centre> centre_from_json(const Json& json) {
    Centre centre;
    auto id = string_field(json, "id");
    auto name = text_field(json, "name");
    auto governorate = string_field(json, "governorate");
    auto lat = number_field(json, "lat");
    auto lon = number_field(json, "lon");
    auto offset = int_field(json, "utc_offset_minutes", -14 * 60, 14 * 60);
    if (!id) return id.error();
    if (!name) return name.error();
    if (!governorate) return governorate.error();
    if (!lat) return lat.error();
    if (!lon) return lon.error();
    if (!offset) return offset.error();
    auto hours = hours_field(json);
    if (!hours) return hours.error();
    auto closures = closures_field(json, "closures");
    if (!closures) return closures.error();
    const Json* services = member(json, "services");
    if (!services) return bad("services");
    auto service_ids = string_list(*services, "services");
    if (!service_ids) return service_ids.error();
    auto counters = counters_field(json);
    if (!counters) return counters.error();
    auto changes = changes_field(json);
    if (!changes) return changes.error();
    if (auto live = live_from_fields(json, centre); !live) return live.error();
    centre.changes = *changes;
    centre.id = *id;
    centre.name = *name;
    centre.governorate = *governorate;
    centre.lat = *lat;
    centre.lon = *lon;
    centre.utc_offset_minutes = *offset;
    centre.hours = *hours;
    centre.closures = *closures;
    centre.services = *service_ids;
    centre.counters = *counters;
    return centre;
}

Json closures_to_json(const std::vector<Closure>& closures) {
    Json list = Json::array();
    for (const auto& c : closures) {
        list.push_back(
            {{"from", format_date(c.from)}, {"to", format_date(c.to)}, {"name", c.name}});
    }
    return list;
}

Json hours_to_json(const WeeklyHours& hours) {
    Json json = Json::object();
    for (int day = 0; day < 7; ++day) {
        Json intervals = Json::array();
        for (const auto& interval : hours[day]) {
            intervals.push_back({format_hhmm(interval.open), format_hhmm(interval.close)});
        }
        json[std::string(weekday_key(static_cast<Weekday>(day)))] = intervals;
    }
    return json;
}

Json service_to_json(const Service& s) {
    Json json = {{"id", s.id},
                 {"name", s.name},
                 {"slot_minutes", s.slot_minutes},
                 {"window_days", s.window_days},
                 {"min_notice_minutes", s.min_notice_minutes},
                 {"one_active_per_cpr", s.one_active_per_cpr},
                 {"bring", s.bring}};
    if (!s.authority.empty()) json["authority"] = s.authority;
    return json;
}

Json changes_to_json(const std::vector<ScheduleChange>& changes) {
    Json list = Json::array();
    for (const auto& change : changes) {
        Json item = {{"from", format_date(change.from)}};
        if (change.has_hours) item["hours"] = hours_to_json(change.hours);
        if (!change.counters.empty()) item["counters"] = change.counters;
        list.push_back(item);
    }
    return list;
}

Json centre_to_json(const Centre& c) {
    Json json = {{"id", c.id},
                 {"name", c.name},
                 {"governorate", c.governorate},
                 {"lat", c.lat},
                 {"lon", c.lon},
                 {"utc_offset_minutes", c.utc_offset_minutes},
                 {"hours", hours_to_json(c.hours)},
                 {"closures", closures_to_json(c.closures)},
                 {"services", c.services},
                 {"counters", c.counters}};
    if (!c.changes.empty()) json["changes"] = changes_to_json(c.changes);
    if (c.live_from) json["live_from"] = format_date(*c.live_from);
    if (!c.service_live_from.empty()) {
        Json by_service = Json::object();
        for (const auto& [id, date] : c.service_live_from) by_service[id] = format_date(date);
        json["service_live_from"] = by_service;
    }
    return json;
}

template <typename T, typename Decode>
Result<std::vector<T>> list_field(const Json& json, const char* field, Decode decode) {
    const Json* value = member(json, field);
    if (!value || !value->is_array()) return bad(field, "Expected a list.");
    std::vector<T> items;
    for (const auto& item : *value) {
        auto decoded = decode(item);
        if (!decoded) return decoded.error();
        items.push_back(std::move(decoded).value());
    }
    return items;
}

}  // namespace

Result<Json> parse_json(std::string_view text) {
    Json json = Json::parse(text.begin(), text.end(), nullptr, false);
    if (json.is_discarded()) return bad("", "The body is not valid JSON.");
    return json;
}

namespace {

// Builds a document as Json::parse does, and stops at a key its object already holds (a
// map lookup per key: no callback per token, no copy of each key).
class OnceEachBuilder : public nlohmann::json_sax<Json> {
public:
    Json root;
    std::optional<std::string> repeated;  // the key given twice, which may be ""

    bool null() override { return put(nullptr); }
    bool boolean(bool value) override { return put(value); }
    bool number_integer(number_integer_t value) override { return put(value); }
    bool number_unsigned(number_unsigned_t value) override { return put(value); }
    bool number_float(number_float_t value, const string_t&) override { return put(value); }
    bool string(string_t& value) override { return put(std::move(value)); }
    bool binary(binary_t& value) override { return put(Json::binary(std::move(value))); }
    bool start_object(std::size_t) override { return open(Json::object()); }
    bool start_array(std::size_t) override { return open(Json::array()); }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }
    bool key(string_t& name) override {
        if (open_.back()->contains(name)) {
            repeated = name;
            return false;
        }
        key_ = std::move(name);
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
        return false;
    }

private:
    // Places a value in the innermost open array or object (under the last key), or as the
    // document; returns where it now lives.
    Json* place(Json value) {
        if (open_.empty()) {
            root = std::move(value);
            return &root;
        }
        Json& parent = *open_.back();
        if (parent.is_array()) {
            parent.push_back(std::move(value));
            return &parent.back();
        }
        return &(parent[key_] = std::move(value));
    }
    bool put(Json value) {
        place(std::move(value));
        return true;
    }
    bool open(Json container) {
        open_.push_back(place(std::move(container)));
        return true;
    }
    bool close() {
        open_.pop_back();
        return true;
    }

    std::vector<Json*> open_;  // the arrays and objects being read, innermost last
    std::string key_;
};

}  // namespace

Result<Json> parse_json_once_each(std::string_view text) {
    OnceEachBuilder builder;
    if (Json::sax_parse(text.begin(), text.end(), &builder)) return std::move(builder.root);
    if (builder.repeated) return bad(*builder.repeated, "This field is given more than once.");
    return bad("", "The body is not valid JSON.");
}

Result<std::string> string_field(const Json& object, const char* field) {
    const Json* value = member(object, field);
    if (!value || !value->is_string()) return bad(field, "Expected a string.");
    return value->get<std::string>();
}

Json catalog_to_json(const Catalog& catalog) {
    Json services = Json::array();
    for (const auto& s : catalog.services) services.push_back(service_to_json(s));
    Json centres = Json::array();
    for (const auto& c : catalog.centres) centres.push_back(centre_to_json(c));
    return {{"version", catalog.version},
            {"holidays", closures_to_json(catalog.holidays)},
            {"services", services},
            {"centres", centres}};
}

Result<Catalog> catalog_from_json(const Json& json) {
    Catalog catalog;
    auto version = string_field(json, "version");
    if (!version) return version.error();
    auto holidays = closures_field(json, "holidays");
    if (!holidays) return holidays.error();
    auto services = list_field<Service>(json, "services", service_from_json);
    if (!services) return services.error();
    auto centres = list_field<Centre>(json, "centres", centre_from_json);
    if (!centres) return centres.error();
    catalog.version = *version;
    catalog.holidays = *holidays;
    catalog.services = *services;
    catalog.centres = *centres;
    if (auto problem = catalog_problem(catalog); !problem.empty()) return bad("", problem);
    return catalog;
}

}  // namespace mawid
