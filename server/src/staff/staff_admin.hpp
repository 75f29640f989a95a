// Centre administration's storage side: the bookings a catalogue edit strands. The edits
// themselves are pure and live in shared/ (mawid/catalog_edit.hpp).
#pragma once

#include <mawid/catalog.hpp>
#include <mawid/catalog_edit.hpp>
#include <mawid/codec.hpp>
#include <mawid/errors.hpp>

#include <string>
#include <vector>

#include "storage/database.hpp"

namespace mawid::server {

// Bookings of `centres` starting on or after local day `from` that no longer fit `catalog`
// (shared/'s stranded_bookings over each centre's bookings in the order they were made).
std::vector<Booking> stranded_after_change(Connection& db, const Catalog& catalog,
                                           const std::vector<std::string>& centres,
                                           const Date& from);

}  // namespace mawid::server
