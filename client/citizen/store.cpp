#include "store.hpp"

#include <algorithm>

#include <mawid/codec.hpp>

#include "json_read.hpp"
#include "platform.hpp"

namespace mawid::client {

namespace {
constexpr const char* kKey = "bookings";
}  // namespace

void BookingStore::load() {
    bookings_.clear();
    Json list = Json::parse(platform::load(kKey), nullptr, false);
    if (list.is_discarded() || !list.is_array()) return;
    for (const Json& j : list) {
        if (!j.is_object()) continue;
        SavedBooking b{str(j, "code"),    str(j, "cpr"),   str(j, "centre"),
                       str(j, "service"), str(j, "start"), str(j, "status")};
        if (!b.code.empty()) bookings_.push_back(std::move(b));
    }
}

const SavedBooking* BookingStore::find(const std::string& code) const {
    for (const SavedBooking& b : bookings_) {
        if (b.code == code) return &b;
    }
    return nullptr;
}

void BookingStore::put(const SavedBooking& booking) {
    auto it = std::find_if(bookings_.begin(), bookings_.end(),
                           [&](const SavedBooking& b) { return b.code == booking.code; });
    if (it != bookings_.end()) {
        *it = booking;
    } else {
        bookings_.insert(bookings_.begin(), booking);  // newest first
    }
    save();
}

void BookingStore::remove(const std::string& code) {
    std::erase_if(bookings_, [&](const SavedBooking& b) { return b.code == code; });
    save();
}

void BookingStore::save() const {
    Json list = Json::array();
    for (const SavedBooking& b : bookings_) {
        list.push_back({{"code", b.code},
                        {"cpr", b.cpr},
                        {"centre", b.centre},
                        {"service", b.service},
                        {"start", b.start},
                        {"status", b.status}});
    }
    platform::save(kKey, list.dump());
}

}  // namespace mawid::client
