// Centre administration: a supervisor's schedule change, a centre closure or a public
// holiday applied to the catalogue, the new catalogue version, and the bookings the change
// strands. Edits go through the catalogue's own JSON codec, so an edited catalogue is checked
// by exactly the rules that check the demo file.
#pragma once

#include <mawid/catalog.hpp>
#include <mawid/codec.hpp>
#include <mawid/errors.hpp>

#include <string>
#include <vector>

#include "storage/sqlite.hpp"

namespace mawid::server {

// The next catalogue version after `version`: "demo-2026-1" -> "demo-2026-1-r1" -> "-r2"...
std::string next_catalog_version(const std::string& version);

// A schedule change of one centre from `from` on. `hours` (by weekday, as in the catalogue;
// a weekday left out is closed) and `counters` (service -> counters) may each be null.
// A change already dated `from` is merged with this one. Errors: bad_request naming the field.
Result<Catalog> with_schedule_change(const Catalog& catalog, const std::string& centre,
                                     const Date& from, const Json& hours, const Json& counters);

// The centre closed on days [from, to]; `name` is {"ar": ..., "en": ...}.
Result<Catalog> with_closure(const Catalog& catalog, const std::string& centre, const Date& from,
                             const Date& to, const Json& name);

// Every centre closed on days [from, to].
Result<Catalog> with_holiday(const Catalog& catalog, const Date& from, const Date& to,
                             const Json& name);

// Undoing a mistake: the centre's closure (or public holiday, with `centre` empty) that runs
// exactly from `from` to `to`, or the centre's schedule change dated `from` (`to` ignored),
// taken out again. Error not_found when there is none.
enum class Removal { closure, holiday, schedule_change };
Result<Catalog> without(const Catalog& catalog, Removal what, const std::string& centre,
                        const Date& from, const Date& to);

// Bookings of `centres` starting on or after local day `from` that no longer fit `catalog`
// (shared/'s stranded_bookings over each centre's bookings in the order they were made).
std::vector<Booking> stranded_after_change(Connection& db, const Catalog& catalog,
                                           const std::vector<std::string>& centres,
                                           const Date& from);

}  // namespace mawid::server
