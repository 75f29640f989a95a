// Pure edits of a catalogue value by centre administration: a schedule change, a centre
// closure or a public holiday added or taken out again, and the next catalogue version.
// Edits go through the catalogue's own JSON codec, so an edited catalogue is checked by
// exactly the rules that check the demo file. No I/O, no clock: storing is the server's job.
#pragma once

#include <string>

#include "catalog.hpp"
#include "codec.hpp"
#include "errors.hpp"

namespace mawid {

// The next catalogue version after `version`: "demo-2026-1" -> "demo-2026-1-r1" -> "-r2"...
std::string next_catalog_version(const std::string& version);

// A schedule change of one centre from `from` on. `hours` (by weekday, as in the catalogue;
// a weekday left out is closed) and `counters` (service -> counters) may each be null.
// A change already dated `from` is merged with this one. Errors: bad_request naming the field.
Result<Catalog> with_schedule_change(const Catalog& catalog, const std::string& centre,
                                     const Date& from, const Json& hours, const Json& counters);

// The centre closed on days [from, to]; `name` is {"ar": ..., "en": ...} or null.
Result<Catalog> with_closure(const Catalog& catalog, const std::string& centre, const Date& from,
                             const Date& to, const Json& name);

// Every centre closed on days [from, to]; `name` as for with_closure.
Result<Catalog> with_holiday(const Catalog& catalog, const Date& from, const Date& to,
                             const Json& name);

// What `without` takes out: a centre's closure, a public holiday or a schedule change.
enum class Removal { closure, holiday, schedule_change };

// The centre's closure (or public holiday, with `centre` empty) that runs exactly from `from`
// to `to`, or the centre's schedule change dated `from` (`to` ignored), taken out again.
// Error not_found when there is none.
Result<Catalog> without(const Catalog& catalog, Removal what, const std::string& centre,
                        const Date& from, const Date& to);

}  // namespace mawid
