// Internal to shared/src: the smallest pieces its decoders use.
#pragma once

#include "mawid/codec.hpp"

#include <string>

namespace mawid::detail {

// bad_request naming `field` (with a standard message unless one is given).
inline Error bad(std::string field, std::string message = {}) {
    return make_error(ErrorCode::bad_request, std::move(field),
                      message.empty() ? "This field is missing or malformed." : std::move(message));
}

// The member `field` of an object; nullptr when absent or when `object` is not an object.
inline const Json* member(const Json& object, const char* field) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(field);
    return it == object.end() ? nullptr : &*it;
}

// Lenient readers for JSON this library wrote itself (reports sent back by the centre
// app): a member that is absent or of another type reads as empty, 0 or false.
inline std::string text_of(const Json& json, const char* field) {
    const Json* found = member(json, field);
    return found && found->is_string() ? found->get<std::string>() : std::string();
}

inline int int_of(const Json& json, const char* field) {
    const Json* found = member(json, field);
    return found && found->is_number_integer() ? found->get<int>() : 0;
}

inline bool flag_of(const Json& json, const char* field) {
    const Json* found = member(json, field);
    return found && found->is_boolean() && found->get<bool>();
}

inline const Json& list_of(const Json& json, const char* field) {
    static const Json empty = Json::array();
    const Json* found = member(json, field);
    return found && found->is_array() ? *found : empty;
}

}  // namespace mawid::detail
