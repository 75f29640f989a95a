// The API's contract, docs/openapi.yaml, as the JSON GET /api/v1/openapi.json answers
// (generated at build time by server/openapi_embed.py).
#pragma once

#include <string_view>

namespace mawid::server {

// docs/openapi.yaml as compact JSON, with the catalogue's schema inlined.
std::string_view openapi_json();

}  // namespace mawid::server
