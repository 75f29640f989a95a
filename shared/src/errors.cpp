#include "mawid/errors.hpp"

namespace mawid {

namespace {

struct CodeInfo {
    ErrorCode code;
    std::string_view name;
    int status;
    std::string_view message;
};

// One row per code: its wire name, HTTP status and standard English message.
constexpr CodeInfo kCodes[] = {
    {ErrorCode::bad_request, "bad_request", 400, "The request is malformed."},
    {ErrorCode::unknown_centre, "unknown_centre", 404, "There is no such centre."},
    {ErrorCode::unknown_service, "unknown_service", 404, "There is no such service."},
    {ErrorCode::service_not_offered, "service_not_offered", 404,
     "This centre does not offer this service."},
    {ErrorCode::slot_full, "slot_full", 409, "This time has no seat left."},
    {ErrorCode::already_booked, "already_booked", 409,
     "This CPR number already holds an active booking for this service."},
    {ErrorCode::invalid_cpr, "invalid_cpr", 422, "A CPR number is exactly 9 digits."},
    {ErrorCode::invalid_phone, "invalid_phone", 422,
     "A mobile number is +973 followed by 8 digits."},
    {ErrorCode::invalid_email, "invalid_email", 422,
     "An e-mail address is one @ between a name and a domain with a dot, without spaces."},
    {ErrorCode::invalid_code, "invalid_code", 422, "This is not a valid booking code."},
    {ErrorCode::not_bookable, "not_bookable", 422, "This time cannot be booked."},
    {ErrorCode::not_active, "not_active", 409, "This booking can no longer be changed."},
    {ErrorCode::rate_limited, "rate_limited", 429, "Too many requests; try again shortly."},
    {ErrorCode::idempotency_mismatch, "idempotency_mismatch", 422,
     "This Idempotency-Key was used with a different request."},
    {ErrorCode::not_found, "not_found", 404, "Not found."},
    {ErrorCode::payload_too_large, "payload_too_large", 413, "The request body is too large."},
    {ErrorCode::unauthorized, "unauthorized", 401, "Sign in first."},
    {ErrorCode::bad_credentials, "bad_credentials", 401, "Wrong user name or password."},
    {ErrorCode::forbidden, "forbidden", 403, "You may not do this."},
    {ErrorCode::method_not_allowed, "method_not_allowed", 405, "This method is not allowed here."},
    {ErrorCode::user_exists, "user_exists", 409, "This user name is taken."},
    {ErrorCode::weak_password, "weak_password", 422, "Choose a longer password."},
    {ErrorCode::wrong_password, "wrong_password", 422, "The current password is not right."},
    {ErrorCode::booked_again, "booked_again", 409,
     "This citizen has booked this service again since; serve them under the new booking."},
    {ErrorCode::unsupported_media_type, "unsupported_media_type", 415,
     "Send the request body as application/json."},
    {ErrorCode::server_busy, "server_busy", 503, "The server is busy; try again in a few seconds."},
    {ErrorCode::booking_erased, "booking_erased", 404,
     "This booking is past and its personal details have been erased, as promised; it can no "
     "longer be looked up."},
    {ErrorCode::account_disabled, "account_disabled", 401,
     "This account is disabled; ask an administrator."},
    {ErrorCode::password_change_required, "password_change_required", 403,
     "Change your password first."},
    {ErrorCode::own_account, "own_account", 409, "An admin cannot disable their own account."},
    {ErrorCode::last_admin, "last_admin", 409,
     "This is the last enabled admin: it cannot be disabled or lose the admin role."},
    {ErrorCode::verification_required, "verification_required", 401,
     "Verify your mobile number first."},
    {ErrorCode::invalid_verification, "invalid_verification", 422,
     "This code is not the one we sent."},
    {ErrorCode::verification_expired, "verification_expired", 422,
     "This code has expired or was used up; ask for a new one."},
    {ErrorCode::phone_mismatch, "phone_mismatch", 422,
     "The mobile number must be the one you verified."},
    {ErrorCode::cpr_unavailable, "cpr_unavailable", 409,
     "Mawid cannot book for this CPR number from this phone."},
    {ErrorCode::too_many_active, "too_many_active", 409,
     "This CPR number already holds as many active bookings as one person may."},
    {ErrorCode::phone_limit, "phone_limit", 409,
     "This phone already books for as many people as it may."},
    {ErrorCode::cpr_mismatch, "cpr_mismatch", 422,
     "You signed in with your national identity, so you can book only for your own CPR number."},
    {ErrorCode::not_live_yet, "not_live_yet", 422,
     "This centre does not take bookings for this service yet."},
    {ErrorCode::invalid_api_key, "invalid_api_key", 401,
     "This API key is unknown or has been revoked."},
    {ErrorCode::scope_denied, "scope_denied", 403,
     "This API key may not do this, or not for this service or centre."},
    {ErrorCode::catalog_import_problems, "catalog_import_problems", 422,
     "The file has problems; fix the lines the report names and check it again."},
    {ErrorCode::catalog_changed, "catalog_changed", 409,
     "The catalogue has changed since this file was checked; check it again."},
    {ErrorCode::date_in_past, "date_in_past", 422, "The date has passed; choose today or a later day."},
    {ErrorCode::internal_error, "internal_error", 500, "Something went wrong on our side."},
};

const CodeInfo& info(ErrorCode code) {
    for (const auto& row : kCodes) {
        if (row.code == code) return row;
    }
    return kCodes[0];
}

}  // namespace

std::string_view error_code_name(ErrorCode code) {
    return info(code).name;
}

int http_status(ErrorCode code) {
    return info(code).status;
}

std::string_view default_message(ErrorCode code) {
    return info(code).message;
}

Error make_error(ErrorCode code, std::string field, std::string message) {
    if (message.empty()) message = std::string(default_message(code));
    return Error{code, std::move(field), std::move(message)};
}

}  // namespace mawid
