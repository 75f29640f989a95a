#include "staff/staff_admin.hpp"

#include <mawid/staff.hpp>

#include <algorithm>
#include <tuple>

#include "storage/staff_store.hpp"

namespace mawid::server {

std::vector<Booking> stranded_after_change(Connection& db, const Catalog& catalog,
                                           const std::vector<std::string>& centres,
                                           const Date& from) {
    std::vector<Booking> stranded;
    for (const std::string& id : centres) {
        const Centre* centre = find_centre(catalog, id);
        if (!centre) continue;
        std::vector<Booking> bookings =
            bookings_in_creation_order(db, id, to_unix(from, 0, centre->utc_offset_minutes));
        for (std::size_t index : stranded_bookings(catalog, bookings)) {
            stranded.push_back(bookings[index]);
        }
    }
    // Listed as staff work through them: by time, then service; each centre in the order its
    // stranded list pages by (listed_before).
    std::sort(stranded.begin(), stranded.end(), [](const Booking& a, const Booking& b) {
        return std::tie(a.start, a.centre, a.service, a.code) <
               std::tie(b.start, b.centre, b.service, b.code);
    });
    return stranded;
}

}  // namespace mawid::server
