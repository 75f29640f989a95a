// Internal to server/src/identity: reading the text members of the provider's JSON
// (discovery document, token answer, keys, ID token claims).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace mawid::server {

// The member `name` of `object` when it is text; "" when it is missing or of another type.
inline std::string text_of(const nlohmann::json& object, const char* name) {
    auto it = object.find(name);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace mawid::server
