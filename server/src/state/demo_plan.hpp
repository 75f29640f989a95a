// The demo catalogue's roll-out plan (issue 14): phases of centres that go live some days
// after the day the demo is seeded, so the demo always shows phases to come.
#pragma once

#include <mawid/catalog.hpp>
#include <mawid/codec.hpp>

namespace mawid::server {

// `catalog` with the plan of its file applied: the file's "demo_plan" member lists phases
// ({"after_days": N, "centres": [ids]}); a centre in a phase goes live N days after
// `seed_day`, every other centre on `seed_day`; the version gets "-seeded-YYYY-MM-DD".
// Unchanged when the file has no plan.
// Error: bad_request for a malformed plan, an unknown centre or a centre in two phases.
Result<Catalog> apply_demo_plan(Catalog catalog, const Json& file, const Date& seed_day);

}  // namespace mawid::server
