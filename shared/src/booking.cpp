#include "mawid/booking.hpp"

#include <array>
#include "formatting.hpp"

namespace mawid {

using detail::is_digit;

namespace {

constexpr std::array<std::string_view, 5> kStatusNames = {"booked", "cancelled", "checked_in",
                                                          "served", "no_show"};

// Drops the separators people type inside phone numbers.
std::string without_separators(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c != ' ' && c != '-' && c != '(' && c != ')') out.push_back(c);
    }
    return out;
}

}  // namespace

std::string_view status_name(BookingStatus status) {
    return kStatusNames[static_cast<int>(status)];
}

std::optional<BookingStatus> parse_status(std::string_view text) {
    for (std::size_t i = 0; i < kStatusNames.size(); ++i) {
        if (kStatusNames[i] == text) return static_cast<BookingStatus>(i);
    }
    return std::nullopt;
}

bool holds_seat(BookingStatus status) {
    return status == BookingStatus::booked || status == BookingStatus::checked_in;
}

Status validate_cpr(std::string_view cpr) {
    if (cpr.size() != 9) return make_error(ErrorCode::invalid_cpr, "cpr");
    for (char c : cpr) {
        if (!is_digit(c)) return make_error(ErrorCode::invalid_cpr, "cpr");
    }
    return Ok{};
}

Result<std::string> normalize_phone(std::string_view phone) {
    std::string digits = without_separators(phone);
    if (digits.rfind("+973", 0) == 0) {
        digits.erase(0, 4);
    } else if (digits.rfind("00973", 0) == 0) {
        digits.erase(0, 5);
    }
    const bool mobile = digits.size() == 8 && (digits[0] == '3' || digits[0] == '6');
    bool all_digits = true;
    for (char c : digits) all_digits = all_digits && is_digit(c);
    if (!mobile || !all_digits) return make_error(ErrorCode::invalid_phone, "phone");
    return "+973" + digits;
}

Status validate_email(std::string_view email) {
    const Error invalid = make_error(ErrorCode::invalid_email, "email");
    if (email.size() > kMaxEmailLength) return invalid;
    for (char c : email) {
        // Visible ASCII only: a space, a line break or a control character could end a
        // header or an SMTP command early.
        if (c <= ' ' || c > '~') return invalid;
        if (std::string_view("<>()[],;:\"\\").find(c) != std::string_view::npos) return invalid;
    }
    std::size_t at = email.find('@');
    if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) {
        return invalid;
    }
    std::string_view domain = email.substr(at + 1);
    std::size_t dot = domain.find('.');
    if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') return invalid;
    return Ok{};
}

bool is_language_tag(std::string_view lang) {
    if (lang.size() < 2 || lang.size() > 3) return false;
    for (char c : lang) {
        if (c < 'a' || c > 'z') return false;
    }
    return true;
}

Result<Slot> check_request(const Catalog& catalog, const BookingRequest& request, UnixSeconds now) {
    if (auto cpr = validate_cpr(request.cpr); !cpr) return cpr.error();
    if (auto phone = normalize_phone(request.phone); !phone) return phone.error();
    if (!request.email.empty()) {
        if (auto email = validate_email(request.email); !email) return email.error();
    }
    return bookable_slot(catalog, request.centre, request.service, request.start, now);
}

Status check_cancel(const Booking& booking) {
    if (booking.status != BookingStatus::booked) return make_error(ErrorCode::not_active);
    return Ok{};
}

Result<Slot> check_reschedule(const Catalog& catalog, const Booking& booking, UnixSeconds new_start,
                              UnixSeconds now) {
    if (booking.status != BookingStatus::booked) return make_error(ErrorCode::not_active);
    if (new_start == booking.start) return make_error(ErrorCode::not_bookable, "start");
    return bookable_slot(catalog, booking.centre, booking.service, new_start, now);
}

}  // namespace mawid
