// The translation tables the apps draw with; the same class the server writes messages with.
#pragma once

#include <mawid/strings.hpp>

namespace mawid::client {

using mawid::Strings;

}  // namespace mawid::client
