// The roll-out plan (issue 14): centres grouped into phases by their go-live date.
#pragma once

#include <string>
#include <vector>

#include "catalog.hpp"

namespace mawid {

// A phase of the roll-out: the centres that go live on the same date.
struct RolloutPhase {
    Date date;
    std::vector<std::string> centres;  // ids, in catalogue order
    bool live = false;                 // the date has come (date <= today)
    friend bool operator==(const RolloutPhase&, const RolloutPhase&) = default;
};

// One phase per centre go-live date (a centre's own `live_from`), earliest first; centres
// without a date are live from the start and in no phase. The caller passes today.
std::vector<RolloutPhase> rollout_phases(const Catalog& catalog, const Date& today);

}  // namespace mawid
