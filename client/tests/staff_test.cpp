// The centre app's pure parts: the offline counter queue, the day list and its search,
// hours as typed, and the request bodies.
#include <doctest/doctest.h>

#include <mawid/booking_code.hpp>
#include <mawid/codec.hpp>

#include "counter_queue.hpp"
#include "staff_api.hpp"

using namespace mawid::client::staff;

namespace {
std::string valid_code() {
    std::string body = "K7M4QX9T";
    return body + mawid::code_check_char(body);
}
}  // namespace

TEST_CASE("a queued action keeps a typed code normalised and refuses a typo before any request") {
    CounterQueue q;
    std::string code = valid_code();
    std::string typed = code.substr(0, 3) + "-" + code.substr(3, 3) + " " + code.substr(6);
    for (char& ch : typed) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    CHECK(q.add(typed, "check-in"));
    CHECK(q.front().code == code);
    std::string typo = code;
    typo[2] = typo[2] == 'A' ? 'B' : 'A';
    CHECK_FALSE(q.add(typo, "check-in"));
    CHECK_FALSE(q.add(code, "delete"));
    CHECK(q.size() == 1);
}

TEST_CASE("the same action twice is queued once; the queue survives a reload") {
    CounterQueue q;
    CHECK(q.add(valid_code(), "check-in"));
    CHECK(q.add(valid_code(), "check-in"));
    CHECK(q.add(valid_code(), "serve"));
    CHECK(q.size() == 2);
    CounterQueue again;
    again.load_json(q.to_json());
    CHECK(again.items() == q.items());
    again.load_json("not json");
    CHECK(again.empty());
}

TEST_CASE("predicted statuses follow shared/'s counter rule; cancelled is never overwritten") {
    CHECK(predicted_status("booked", "check-in") == "checked_in");
    CHECK(predicted_status("checked_in", "check-in") == "checked_in");
    CHECK(predicted_status("no_show", "check-in") == "checked_in");
    CHECK(predicted_status("booked", "no-show") == "no_show");
    CHECK_FALSE(predicted_status("cancelled", "check-in").has_value());
    CHECK_FALSE(predicted_status("checked_in", "no-show").has_value());
}

TEST_CASE("apply_queue marks queued bookings and leaves a cancelled one as it is") {
    std::vector<DayBooking> day(2);
    day[0].code = valid_code();
    day[0].status = "booked";
    day[1].code = "OTHER";
    day[1].status = "cancelled";
    CounterQueue q;
    q.add(valid_code(), "check-in");
    apply_queue(day, q);
    CHECK(day[0].status == "checked_in");
    CHECK(day[0].queued);
    CHECK(day[1].status == "cancelled");
    CHECK_FALSE(day[1].queued);
}

TEST_CASE("the day view answer is read with its local times and counted") {
    std::string body = R"({"centre":"c","date":"2026-12-06","as_of":"2026-12-06T08:01:12+03:00",
      "bookings":[{"code":"A","centre":"c","service":"s","start":"2026-12-06T07:30:00+03:00",
                   "status":"booked","phone_last4":"1234","cpr_masked":"*****2345"},
                  {"code":"B","centre":"c","service":"s","start":"2026-12-06T09:00:00+03:00",
                   "status":"served","phone_last4":"9876","cpr_masked":"*****1111"}],
      "counts":{},"walk_ins":[{"id":17,"ticket":"P-004","service":"s","priority":true,
                   "issued_at":"2026-12-06T08:00:00+03:00","served":false}],"queue":[17]})";
    auto d = parse_day(body);
    REQUIRE(d);
    CHECK(d->bookings.size() == 2);
    CHECK(d->bookings[0].minute == 7 * 60 + 30);
    CHECK(d->walk_ins[0].ticket == "P-004");
    CHECK(d->walk_ins[0].priority);
    CHECK(d->queue == std::vector<int>{17});
    auto n = count_statuses(d->bookings);
    CHECK(n["booked"] == 1);
    CHECK(n["served"] == 1);
    CHECK(n["cancelled"] == 0);
    CHECK_FALSE(parse_day("{}").has_value());
}

TEST_CASE("search by code (any case, dashes) or by the phone's last digits") {
    DayBooking b;
    b.code = "K7M4QX9TZ";
    b.phone_last4 = "1234";
    CHECK(matches_booking(b, ""));
    CHECK(matches_booking(b, "k7m-4qx"));
    CHECK(matches_booking(b, "34"));
    CHECK(matches_booking(b, "1234"));
    CHECK_FALSE(matches_booking(b, "12"));
    CHECK_FALSE(matches_booking(b, "ZZZ"));
}

TEST_CASE("hours as typed: spans, breaks, closed days, and refusals") {
    auto two = parse_hours_text("07:00-12:00, 16:00-20:00");
    REQUIRE(two);
    CHECK(two->size() == 2);
    CHECK(hours_text(*two) == "07:00-12:00, 16:00-20:00");
    CHECK(parse_hours_text("")->empty());
    CHECK_FALSE(parse_hours_text("12:00-07:00"));
    CHECK_FALSE(parse_hours_text("07:00-12:00, 11:00-13:00"));
    CHECK_FALSE(parse_hours_text("seven to noon"));
}

TEST_CASE("schedule body: closed weekdays left out, dry run flagged, typos refused") {
    auto body =
        schedule_body("2026-12-07", {{"sun", "07:00-14:00"}, {"fri", ""}}, {{"s", 3}}, true);
    REQUIRE(body);
    auto j = mawid::Json::parse(*body);
    CHECK(j["dry_run"] == true);
    CHECK(j["hours"]["sun"][0][0] == "07:00");
    CHECK_FALSE(j["hours"].contains("fri"));
    CHECK(j["counters"]["s"] == 3);
    CHECK_FALSE(schedule_body("2026-12-07", {{"sun", "7-2"}}, {}, false));
}

TEST_CASE("stranded lists, refusals and reports are read from their answers") {
    CHECK(parse_stranded(
              R"({"version":"v","dry_run":true,"stranded":[{"code":"A","status":"booked"}]})")
              .size() == 1);
    CHECK(conflict_status(R"({"error":"not_active","status":"cancelled"})") == "cancelled");
    auto rows = parse_report(R"({"rows":[{"service":"s","bookings":4,"no_show_rate":0.25}]})");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].bookings == 4);
    CHECK(rows[0].no_show_rate == doctest::Approx(0.25));
}

TEST_CASE("the audit trail: entries newest first, the next page, and the query of the filters") {
    AuditList list = parse_audit(
        R"({"entries":[{"id":9,"at":"2026-12-06T08:01:00+03:00","username":"isa.staff",
                        "centre":"isa","action":"check_in","booking":"K7M4QX9TZ","detail":""},
                       {"id":8,"at":"2026-12-06T07:59:00+03:00","username":"root",
                        "centre":null,"action":"holiday_added","booking":null,
                        "detail":"2026-12-16/2026-12-16"}],
            "next_before":8})");
    REQUIRE(list.entries.size() == 2);
    CHECK(list.entries[0].username == "isa.staff");
    CHECK(list.entries[0].booking == "K7M4QX9TZ");
    CHECK(list.entries[1].booking.empty());
    CHECK(list.next_before == 8);
    CHECK(parse_audit("not json").entries.empty());

    CHECK(audit_query({}, 0, false).empty());
    AuditFilter f{"isa", "2026-12-06", " isa.staff ", "check_in"};
    CHECK(audit_query(f, 0, false) ==
          "?centre=isa&from=2026-12-06&to=2026-12-06&user=isa.staff&action=check_in");
    CHECK(audit_query({"isa", "", "a b&c", ""}, 42, true) ==
          "?centre=isa&user=a%20b%26c&before=42&format=csv&limit=1000");
}

TEST_CASE("accounts: the member's forced password change, the list, and the change bodies") {
    auto m = parse_member(
        R"({"username":"amal","role":"staff","centre":"c","disabled":false,"must_change_password":true})");
    REQUIRE(m);
    CHECK(m->must_change_password);
    // Remembered on the device with the flag, so a reload opens the password screen.
    auto again = parse_member(member_json(*m));
    REQUIRE(again);
    CHECK(again->must_change_password);
    CHECK_FALSE(parse_member(R"({"username":"amal","role":"staff"})")->must_change_password);

    auto list = parse_accounts(
        R"({"users":[{"username":"amal","role":"staff","centre":"c","disabled":true,
                      "must_change_password":false},
                     {"username":"root","role":"admin","centre":null,"disabled":false,
                      "must_change_password":true},{"role":"staff"}]})");
    REQUIRE(list.size() == 2);
    CHECK(list[0].disabled);
    CHECK(list[1].centre.empty());
    CHECK(list[1].must_change_password);
    CHECK(parse_account(R"({"username":"amal","role":"supervisor","centre":"c"})")->role ==
          "supervisor");

    auto role = mawid::Json::parse(account_role_body("admin", ""));
    CHECK(role["role"] == "admin");
    CHECK(role["centre"].is_null());
    CHECK(mawid::Json::parse(account_role_body("staff", "c"))["centre"] == "c");
    CHECK(mawid::Json::parse(account_flag_body("disabled", true)) ==
          mawid::Json{{"disabled", true}});
    CHECK(mawid::Json::parse(own_password_body("old-one-123", "new-one-456")) ==
          mawid::Json{{"current", "old-one-123"}, {"new", "new-one-456"}});
}

TEST_CASE("the day says who last handled each booking") {
    auto d = parse_day(R"({"bookings":[{"code":"A","status":"served","handled_by":"isa.staff"},
                                       {"code":"B","status":"booked","handled_by":null}]})");
    REQUIRE(d);
    CHECK(d->bookings[0].handled_by == "isa.staff");
    CHECK(d->bookings[1].handled_by.empty());
}

TEST_CASE("the day says how each booking's messages fared; admins read the outbox's health") {
    auto d = parse_day(R"({"bookings":[{"code":"A","status":"booked","messages":"failed",
                                        "message_channels":{"sms":"delivered","email":"failed"}},
                                       {"code":"B","status":"booked"}]})");
    REQUIRE(d);
    CHECK(d->bookings[0].messages == "failed");
    CHECK(d->bookings[0].message_channels.at("sms") == "delivered");
    CHECK(d->bookings[0].message_channels.at("email") == "failed");
    CHECK(d->bookings[1].messages.empty());  // not said: nothing shown
    auto h = parse_outbox_health(R"({"due":2,"retrying":1,"failed_last_hour":0,
                                     "sent_last_hour":40,"oldest_due_seconds":400})");
    REQUIRE(h);
    CHECK(h->due == 2);
    CHECK(h->sent_last_hour == 40);
    CHECK(outbox_needs_attention(*h));  // waited over five minutes
    CHECK_FALSE(parse_outbox_health(R"({"error":"forbidden"})"));
}

TEST_CASE("the day comes by pages: a later page adds its new bookings, the counts and the cursor") {
    auto d = parse_day(R"({"centre":"isa","date":"2026-12-06","bookings":[
        {"code":"A","status":"booked"},{"code":"B","status":"served"}],
        "counts":{"booked":2,"served":1},"next_after":"1765000200.B.passport"})");
    REQUIRE(d);
    CHECK(d->next_after == "1765000200.B.passport");
    CHECK(d->counts["booked"] == 2);
    // "B" again (changed since), then "C": listed once each, the newest cursor kept.
    CHECK(append_day_page(*d, R"({"centre":"isa","date":"2026-12-06","bookings":[
        {"code":"B","status":"served"},{"code":"C","status":"booked"}],
        "counts":{"booked":2,"served":1},"next_after":null})"));
    REQUIRE(d->bookings.size() == 3);
    CHECK(d->bookings[2].code == "C");
    CHECK(d->next_after.empty());
    // Another day's page (the date changed meanwhile) is not mixed in.
    CHECK_FALSE(append_day_page(*d, R"({"centre":"isa","date":"2026-12-07","bookings":[
        {"code":"D","status":"booked"}]})"));
    CHECK(d->bookings.size() == 3);
    CHECK(next_after_of(R"({"users":[],"next_after":"omar"})") == "omar");
    CHECK(next_after_of(R"({"users":[],"next_after":null})").empty());
    CHECK(after_param("1765000200.K7M4QX9TZ.id card") == "&after=1765000200.K7M4QX9TZ.id%20card");
    CHECK(after_param("").empty());
}
