// Lenient reads of the server's JSON answers: a missing or mistyped member reads as empty or
// zero, so a surprising answer shows as missing data rather than aborting the app (the
// browser build has no exceptions).
#pragma once

#include <mawid/codec.hpp>

#include <string>

namespace mawid::client {

// The body as JSON; a discarded value when it is not JSON.
inline Json parse(const std::string& body) {
    return Json::parse(body, nullptr, false);
}

// A string member, or "".
inline std::string str(const Json& j, const char* field) {
    if (!j.is_object()) return {};
    auto it = j.find(field);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A numeric member as an int, or 0.
inline int num(const Json& j, const char* field) {
    if (!j.is_object()) return 0;
    auto it = j.find(field);
    return it != j.end() && it->is_number() ? it->get<int>() : 0;
}

// A numeric member as a double, or 0.
inline double real(const Json& j, const char* field) {
    if (!j.is_object()) return 0;
    auto it = j.find(field);
    return it != j.end() && it->is_number() ? it->get<double>() : 0;
}

}  // namespace mawid::client
