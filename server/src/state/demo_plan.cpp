#include "state/demo_plan.hpp"

#include <map>

namespace mawid::server {
namespace {

Error plan_error(const std::string& message) {
    return make_error(ErrorCode::bad_request, "demo_plan", message);
}

// Centre id -> days after the seed day, from the plan's phases.
Result<std::map<std::string, int>> phase_days(const Json& plan) {
    if (!plan.is_array()) return plan_error("Expected a list of phases.");
    std::map<std::string, int> days;
    for (const Json& phase : plan) {
        const Json* after =
            phase.is_object() && phase.contains("after_days") ? &phase["after_days"] : nullptr;
        const Json* centres =
            phase.is_object() && phase.contains("centres") ? &phase["centres"] : nullptr;
        if (!after || !after->is_number_integer() || !centres || !centres->is_array()) {
            return plan_error("A phase is {\"after_days\": N, \"centres\": [ids]}.");
        }
        const int n = after->get<int>();
        if (n < 0 || n > 3660) return plan_error("after_days must be 0..3660.");
        for (const Json& id : *centres) {
            if (!id.is_string()) return plan_error("Centres are listed by id.");
            if (!days.emplace(id.get<std::string>(), n).second) {
                return plan_error("Centre " + id.get<std::string>() + " is in two phases.");
            }
        }
    }
    return days;
}

}  // namespace

Result<Catalog> apply_demo_plan(Catalog catalog, const Json& file, const Date& seed_day) {
    if (!file.is_object() || !file.contains("demo_plan")) return catalog;
    auto days = phase_days(file["demo_plan"]);
    if (!days) return days.error();
    for (const auto& [id, n] : *days) {
        if (!find_centre(catalog, id)) return plan_error("Unknown centre " + id + ".");
    }
    for (Centre& centre : catalog.centres) {
        auto it = days->find(centre.id);
        centre.live_from = add_days(seed_day, it == days->end() ? 0 : it->second);
    }
    // The version is the ETag: a device that kept the catalogue of a demo seeded another day
    // must not be told its dates are still current.
    catalog.version += "-seeded-" + format_date(seed_day);
    return catalog;
}

}  // namespace mawid::server
