#include "mawid/rollout.hpp"

#include <map>

namespace mawid {

std::vector<RolloutPhase> rollout_phases(const Catalog& catalog, const Date& today) {
    std::map<Date, std::vector<std::string>> by_date;  // ordered: earliest first
    for (const Centre& centre : catalog.centres) {
        if (centre.live_from) by_date[*centre.live_from].push_back(centre.id);
    }
    std::vector<RolloutPhase> phases;
    for (auto& [date, centres] : by_date) {
        phases.push_back(RolloutPhase{date, std::move(centres), date <= today});
    }
    return phases;
}

}  // namespace mawid
