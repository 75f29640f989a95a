#include "api.hpp"

#include <algorithm>

#include <mawid/booking.hpp>
#include <mawid/codec.hpp>
#include <mawid/slots.hpp>

#include "json_read.hpp"

namespace mawid::client {

std::string error_code(const std::string& body) {
    return str(parse(body), "error");
}

std::string error_key(int status, const std::string& body) {
    if (status == 0) return "error.network";
    std::string code = error_code(body);
    return code.empty() ? "error.internal_error" : "error." + code;
}

std::vector<ViewSlot> parse_availability(const std::string& body, int offset_minutes) {
    std::vector<ViewSlot> slots;
    Json j = parse(body);
    if (!j.is_object() || !j.contains("slots") || !j["slots"].is_array()) return slots;
    for (const Json& s : j["slots"]) {
        auto start = parse_rfc3339(str(s, "start"));
        if (!start) continue;
        LocalTime local = to_local(start->instant, offset_minutes);
        slots.push_back(
            {start->instant, local.date, local.minute_of_day, num(s, "capacity"), num(s, "free")});
    }
    std::sort(slots.begin(), slots.end(),
              [](const ViewSlot& a, const ViewSlot& b) { return a.start < b.start; });
    return slots;
}

std::string booking_body(const std::string& centre, const std::string& service,
                         const std::string& start, const std::string& cpr, const std::string& phone,
                         const std::string& lang, const std::string& email) {
    Json body = {{"centre", centre}, {"service", service}, {"start", start},
                 {"phone", phone},   {"lang", lang}};
    if (!cpr.empty()) body["cpr"] = cpr;
    if (!email.empty()) body["email"] = email;
    return body.dump();
}

}  // namespace mawid::client
