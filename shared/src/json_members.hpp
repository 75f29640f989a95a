// Internal to shared/src: the two smallest pieces every decoder there uses.
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

}  // namespace mawid::detail
