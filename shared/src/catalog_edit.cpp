#include "mawid/catalog_edit.hpp"

#include <algorithm>
#include <charconv>
#include <string_view>
#include "json_members.hpp"

namespace mawid {

using detail::bad;
namespace {

// Re-reads an edited catalogue JSON: the codec and catalog_problem check every rule.
Result<Catalog> reparse(const Json& json, const char* field) {
    auto catalog = catalog_from_json(json);
    if (catalog) return catalog;
    Error error = catalog.error();
    if (error.field.empty() || error.field == "changes" || error.field == "closures" ||
        error.field == "holidays" || error.field == "from" || error.field == "to") {
        error.field = field;
    }
    return error;
}

Json* centre_json(Json& catalog, const std::string& centre) {
    for (Json& item : catalog["centres"]) {
        if (item.value("id", "") == centre) return &item;
    }
    return nullptr;
}

std::optional<Error> check_name(const Json& name) {
    if (name.is_null()) return std::nullopt;
    if (!name.is_object()) return bad("name", "Expected texts by language: {\"ar\", \"en\"}.");
    for (const auto& [lang, text] : name.items()) {
        if (!text.is_string() || lang.size() > 8) {
            return bad("name", "Expected texts by language: {\"ar\", \"en\"}.");
        }
    }
    return std::nullopt;
}

Json closure_json(const Date& from, const Date& to, const Json& name) {
    return {{"from", format_date(from)},
            {"to", format_date(to)},
            {"name", name.is_null() ? Json::object() : name}};
}

// Merges a change into the centre's list, keeping the list ordered by date.
void merge_change(Json& changes, const Json& change) {
    const std::string from = change["from"];
    for (Json& existing : changes) {
        if (existing.value("from", "") != from) continue;
        if (change.contains("hours")) existing["hours"] = change["hours"];
        if (change.contains("counters")) {
            if (!existing.contains("counters")) existing["counters"] = Json::object();
            for (const auto& [service, n] : change["counters"].items()) {
                existing["counters"][service] = n;
            }
        }
        return;
    }
    auto at = std::find_if(changes.begin(), changes.end(),
                           [&](const Json& existing) { return existing.value("from", "") > from; });
    changes.insert(at, change);
}

}  // namespace

std::string next_catalog_version(const std::string& version) {
    std::size_t mark = version.rfind("-r");
    if (mark != std::string::npos && mark + 2 < version.size()) {
        std::string_view digits = std::string_view(version).substr(mark + 2);
        long n = 0;
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
        if (ec == std::errc() && end == digits.data() + digits.size() && n > 0) {
            return version.substr(0, mark) + "-r" + std::to_string(n + 1);
        }
    }
    return version + "-r1";
}

Result<Catalog> with_schedule_change(const Catalog& catalog, const std::string& centre_id,
                                     const Date& from, const Json& hours, const Json& counters) {
    if (hours.is_null() && counters.is_null()) {
        return bad("hours", "Give hours, counters or both.");
    }
    const Centre* centre = find_centre(catalog, centre_id);
    if (!centre) return make_error(ErrorCode::unknown_centre);
    if (!counters.is_null()) {
        if (!counters.is_object()) return bad("counters", "Expected counters by service.");
        for (const auto& [service, n] : counters.items()) {
            if (!offers(*centre, service)) {
                return bad("counters", "This centre does not offer " + service + ".");
            }
        }
    }
    if (!hours.is_null() && !hours.is_object()) return bad("hours", "Expected hours by weekday.");
    Json json = catalog_to_json(catalog);
    Json* target = centre_json(json, centre_id);
    Json change = {{"from", format_date(from)}};
    if (!hours.is_null()) change["hours"] = hours;
    if (!counters.is_null()) change["counters"] = counters;
    if (!target->contains("changes")) (*target)["changes"] = Json::array();
    merge_change((*target)["changes"], change);
    return reparse(json, hours.is_null() ? "counters" : "hours");
}

Result<Catalog> with_closure(const Catalog& catalog, const std::string& centre_id, const Date& from,
                             const Date& to, const Json& name) {
    if (auto problem = check_name(name)) return *problem;
    if (to < from) return bad("to", "The last day must be on or after the first.");
    if (!find_centre(catalog, centre_id)) return make_error(ErrorCode::unknown_centre);
    Json json = catalog_to_json(catalog);
    (*centre_json(json, centre_id))["closures"].push_back(closure_json(from, to, name));
    return reparse(json, "from");
}

Result<Catalog> with_holiday(const Catalog& catalog, const Date& from, const Date& to,
                             const Json& name) {
    if (auto problem = check_name(name)) return *problem;
    if (to < from) return bad("to", "The last day must be on or after the first.");
    Json json = catalog_to_json(catalog);
    json["holidays"].push_back(closure_json(from, to, name));
    return reparse(json, "from");
}

Result<Catalog> without(const Catalog& catalog, Removal what, const std::string& centre_id,
                        const Date& from, const Date& to) {
    Json json = catalog_to_json(catalog);
    Json* list = nullptr;
    if (what == Removal::holiday) {
        list = &json["holidays"];
    } else {
        Json* centre = centre_json(json, centre_id);
        if (!centre) return make_error(ErrorCode::unknown_centre);
        const char* key = what == Removal::closure ? "closures" : "changes";
        if (!centre->contains(key)) (*centre)[key] = Json::array();
        list = &(*centre)[key];
    }
    const std::string first = format_date(from);
    const std::string last = format_date(to);
    auto match = [&](const Json& item) {
        return item.value("from", "") == first &&
               (what == Removal::schedule_change || item.value("to", "") == last);
    };
    auto it = std::find_if(list->begin(), list->end(), match);
    if (it == list->end()) {
        return make_error(ErrorCode::not_found, "from",
                          what == Removal::schedule_change
                              ? "There is no schedule change dated that day."
                              : "There is no closure with these dates.");
    }
    list->erase(it);
    return reparse(json, "from");
}

}  // namespace mawid
