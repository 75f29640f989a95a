#include <doctest/doctest.h>

#include "fixtures.hpp"
#include "mawid/booking.hpp"

using namespace mawid;
using mawid::test::at;
using mawid::test::kCatalog;
using mawid::test::kNow;

namespace {

BookingRequest good_request() {
    return BookingRequest{"isa",       "id-card",      at(2026, 12, 13, 7, 0),
                          "880112345", "+97336001234", "ar"};
}

Booking booked_at(UnixSeconds start, BookingStatus status = BookingStatus::booked) {
    return Booking{"K7M4QX9TZ", "isa",          "id-card", start, test::kBahrain,
                   "880112345", "+97336001234", "ar",      status};
}

}  // namespace

TEST_CASE("CPR: exactly nine digits") {
    CHECK(validate_cpr("880112345"));
    CHECK(validate_cpr("000000000"));
    for (const char* cpr : {"88011234", "8801123456", "88011234a", " 88011234", "", "٨٨٠١١٢٣٤٥"}) {
        CAPTURE(cpr);
        const auto result = validate_cpr(cpr);
        REQUIRE_FALSE(result);
        CHECK(result.error().code == ErrorCode::invalid_cpr);
        CHECK(result.error().field == "cpr");
    }
}

TEST_CASE("phone: Bahraini mobiles in the forms people type, normalised") {
    CHECK(normalize_phone("+97336001234").value() == "+97336001234");
    CHECK(normalize_phone("36001234").value() == "+97336001234");
    CHECK(normalize_phone("00973 6600 1234").value() == "+97366001234");
    CHECK(normalize_phone("3600-1234").value() == "+97336001234");
    for (const char* phone :
         {"+9733600123", "+973360012345", "17001234", "+96636001234", "3600123x", "", "+973"}) {
        CAPTURE(phone);
        const auto result = normalize_phone(phone);
        REQUIRE_FALSE(result);
        CHECK(result.error().code == ErrorCode::invalid_phone);
    }
}

TEST_CASE("e-mail: plausible addresses pass; spaces, a missing or second @, no dot fail") {
    for (const char* email : {"name@example.com", "a.b+tag@mail.gov.bh", "x@y.z"}) {
        CAPTURE(email);
        CHECK(validate_email(email));
    }
    std::string longest = std::string(kMaxEmailLength - 12, 'a') + "@example.com";
    CHECK(validate_email(longest));
    for (std::string email :
         {std::string("name example.com"), std::string("name@example"), std::string("@example.com"),
          std::string("a@b@example.com"), std::string("name@.com"), std::string("name@example."),
          std::string("name @example.com"), std::string("name@exa\r\nmple.com"),
          std::string("<name@example.com>"), std::string("name@example.com,b@c.d"),
          std::string("n\xC3\xA4me@example.com"), longest + "m", std::string("")}) {
        CAPTURE(email);
        const auto result = validate_email(email);
        REQUIRE_FALSE(result);
        CHECK(result.error().code == ErrorCode::invalid_email);
        CHECK(result.error().field == "email");
    }
}

TEST_CASE("check_request: a good request gives its slot; each fault its own code") {
    CHECK(check_request(kCatalog, good_request(), kNow)->capacity == 3);
    auto bad_cpr = good_request();
    bad_cpr.cpr = "12345";
    CHECK(check_request(kCatalog, bad_cpr, kNow).error().code == ErrorCode::invalid_cpr);
    auto bad_phone = good_request();
    bad_phone.phone = "123";
    CHECK(check_request(kCatalog, bad_phone, kNow).error().code == ErrorCode::invalid_phone);
    auto bad_email = good_request();
    bad_email.email = "name at example.com";
    CHECK(check_request(kCatalog, bad_email, kNow).error().code == ErrorCode::invalid_email);
    auto friday = good_request();
    friday.start = at(2026, 12, 11, 7, 0);
    CHECK(check_request(kCatalog, friday, kNow).error().code == ErrorCode::not_bookable);
    auto not_offered = good_request();
    not_offered.service = "passport";
    CHECK(check_request(kCatalog, not_offered, kNow).error().code ==
          ErrorCode::service_not_offered);
}

TEST_CASE("status names round trip and only booked and checked-in hold a seat") {
    for (auto status : {BookingStatus::booked, BookingStatus::cancelled, BookingStatus::checked_in,
                        BookingStatus::served, BookingStatus::no_show}) {
        CHECK(parse_status(status_name(status)) == status);
    }
    CHECK_FALSE(parse_status("deleted"));
    CHECK(holds_seat(BookingStatus::booked));
    CHECK(holds_seat(BookingStatus::checked_in));
    CHECK_FALSE(holds_seat(BookingStatus::cancelled));
    CHECK_FALSE(holds_seat(BookingStatus::served));
    CHECK_FALSE(holds_seat(BookingStatus::no_show));
}

TEST_CASE("cancel: only a booking that is still booked") {
    CHECK(check_cancel(booked_at(at(2026, 12, 13, 7, 0))));
    for (auto status : {BookingStatus::cancelled, BookingStatus::checked_in, BookingStatus::served,
                        BookingStatus::no_show}) {
        CHECK(check_cancel(booked_at(at(2026, 12, 13, 7, 0), status)).error().code ==
              ErrorCode::not_active);
    }
}

TEST_CASE("reschedule: to another bookable slot of the same centre and service") {
    const Booking booking = booked_at(at(2026, 12, 13, 7, 0));
    CHECK(check_reschedule(kCatalog, booking, at(2026, 12, 14, 9, 0), kNow));
    CHECK(check_reschedule(kCatalog, booking, at(2026, 12, 13, 7, 0), kNow).error().code ==
          ErrorCode::not_bookable);
    CHECK(check_reschedule(kCatalog, booking, at(2026, 12, 16, 9, 0), kNow).error().code ==
          ErrorCode::not_bookable);
    const Booking served = booked_at(at(2026, 12, 13, 7, 0), BookingStatus::served);
    CHECK(check_reschedule(kCatalog, served, at(2026, 12, 14, 9, 0), kNow).error().code ==
          ErrorCode::not_active);
}

TEST_CASE("language tags") {
    CHECK(is_language_tag("ar"));
    CHECK(is_language_tag("fil"));
    CHECK_FALSE(is_language_tag("AR"));
    CHECK_FALSE(is_language_tag("a"));
    CHECK_FALSE(is_language_tag("en-GB"));
}
