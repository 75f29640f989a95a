#include <doctest/doctest.h>

#include <set>

#include "fixtures.hpp"
#include "mawid/staff.hpp"

using namespace mawid;
using mawid::test::at;
using S = BookingStatus;
using A = CounterAction;

namespace {

Booking booking(UnixSeconds start, S status = S::booked, std::string service = "id-card") {
    return Booking{"CODE",         "isa",          std::move(service),
                   start,          test::kBahrain, "880112345",
                   "+97336001234", "ar",           status};
}

}  // namespace

TEST_CASE("roles: staff and supervisors have one centre, admins all") {
    const StaffMember staff{"amal", Role::staff, "isa"};
    const StaffMember supervisor{"huda", Role::supervisor, "isa"};
    const StaffMember admin{"root", Role::admin, ""};
    CHECK(can_serve_centre(staff, "isa"));
    CHECK_FALSE(can_serve_centre(staff, "hidd"));
    CHECK_FALSE(can_administer_centre(staff, "isa"));
    CHECK(can_administer_centre(supervisor, "isa"));
    CHECK_FALSE(can_administer_centre(supervisor, "hidd"));
    CHECK(can_serve_centre(admin, "hidd"));
    CHECK(can_administer_centre(admin, "hidd"));
    for (Role role : {Role::staff, Role::supervisor, Role::admin}) {
        CHECK(parse_role(role_name(role)) == role);
    }
    CHECK_FALSE(parse_role("root"));
}

TEST_CASE("counter actions: the normal path and repeats that change nothing") {
    CHECK(apply_counter_action(S::booked, A::check_in).value() == S::checked_in);
    CHECK(apply_counter_action(S::checked_in, A::check_in).value() == S::checked_in);
    CHECK(apply_counter_action(S::checked_in, A::serve).value() == S::served);
    CHECK(apply_counter_action(S::served, A::serve).value() == S::served);
    CHECK(apply_counter_action(S::served, A::check_in).value() == S::served);
    CHECK(apply_counter_action(S::booked, A::no_show).value() == S::no_show);
    CHECK(apply_counter_action(S::no_show, A::no_show).value() == S::no_show);
    for (CounterAction action : {A::check_in, A::serve, A::no_show}) {
        CHECK(parse_counter_action(counter_action_name(action)) == action);
    }
}

TEST_CASE("counter actions: a late arrival marked no-show can still be checked in") {
    CHECK(apply_counter_action(S::no_show, A::check_in).value() == S::checked_in);
}

TEST_CASE("counter actions on a cancelled booking are refused, never overwrite it") {
    for (CounterAction action : {A::check_in, A::serve, A::no_show}) {
        CHECK(apply_counter_action(S::cancelled, action).error().code == ErrorCode::not_active);
    }
    CHECK(apply_counter_action(S::checked_in, A::no_show).error().code == ErrorCode::not_active);
}

TEST_CASE("walk-ins: priority first, then in the order tickets were issued") {
    const std::vector<WalkIn> issued = {{1, "id-card", false, 100, false},
                                        {2, "id-card", true, 200, false},
                                        {3, "id-card", false, 300, true},
                                        {4, "id-card", true, 400, false},
                                        {5, "id-card", false, 500, false}};
    const auto queue = walk_in_queue(issued);
    REQUIRE(queue.size() == 4);
    CHECK(queue[0].number == 2);
    CHECK(queue[1].number == 4);
    CHECK(queue[2].number == 1);
    CHECK(queue[3].number == 5);
    CHECK(walk_in_ticket(queue[0]) == "P-002");
    CHECK(walk_in_ticket(queue[2]) == "W-001");
}

TEST_CASE("stranded: a new closure strands that day's bookings, not cancelled ones") {
    Catalog catalog = test::small_catalog();
    const std::vector<Booking> bookings = {booking(at(2026, 12, 14, 9, 0)),
                                           booking(at(2026, 12, 14, 9, 0), S::cancelled),
                                           booking(at(2026, 12, 15, 9, 0))};
    CHECK(stranded_bookings(catalog, bookings).empty());
    catalog.centres[0].closures.push_back({Date{2026, 12, 14}, Date{2026, 12, 14}, {}});
    CHECK(stranded_bookings(catalog, bookings) == std::vector<std::size_t>{0});
}

TEST_CASE("stranded: a go-live date moved past a booking's day strands it") {
    Catalog catalog = test::small_catalog();
    const std::vector<Booking> bookings = {booking(at(2026, 12, 14, 9, 0)),
                                           booking(at(2026, 12, 15, 9, 0))};
    catalog.centres[0].live_from = Date{2026, 12, 15};
    CHECK(stranded_bookings(catalog, bookings) == std::vector<std::size_t>{0});
    catalog.centres[0].service_live_from["id-card"] = Date{2026, 12, 16};  // the pair's own
    CHECK(stranded_bookings(catalog, bookings) == std::vector<std::size_t>{0, 1});
}

TEST_CASE("stranded: a cut in counters strands the most recent bookings past capacity") {
    Catalog catalog = test::small_catalog();
    const UnixSeconds nine = at(2026, 12, 14, 9, 0);
    const std::vector<Booking> bookings = {booking(nine), booking(nine, S::checked_in),
                                           booking(nine), booking(at(2026, 12, 14, 9, 15))};
    ScheduleChange change;
    change.from = Date{2026, 12, 14};
    change.counters = {{"id-card", 1}};
    catalog.centres[0].changes.push_back(change);
    CHECK(stranded_bookings(catalog, bookings) == std::vector<std::size_t>{1, 2});
}

TEST_CASE("stranded: shorter hours from a date on strand only bookings from that date") {
    Catalog catalog = test::small_catalog();
    ScheduleChange change;
    change.from = Date{2026, 12, 15};
    change.has_hours = true;
    change.hours = catalog.centres[0].hours;
    change.hours[static_cast<int>(Weekday::tue)] = {{7 * 60, 10 * 60}};
    catalog.centres[0].changes.push_back(change);
    const std::vector<Booking> bookings = {booking(at(2026, 12, 8, 13, 0)),    // Tue before
                                           booking(at(2026, 12, 15, 13, 0)),   // Tue after
                                           booking(at(2026, 12, 15, 9, 45))};  // still open
    CHECK(stranded_bookings(catalog, bookings) == std::vector<std::size_t>{1});
}

TEST_CASE("report: figures per service from the bookings, seats from the hours") {
    const Catalog catalog = test::small_catalog();
    const std::vector<Booking> bookings = {booking(at(2026, 12, 13, 7, 0), S::served),
                                           booking(at(2026, 12, 13, 7, 0), S::no_show),
                                           booking(at(2026, 12, 13, 7, 15), S::checked_in),
                                           booking(at(2026, 12, 13, 8, 0), S::booked),
                                           booking(at(2026, 12, 13, 8, 0), S::cancelled),
                                           booking(at(2026, 12, 14, 8, 0), S::served)};
    const auto rows = centre_report(catalog, "isa", Date{2026, 12, 13}, Date{2026, 12, 13},
                                    bookings, {{"id-card", 4}});
    REQUIRE(rows.size() == 1);
    const ReportRow& row = rows[0];
    CHECK(row.bookings == 5);
    CHECK(row.checked_in == 2);
    CHECK(row.served == 1);
    CHECK(row.no_show == 1);
    CHECK(row.cancelled == 1);
    CHECK(row.walk_ins == 4);
    CHECK(row.seats_offered == 25 * 3);  // a Sunday: 25 slots of 3 counters
    CHECK(row.seats_used == 3);
    CHECK(no_show_rate(row) == doctest::Approx(1.0 / 3.0));
    CHECK(utilisation(row) == doctest::Approx(3.0 / 75.0));
    const std::string csv = report_to_csv(rows);
    CHECK(csv.rfind("service,bookings,", 0) == 0);
    CHECK(csv.find("\r\nid-card,5,2,1,1,1,4,75,3,0.333,0.040\r\n") != std::string::npos);
}

TEST_CASE("report: a closed day offers no seats; an empty range gives zeros, not NaN") {
    const Catalog catalog = test::small_catalog();
    const auto rows = centre_report(catalog, "isa", Date{2026, 12, 16}, Date{2026, 12, 17}, {}, {});
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].seats_offered == 0);
    CHECK(no_show_rate(rows[0]) == 0.0);
    CHECK(utilisation(rows[0]) == 0.0);
}

TEST_CASE("CSV records: quoting, and formulas a spreadsheet would run kept as text") {
    CHECK(csv_record({"a", "b c", ""}) == "a,b c,\r\n");
    CHECK(csv_record({"x,y", "say \"hi\"", "two\nlines"}) ==
          "\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n");
    CHECK(csv_record({"=1+1", "+9", "-2", "@SUM(A1)", "a=b"}) == "'=1+1,'+9,'-2,'@SUM(A1),a=b\r\n");
    CHECK(csv_record({"=HYPERLINK(\"x\",\"y\")"}) == "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"\r\n");
}

TEST_CASE("audit actions: every name distinct and known, nothing else") {
    std::set<std::string_view> names(kAuditActions.begin(), kAuditActions.end());
    CHECK(names.size() == kAuditActions.size());
    for (std::string_view name : kAuditActions) CHECK(is_audit_action(name));
    CHECK(is_audit_action("check_in"));
    CHECK(is_audit_action("audit_exported"));
    CHECK_FALSE(is_audit_action(""));
    CHECK_FALSE(is_audit_action("check-in"));
    CHECK_FALSE(is_audit_action("CHECK_IN"));
}

TEST_CASE("a booking's delivery: the worst of its channels, failed over pending over delivered") {
    CHECK(worse_delivery(Delivery::delivered, Delivery::failed) == Delivery::failed);
    CHECK(worse_delivery(Delivery::failed, Delivery::pending) == Delivery::failed);
    CHECK(worse_delivery(Delivery::pending, Delivery::delivered) == Delivery::pending);
    CHECK(worse_delivery(Delivery::none, Delivery::delivered) == Delivery::delivered);
    for (Delivery d : {Delivery::none, Delivery::delivered, Delivery::pending, Delivery::failed}) {
        CHECK(parse_delivery(delivery_name(d)) == d);
    }
    CHECK_FALSE(parse_delivery("sent"));
}

TEST_CASE("a booking's stored deliveries: each channel's last fate, read back as written") {
    std::map<std::string, Delivery> both = {{"sms", Delivery::delivered},
                                            {"email", Delivery::failed}};
    CHECK(deliveries_text(both) == "email=failed;sms=delivered");
    CHECK(parse_deliveries("email=failed;sms=delivered") == both);
    CHECK(parse_deliveries("").empty());
    // What cannot be read is skipped, the rest kept.
    CHECK(parse_deliveries("sms=lost;=failed;email;push=pending") ==
          std::map<std::string, Delivery>{{"push", Delivery::pending}});
}

TEST_CASE("the outbox needs attention after a failure in the hour or a message late") {
    OutboxHealth health;
    CHECK_FALSE(outbox_needs_attention(health));
    health.oldest_due_seconds = kOutboxLateSeconds;
    CHECK_FALSE(outbox_needs_attention(health));
    health.oldest_due_seconds = kOutboxLateSeconds + 1;
    CHECK(outbox_needs_attention(health));
    health.oldest_due_seconds = 0;
    health.failed_last_hour = 1;
    CHECK(outbox_needs_attention(health));
    health.failed_last_hour = 0;
    health.retrying = 40;  // retries are the outbox doing its job
    CHECK_FALSE(outbox_needs_attention(health));
}
