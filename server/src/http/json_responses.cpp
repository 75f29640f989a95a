#include "http/json_responses.hpp"

#include "http/metrics.hpp"
#include "storage/storage_error.hpp"

namespace mawid::server {

std::string to_text(const Json& json) {
    return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

HttpResponse json_response(int status, const Json& json) {
    HttpResponse response;
    response.status = status;
    response.body = to_text(json);
    return response;
}

HttpResponse error_response(const Error& error) {
    return json_response(http_status(error.code), error_to_json(error));
}

HttpResponse error_response(ErrorCode code, std::string field, std::string message) {
    return error_response(make_error(code, std::move(field), std::move(message)));
}

HttpResponse method_not_allowed(std::string_view allow) {
    HttpResponse response = error_response(ErrorCode::method_not_allowed);
    response.headers.emplace_back("Allow", std::string(allow));
    return response;
}

HttpResponse booking_error_response(const Error& error) {
    HttpResponse response = error_response(error);
    if (error.code == ErrorCode::service_not_offered) response.status = 422;
    return response;
}

HttpResponse internal_error_response() {
    return error_response(ErrorCode::internal_error);
}

HttpResponse failure_response(const std::exception& failure) {
    const auto* storage = dynamic_cast<const StorageError*>(&failure);
    if (!storage || (storage->kind() != StorageError::Kind::unavailable &&
                     storage->kind() != StorageError::Kind::busy)) {
        return internal_error_response();
    }
    // A restarted database server is back within seconds; the server reconnects by itself.
    constexpr int kRetryAfterSeconds = 2;
    count_storage_unavailable();
    HttpResponse busy = error_response(ErrorCode::server_busy, "",
                                       "The database cannot be reached just now; try again in "
                                       "a few seconds.");
    busy.headers.emplace_back("Retry-After", std::to_string(kRetryAfterSeconds));
    return busy;
}

HttpResponse rate_limited_response(int retry_after_seconds) {
    count_rate_limit_refusal();
    HttpResponse limited = error_response(ErrorCode::rate_limited);
    limited.headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
    return limited;
}

HttpResponse busy_response(int retry_after_seconds) {
    HttpResponse busy = error_response(ErrorCode::server_busy);
    busy.headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
    return busy;
}

}  // namespace mawid::server
