// JSON codecs for the catalogue and the API's types (nlohmann::json).
// Decoders never throw: malformed input becomes bad_request with the field named.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "booking.hpp"
#include "catalog.hpp"
#include "errors.hpp"
#include "slots.hpp"

namespace mawid {

using Json = nlohmann::json;

// Parses JSON text without throwing; bad_request when it is not valid JSON.
Result<Json> parse_json(std::string_view text);

// As parse_json, and bad_request naming the key when an object gives one key twice: what
// others send (a request, a token's header) must mean one thing, not whichever copy a
// reader keeps.
Result<Json> parse_json_once_each(std::string_view text);

// The catalogue as the API and assets/catalog.json write it.
Json catalog_to_json(const Catalog& catalog);

// Reads a catalogue; bad_request naming the first bad field, or an inconsistency.
Result<Catalog> catalog_from_json(const Json& json);

// {"error": code, "message": ..., "field"?: ...}
Json error_to_json(const Error& error);

// The body of POST /api/v1/bookings -> a request (phone normalised). Errors name the field:
// bad_request for missing or mistyped fields, invalid_cpr, invalid_phone, invalid_email (the
// optional "email"; "" is none).
Result<BookingRequest> booking_request_from_json(const Json& json);

// The JSON of a request, for clients that send one.
Json booking_request_to_json(const BookingRequest& request, int offset_minutes);

// A booking as its owner sees it: code, centre, service, start, status (no CPR or phone).
Json booking_to_json(const Booking& booking);

// Reads a booking as booking_to_json writes it (fields without CPR and phone).
Result<Booking> booking_from_json(const Json& json);

// The availability answer: {"centre", "service", "slots": [{"start", "capacity", "free"}]}.
Json availability_to_json(std::string_view centre_id, std::string_view service_id,
                          const std::vector<Slot>& slots, const Occupancy& taken,
                          int offset_minutes);

// A string member of an object; bad_request naming `field` when absent or not a string.
Result<std::string> string_field(const Json& object, const char* field);

}  // namespace mawid
