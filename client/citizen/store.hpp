// Bookings made on this device. Kept in the browser only (localStorage): the code
// and the CPR are what the API asks for to look up, cancel or move a booking, and
// neither ever leaves the device except in a request body. Bookings fetched for a verified
// phone (GET /api/v1/me/bookings) are kept here too, with no CPR: the session stands for it.
#pragma once

#include <string>
#include <vector>

namespace mawid::client {

struct SavedBooking {
    std::string code;
    std::string cpr;
    std::string centre;
    std::string service;
    std::string start;   // RFC 3339 with the centre's offset
    std::string status;  // booked | cancelled | checked_in | served | no_show
};

class BookingStore {
public:
    void load();  // from the browser
    const std::vector<SavedBooking>& all() const { return bookings_; }
    const SavedBooking* find(const std::string& code) const;
    // Adds or replaces (by code) and saves.
    void put(const SavedBooking& booking);
    // Forgets a booking on this device (the booking itself is untouched) and saves.
    void remove(const std::string& code);

private:
    void save() const;
    std::vector<SavedBooking> bookings_;
};

}  // namespace mawid::client
