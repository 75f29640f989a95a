// Error codes shared by the server and the client, as in the fixed API.
// shared/ never throws (the browser build has no exceptions): failures are values.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace mawid {

enum class ErrorCode {
    bad_request,
    unknown_centre,
    unknown_service,
    service_not_offered,
    slot_full,
    already_booked,
    invalid_cpr,
    invalid_phone,
    invalid_email,
    invalid_code,
    not_bookable,
    not_active,
    rate_limited,
    idempotency_mismatch,
    not_found,
    payload_too_large,
    unauthorized,
    bad_credentials,
    forbidden,
    method_not_allowed,
    user_exists,
    weak_password,
    wrong_password,
    booked_again,
    unsupported_media_type,
    server_busy,
    booking_erased,
    account_disabled,
    password_change_required,
    own_account,
    last_admin,
    verification_required,
    invalid_verification,
    verification_expired,
    phone_mismatch,
    cpr_unavailable,
    too_many_active,
    phone_limit,
    cpr_mismatch,
    not_live_yet,
    invalid_api_key,
    scope_denied,
    catalog_import_problems,
    catalog_changed,
    date_in_past,
    internal_error,
};

// The stable snake_case name of a code, as sent in {"error": ...}.
std::string_view error_code_name(ErrorCode code);

// The HTTP status the server answers with for a code.
int http_status(ErrorCode code);

// A failure: a code, the field at fault (empty when none) and an English message.
struct Error {
    ErrorCode code = ErrorCode::bad_request;
    std::string field;
    std::string message;
};

// Makes an Error; the message defaults to the code's standard English text.
Error make_error(ErrorCode code, std::string field = {}, std::string message = {});

// The standard English message for a code.
std::string_view default_message(ErrorCode code);

// Either a value or an Error. A small stand-in for std::expected (C++23).
template <typename T>
class Result {
public:
    Result(T value) : state_(std::move(value)) {}
    Result(Error error) : state_(std::move(error)) {}

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T& value() const& { return std::get<0>(state_); }
    T& value() & { return std::get<0>(state_); }
    T&& value() && { return std::get<0>(std::move(state_)); }
    const T& operator*() const& { return value(); }
    const T* operator->() const { return &value(); }
    const Error& error() const { return std::get<1>(state_); }

private:
    std::variant<T, Error> state_;
};

// Success with nothing to return.
struct Ok {};
using Status = Result<Ok>;

}  // namespace mawid
