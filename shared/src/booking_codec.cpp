// The booking codecs: error bodies, booking requests and bookings (the catalogue's codec is
// in codec.cpp).
#include "mawid/codec.hpp"

#include "json_members.hpp"

#include <set>
#include <string>

namespace mawid {

namespace {

using detail::bad;
using detail::member;

}  // namespace

Json error_to_json(const Error& error) {
    Json json = {{"error", std::string(error_code_name(error.code))},
                 {"message", error.message.empty() ? std::string(default_message(error.code))
                                                   : error.message}};
    if (!error.field.empty()) json["field"] = error.field;
    return json;
}

Result<BookingRequest> booking_request_from_json(const Json& json) {
    static const std::set<std::string> kKnown = {"centre", "service", "start", "cpr",
                                                 "phone",  "lang",    "email"};
    if (!json.is_object()) return bad("", "Expected a JSON object.");
    for (const auto& [key, value] : json.items()) {
        if (!kKnown.count(key)) return bad(key, "Unknown field.");
    }
    BookingRequest request;
    for (auto [field, target] :
         {std::pair{"centre", &request.centre}, std::pair{"service", &request.service},
          std::pair{"cpr", &request.cpr}, std::pair{"phone", &request.phone}}) {
        auto text = string_field(json, field);
        if (!text) return text.error();
        *target = *text;
    }
    auto start_text = string_field(json, "start");
    if (!start_text) return start_text.error();
    const auto start = parse_rfc3339(*start_text);
    if (!start) {
        return bad("start",
                   "Expected an RFC 3339 time in whole seconds, such as 2026-12-06T09:30:00+03:00.");
    }
    request.start = start->instant;
    if (member(json, "lang")) {
        auto lang = string_field(json, "lang");
        if (!lang || !is_language_tag(*lang)) return bad("lang", "Expected a language tag.");
        request.lang = *lang;
    }
    if (member(json, "email")) {
        // Optional; "" is the same as leaving it out (a form's empty field).
        auto email = string_field(json, "email");
        if (!email) return email.error();
        request.email = *email;
    }
    if (auto cpr = validate_cpr(request.cpr); !cpr) return cpr.error();
    auto phone = normalize_phone(request.phone);
    if (!phone) return phone.error();
    request.phone = *phone;
    if (!request.email.empty()) {
        if (auto email = validate_email(request.email); !email) return email.error();
    }
    return request;
}

Json booking_request_to_json(const BookingRequest& request, int offset_minutes) {
    Json json = {{"centre", request.centre},
                 {"service", request.service},
                 {"start", format_rfc3339(request.start, offset_minutes)},
                 {"cpr", request.cpr},
                 {"phone", request.phone},
                 {"lang", request.lang}};
    if (!request.email.empty()) json["email"] = request.email;
    return json;
}

Json booking_to_json(const Booking& booking) {
    return {{"code", booking.code},
            {"centre", booking.centre},
            {"service", booking.service},
            {"start", format_rfc3339(booking.start, booking.offset_minutes)},
            {"status", std::string(status_name(booking.status))}};
}

Result<Booking> booking_from_json(const Json& json) {
    Booking booking;
    auto code = string_field(json, "code");
    auto centre = string_field(json, "centre");
    auto service = string_field(json, "service");
    auto start = string_field(json, "start");
    auto status = string_field(json, "status");
    if (!code) return code.error();
    if (!centre) return centre.error();
    if (!service) return service.error();
    if (!start) return start.error();
    if (!status) return status.error();
    const auto when = parse_rfc3339(*start);
    if (!when) return bad("start");
    const auto parsed_status = parse_status(*status);
    if (!parsed_status) return bad("status");
    booking.code = *code;
    booking.centre = *centre;
    booking.service = *service;
    booking.start = when->instant;
    booking.offset_minutes = when->offset_minutes;
    booking.status = *parsed_status;
    return booking;
}

Json availability_to_json(std::string_view centre_id, std::string_view service_id,
                          const std::vector<Slot>& slots, const Occupancy& taken,
                          int offset_minutes) {
    Json list = Json::array();
    for (const Slot& slot : slots) {
        list.push_back({{"start", format_rfc3339(slot.start, offset_minutes)},
                        {"capacity", slot.capacity},
                        {"free", free_seats(slot, taken)}});
    }
    return {{"centre", centre_id}, {"service", service_id}, {"slots", list}};
}
}  // namespace mawid
