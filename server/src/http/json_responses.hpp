// JSON answers and errors exactly as the API writes them.
#pragma once

#include <mawid/codec.hpp>
#include <mawid/errors.hpp>

#include <exception>
#include <string>
#include <string_view>

#include "http/http_types.hpp"

namespace mawid::server {

// Serialises JSON that may hold client input: invalid UTF-8 is replaced, never thrown on.
std::string to_text(const Json& json);

// An answer with this status and JSON body.
HttpResponse json_response(int status, const Json& json);

// {"error", "message", "field"?} with the code's standard status.
HttpResponse error_response(const Error& error);
HttpResponse error_response(ErrorCode code, std::string field = {}, std::string message = {});

// As error_response, but service_not_offered is 422 (a booking that cannot be met) rather
// than 404 (availability of a missing resource): docs/api.md gives the two statuses.
HttpResponse booking_error_response(const Error& error);

// 405 method_not_allowed with the Allow header listing what the path takes.
HttpResponse method_not_allowed(std::string_view allow);

// 429 rate_limited with Retry-After.
HttpResponse rate_limited_response(int retry_after_seconds);

// 503 server_busy with Retry-After: the work is refused now, rather than left to wait.
HttpResponse busy_response(int retry_after_seconds);

// 500 internal_error; never says more.
HttpResponse internal_error_response();

// The answer to a request whose work threw `failure`: 503 server_busy with Retry-After when
// the database cannot be reached or is locked for now (the same request, retried with its
// Idempotency-Key, will do), else 500 internal_error.
HttpResponse failure_response(const std::exception& failure);

}  // namespace mawid::server
