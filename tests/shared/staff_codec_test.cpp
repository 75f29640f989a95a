// Every staff API answer: encode -> text -> decode gives the same value, and a sample written
// by hand (as docs/staff-api.md shows it) decodes to what the centre app needs.
#include <doctest/doctest.h>

#include "fixtures.hpp"
#include "mawid/staff_codec.hpp"

using namespace mawid;
using mawid::test::at;

namespace {

// Through text, as the answer travels.
Json over_the_wire(const Json& json) {
    return *parse_json(json.dump());
}

Booking sample_booking() {
    Booking b;
    b.code = "K7M4QX9TZ";
    b.centre = "isa";
    b.service = "id-card";
    b.start = at(2026, 12, 6, 7, 30);
    b.offset_minutes = test::kBahrain;
    b.cpr = "880112345";
    b.phone = "+97336001234";
    b.status = BookingStatus::checked_in;
    return b;
}

StaffBookingRow sample_row() {
    return staff_booking_row(sample_booking());
}

WalkInTicketRow sample_ticket() {
    WalkIn walk_in{4, "id-card", true, at(2026, 12, 6, 8, 0), false};
    return walk_in_ticket_row(17, "isa", walk_in, test::kBahrain);
}

}  // namespace

TEST_CASE("member round trip, admins without a centre, and refusals") {
    for (const StaffMember& member :
         {StaffMember{"amal", Role::supervisor, "isa"}, StaffMember{"root", Role::admin, ""}}) {
        auto back = staff_member_from_json(over_the_wire(staff_member_to_json(member)));
        REQUIRE(back);
        CHECK(back->username == member.username);
        CHECK(back->role == member.role);
        CHECK(back->centre == member.centre);
    }
    CHECK(staff_member_to_json({"root", Role::admin, ""})["centre"].is_null());
    auto sample =
        staff_member_from_json(*parse_json(R"({"username":"amal","role":"staff","centre":"isa"})"));
    REQUIRE(sample);
    CHECK(sample->role == Role::staff);
    CHECK_FALSE(staff_member_from_json(*parse_json(R"({"username":"amal","role":"boss"})")));
    CHECK_FALSE(staff_member_from_json(*parse_json(R"({"role":"staff"})")));
    CHECK_FALSE(staff_member_from_json(*parse_json("[]")));
}

TEST_CASE("account list round trip, with the disabled and must-change-password flags") {
    std::vector<StaffAccount> accounts = {{{"amal", Role::staff, "isa"}, true, false},
                                          {{"root", Role::admin, ""}, false, true}};
    CHECK(staff_accounts_to_json(accounts, "")["next_after"].is_null());
    CHECK(next_page_after(staff_accounts_to_json(accounts, "root")) == "root");
    auto back = staff_accounts_from_json(over_the_wire(staff_accounts_to_json(accounts, "")));
    REQUIRE(back.size() == 2);
    CHECK(back[0].member.username == "amal");
    CHECK(back[0].disabled);
    CHECK_FALSE(back[0].must_change_password);
    CHECK(back[1].member.username == "root");
    CHECK(back[1].member.centre.empty());
    CHECK_FALSE(back[1].disabled);
    CHECK(back[1].must_change_password);
    CHECK(staff_accounts_from_json(*parse_json(R"({"users":[{"role":"staff"}]})")).empty());
    // A sign-in answer written by hand: the flags read as false when absent.
    auto plain = staff_account_from_json(
        *parse_json(R"({"username":"amal","role":"staff","centre":"isa"})"));
    REQUIRE(plain);
    CHECK_FALSE(plain->must_change_password);
    auto told = staff_account_from_json(*parse_json(
        R"({"username":"amal","role":"staff","centre":"isa","must_change_password":true})"));
    REQUIRE(told);
    CHECK(told->must_change_password);
    CHECK(staff_account_to_json(accounts[0])["disabled"] == true);
}

TEST_CASE("booking row: masked contact, round trip, and the counter's shorter answer") {
    StaffBookingRow row = sample_row();
    CHECK(row.start == "2026-12-06T07:30:00+03:00");
    CHECK(row.status == "checked_in");
    CHECK(row.phone_last4 == "1234");
    CHECK(row.cpr_masked == "*****2345");
    auto back = staff_booking_row_from_json(over_the_wire(staff_booking_row_to_json(row)));
    REQUIRE(back);
    CHECK(*back == row);
    CHECK(staff_booking_row_to_json(row)["handled_by"].is_null());  // nobody yet
    StaffBookingRow handled = staff_booking_row(sample_booking(), "isa.staff");
    CHECK(handled.handled_by == "isa.staff");
    CHECK(staff_booking_row_to_json(handled)["handled_by"] == "isa.staff");
    auto handled_back =
        staff_booking_row_from_json(over_the_wire(staff_booking_row_to_json(handled)));
    REQUIRE(handled_back);
    CHECK(*handled_back == handled);

    auto answer =
        staff_booking_row_from_json(over_the_wire(counter_answer_to_json(sample_booking())));
    REQUIRE(answer);
    CHECK(answer->code == row.code);
    CHECK(answer->status == "checked_in");
    CHECK(answer->phone_last4.empty());
    CHECK_FALSE(counter_answer_to_json(sample_booking()).contains("cpr_masked"));
    CHECK_FALSE(staff_booking_row_from_json(*parse_json(R"({"code":"A"})")));
    CHECK(staff_booking_rows_from_json(*parse_json(R"([{"code":"A","status":"booked"},{}])"))
              .size() == 1);
}

TEST_CASE("a refused counter action carries the booking's status now") {
    Json refusal = over_the_wire(
        counter_refusal_to_json(make_error(ErrorCode::not_active), BookingStatus::cancelled));
    CHECK(refusal["error"] == "not_active");
    CHECK(counter_refusal_status(refusal) == "cancelled");
    CHECK(counter_refusal_status(*parse_json(R"({"error":"not_found"})")).empty());
}

TEST_CASE("walk-in ticket round trip and sample") {
    WalkInTicketRow ticket = sample_ticket();
    CHECK(ticket.ticket == "P-004");
    CHECK(ticket.issued_at == "2026-12-06T08:00:00+03:00");
    auto back = walk_in_ticket_from_json(over_the_wire(walk_in_ticket_to_json(ticket)));
    REQUIRE(back);
    CHECK(*back == ticket);
    auto sample = walk_in_ticket_from_json(*parse_json(
        R"({"id":17,"centre":"isa","ticket":"W-012","service":"s","priority":false,
            "issued_at":"2026-12-06T08:00:00+03:00","served":true})"));
    REQUIRE(sample);
    CHECK(sample->id == 17);
    CHECK(sample->served);
    CHECK_FALSE(walk_in_ticket_from_json(*parse_json(R"({"id":17})")));
}

TEST_CASE("day list round trip, counts of every status, and a sample") {
    StaffDay day{"isa",
                 "2026-12-06",
                 "2026-12-06T08:01:12+03:00",
                 {sample_row(), staff_booking_row(sample_booking(), "isa.staff")},
                 {},
                 {sample_ticket()},
                 {17},
                 "1765000000.K7M4QX9TZ.passport"};
    day.counts = count_statuses(day.bookings);
    CHECK(day.counts.size() == 5);
    CHECK(day.counts["checked_in"] == 2);
    auto back = staff_day_from_json(over_the_wire(staff_day_to_json(day)));
    REQUIRE(back);
    CHECK(*back == day);

    auto sample = staff_day_from_json(*parse_json(
        R"({"centre":"c","date":"2026-12-06","as_of":"2026-12-06T08:01:12+03:00",
            "bookings":[{"code":"A","centre":"c","service":"s","start":"2026-12-06T07:30:00+03:00",
                         "status":"booked","phone_last4":"1234","cpr_masked":"*****2345",
                         "handled_by":"isa.staff"}],
            "counts":{"booked":1},"walk_ins":[],"queue":[]})"));
    REQUIRE(sample);
    CHECK(sample->bookings.size() == 1);
    CHECK(sample->counts["booked"] == 1);
    CHECK(sample->bookings[0].handled_by == "isa.staff");
    CHECK(sample->next_after.empty());
    CHECK_FALSE(staff_day_from_json(*parse_json("{}")));
}

TEST_CASE("catalogue edit answer round trip and sample") {
    CatalogEditAnswer answer{"v7", true, {sample_row()}};
    CHECK(catalog_edit_answer_from_json(over_the_wire(catalog_edit_answer_to_json(answer))) ==
          answer);
    auto sample = catalog_edit_answer_from_json(*parse_json(
        R"({"version":"v","dry_run":true,"stranded":[{"code":"A","status":"booked"}]})"));
    CHECK(sample.dry_run);
    CHECK(sample.stranded.size() == 1);
    CHECK(catalog_edit_answer_from_json(*parse_json("null")).stranded.empty());
}

TEST_CASE("report round trip with rates rounded, and a partial sample") {
    ReportRow figures;
    figures.service = "id-card";
    figures.bookings = 3;
    figures.served = 1;
    figures.checked_in = 1;
    figures.no_show = 2;
    figures.seats_offered = 9;
    figures.seats_used = 1;
    ReportAnswerRow row = report_answer_row(figures);
    CHECK(row.no_show_rate == doctest::Approx(0.667));
    CHECK(row.utilisation == doctest::Approx(0.111));
    ReportAnswer answer{"isa", "2026-12-01", "2026-12-31", {row}};
    CHECK(report_answer_from_json(over_the_wire(report_answer_to_json(answer))) == answer);

    auto sample = report_answer_from_json(
        *parse_json(R"({"rows":[{"service":"s","bookings":4,"no_show_rate":0.25}]})"));
    REQUIRE(sample.rows.size() == 1);
    CHECK(sample.rows[0].figures.bookings == 4);
    CHECK(sample.rows[0].no_show_rate == doctest::Approx(0.25));
}

TEST_CASE("audit page round trip, no centre or booking as null, and a sample") {
    AuditPage page{{{42, "2026-12-06T08:01:12+03:00", "clerk", "isa", "check_in", "K7M4QX9TZ", ""},
                    {41, "2026-12-06T05:00:00+03:00", "root", "", "holiday_added", "",
                     "2026-12-16/2026-12-16"}},
                   41};
    Json wire = over_the_wire(audit_page_to_json(page));
    CHECK(wire["entries"][1]["centre"].is_null());
    CHECK(wire["entries"][1]["booking"].is_null());
    CHECK(wire["next_before"] == 41);
    CHECK(audit_page_from_json(wire) == page);
    CHECK(audit_page_to_json(AuditPage{})["next_before"].is_null());

    auto sample = audit_page_from_json(*parse_json(
        R"({"entries":[{"id":7,"at":"2026-12-06T08:00:00+03:00","username":"sup",
                        "centre":"isa","action":"serve","booking":"A","detail":""},
                       {"id":6},{"action":"serve"}],
            "next_before":null})"));
    REQUIRE(sample.entries.size() == 1);  // those without an id or an action are skipped
    CHECK(sample.entries[0].username == "sup");
    CHECK(sample.next_before == 0);
    CHECK(audit_page_from_json(*parse_json("[]")).entries.empty());
}

TEST_CASE("audit CSV: a header, one row per entry, and typed text kept as text") {
    std::vector<AuditRow> rows = {
        {2, "2026-12-06T08:00:00+03:00", "=cmd", "isa", "sign_in_failed", "", ""},
        {1, "2026-12-06T07:00:00+03:00", "root", "", "account_created", "", "clerk, staff"}};
    CHECK(audit_to_csv(rows) ==
          "id,at,username,centre,action,booking,detail\r\n"
          "2,2026-12-06T08:00:00+03:00,'=cmd,isa,sign_in_failed,,\r\n"
          "1,2026-12-06T07:00:00+03:00,root,,account_created,,\"clerk, staff\"\r\n");
    CHECK(audit_to_csv({}) == "id,at,username,centre,action,booking,detail\r\n");
}

TEST_CASE("booking row: how its messages fared, overall and per channel, in the day view only") {
    StaffBookingRow row = sample_row();
    CHECK_FALSE(staff_booking_row_to_json(row).contains("messages"));  // stranded lists
    CHECK_FALSE(staff_booking_row_to_json(row).contains("message_channels"));
    row.messages = "failed";
    row.message_channels = {{"sms", "delivered"}, {"email", "failed"}};
    Json json = staff_booking_row_to_json(row);
    CHECK(json["messages"] == "failed");
    CHECK(json["message_channels"]["email"] == "failed");
    auto back = staff_booking_row_from_json(over_the_wire(json));
    REQUIRE(back);
    CHECK(*back == row);
    // A client reads an odd answer leniently: a state it does not know is skipped.
    auto odd = staff_booking_row_from_json(*parse_json(
        R"({"code":"A","status":"booked","messages":"bounced","message_channels":{"sms":3}})"));
    REQUIRE(odd);
    CHECK(odd->messages.empty());
    CHECK(odd->message_channels.empty());
}

TEST_CASE("outbox health round trip, attention, and what is not a health answer") {
    OutboxHealth health{"2026-12-06T05:01:12Z", 3, 1, 0, 412, 2};
    Json json = outbox_health_to_json(health);
    CHECK(json["attention"] == false);
    auto back = outbox_health_from_json(over_the_wire(json));
    REQUIRE(back);
    CHECK(*back == health);
    health.failed_last_hour = 1;
    CHECK(outbox_health_to_json(health)["attention"] == true);
    CHECK_FALSE(outbox_health_from_json(*parse_json(R"({"error":"forbidden"})")));
}
