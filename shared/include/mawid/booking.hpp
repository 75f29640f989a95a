// Booking rules: who may book what, and how a booking may change.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "errors.hpp"
#include "slots.hpp"

namespace mawid {

enum class BookingStatus { booked, cancelled, checked_in, served, no_show };

// The status as sent in the API: "booked", "cancelled", ...
std::string_view status_name(BookingStatus status);

// Parses a status name; nullopt for anything else.
std::optional<BookingStatus> parse_status(std::string_view text);

// True while a booking holds a seat (booked or checked in).
bool holds_seat(BookingStatus status);

// A citizen's request to book a time.
struct BookingRequest {
    std::string centre;
    std::string service;
    UnixSeconds start = 0;
    std::string cpr;
    std::string phone;  // normalised: "+973" and 8 digits
    std::string lang = "ar";
    std::string email;  // optional: empty when the citizen gave none
};

// A booking as the server keeps it.
struct Booking {
    std::string code;
    std::string centre;
    std::string service;
    UnixSeconds start = 0;
    int offset_minutes = kDefaultUtcOffsetMinutes;  // the centre's UTC offset, for writing times
    std::string cpr;
    std::string phone;
    std::string lang = "ar";
    BookingStatus status = BookingStatus::booked;
    std::string email;  // empty when none was given; erased with the phone
};

// A CPR number is exactly 9 ASCII digits. Error: invalid_cpr.
Status validate_cpr(std::string_view cpr);

// Normalises a Bahraini mobile number: "+973" or "00973" or nothing, then 8 digits
// starting with 3 or 6 (spaces and dashes ignored) -> "+973XXXXXXXX". Error: invalid_phone.
Result<std::string> normalize_phone(std::string_view phone);

// The longest e-mail address accepted (RFC 5321's limit on a path).
inline constexpr std::size_t kMaxEmailLength = 254;

// A plausible e-mail address, not full RFC 5322: at most kMaxEmailLength visible ASCII
// characters (no spaces, nothing that would break a header or an SMTP command: <>()[],;:"\ ),
// one '@' after a non-empty name, and a domain with a dot inside it. Error: invalid_email.
Status validate_email(std::string_view email);

// True for a language tag the app can answer in: 2-3 lowercase letters.
bool is_language_tag(std::string_view lang);

// Checks a request against the catalogue at `now`: CPR, phone, centre, service and
// that the start is a bookable slot. Returns the slot; the first error otherwise.
Result<Slot> check_request(const Catalog& catalog, const BookingRequest& request, UnixSeconds now);

// A booking can be cancelled only while it is booked. Error: not_active.
Status check_cancel(const Booking& booking);

// A booking can move only while booked, to a different bookable slot of the same
// centre and service. Returns the new slot. Errors: not_active, not_bookable, ...
Result<Slot> check_reschedule(const Catalog& catalog, const Booking& booking, UnixSeconds new_start,
                              UnixSeconds now);

}  // namespace mawid
