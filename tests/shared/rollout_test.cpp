// Editing the roll-out plan and its figures by phase (issue 14): pure, no clock, no storage.
#include <doctest/doctest.h>

#include "fixtures.hpp"
#include "mawid/rollout.hpp"

using namespace mawid;
using mawid::test::at;

namespace {

// Isa Town live on 2026-12-01, Riffa and Sitra on 2027-01-01 (one phase of two centres).
Catalog planned() {
    Catalog catalog = test::small_catalog();
    catalog.centres[0].live_from = Date{2026, 12, 1};
    Centre riffa = catalog.centres[0];
    riffa.id = "riffa";
    riffa.live_from = Date{2027, 1, 1};
    Centre sitra = riffa;
    sitra.id = "sitra";
    catalog.centres.insert(catalog.centres.end(), {riffa, sitra});
    return catalog;
}

Booking booking(const std::string& code, UnixSeconds start, BookingStatus status) {
    Booking b;
    b.code = code;
    b.centre = "isa";
    b.service = "id-card";
    b.start = start;
    b.status = status;
    return b;
}

}  // namespace

TEST_CASE("moving a whole phase: every centre of it, the trail's detail names the phase") {
    const Catalog catalog = planned();
    auto change = move_go_live(catalog, {"riffa", "sitra"}, Date{2027, 1, 15}, Date{2026, 12, 2});
    REQUIRE(change);
    CHECK(change->moves == std::vector<GoLiveMove>{{"riffa", "", "2027-01-01", "2027-01-15"},
                                                   {"sitra", "", "2027-01-01", "2027-01-15"}});
    CHECK(change->detail == "phase 2027-01-01 -> 2027-01-15");
    CHECK(change->catalog.centres[1].live_from == Date{2027, 1, 15});
    CHECK(change->catalog.centres[0].live_from == Date{2026, 12, 1});
    CHECK(change->catalog.version == catalog.version);  // saving bumps it, not the edit
    CHECK(rollout_phases(change->catalog, Date{2026, 12, 2}).size() == 2);
}

TEST_CASE("moving one centre to another phase; a centre already on that date does not move") {
    const Catalog catalog = planned();
    auto change = move_go_live(catalog, {"sitra"}, Date{2026, 12, 1}, Date{2026, 12, 1});
    REQUIRE(change);
    CHECK(change->detail == "centre sitra -> 2026-12-01");
    CHECK(rollout_phases(change->catalog, Date{2026, 12, 1})[0].centres ==
          std::vector<std::string>{"isa", "sitra"});
    auto both = move_go_live(catalog, {"isa", "sitra"}, Date{2026, 12, 1}, Date{2026, 12, 1});
    REQUIRE(both);
    CHECK(both->moves.size() == 1);  // isa is already there
    CHECK(both->detail == "centres isa, sitra -> 2026-12-01");
}

TEST_CASE("refused: a date before today, no centre, a centre twice, an unknown centre") {
    const Catalog catalog = planned();
    auto past = move_go_live(catalog, {"riffa"}, Date{2026, 12, 1}, Date{2026, 12, 2});
    REQUIRE_FALSE(past);
    CHECK(past.error().code == ErrorCode::date_in_past);
    CHECK(past.error().field == "live_from");
    CHECK(move_go_live(catalog, {}, Date{2027, 1, 1}, Date{2026, 12, 2}).error().field ==
          "centres");
    CHECK(move_go_live(catalog, {"isa", "isa"}, Date{2027, 1, 1}, Date{2026, 12, 2})
              .error()
              .field == "centres");
    CHECK(move_go_live(catalog, {"nowhere"}, Date{2027, 1, 1}, Date{2026, 12, 2}).error().code ==
          ErrorCode::unknown_centre);
}

TEST_CASE("the report by phase: each centre from its go-live date, the phase its sum") {
    const Catalog catalog = planned();
    // Mon 7 and Tue 8 December at Isa Town; one booking on 30 November, before go-live.
    std::map<std::string, std::vector<Booking>> bookings{
        {"isa",
         {booking("A", at(2026, 11, 30, 9, 0), BookingStatus::served),
          booking("B", at(2026, 12, 7, 9, 0), BookingStatus::served),
          booking("C", at(2026, 12, 7, 9, 0), BookingStatus::no_show),
          booking("D", at(2026, 12, 8, 9, 0), BookingStatus::booked),
          booking("E", at(2026, 12, 8, 9, 15), BookingStatus::cancelled)}}};
    const RolloutReport report =
        rollout_report(catalog, Date{2026, 12, 8}, Date{2026, 12, 8}, bookings);
    CHECK(report.to == Date{2026, 12, 8});
    REQUIRE(report.phases.size() == 2);
    const PhaseFigures& first = report.phases[0];
    CHECK(first.live);
    REQUIRE(first.centres.size() == 1);
    CHECK(first.centres[0].from == Date{2026, 12, 1});
    CHECK(first.total.bookings == 4);
    CHECK(first.total.served == 1);
    CHECK(first.total.no_show == 1);
    CHECK(first.total.cancelled == 1);
    CHECK(first.total.seats_used == 2);
    CHECK(first.total.seats_offered > 0);
    const PhaseFigures& second = report.phases[1];
    CHECK_FALSE(second.live);
    CHECK(second.centres.size() == 2);
    CHECK(second.total == ReportRow{});  // not live by the 8th: nothing offered, nothing booked
    // JSON round trip, and the CSV's rows: the phase, then its centres.
    CHECK(rollout_report_from_json(rollout_report_to_json(report)) == report);
    const std::string csv = rollout_report_to_csv(report);
    CHECK(csv.find("2026-12-01,live,,2026-12-01,2026-12-08,4,1,1,1,1,") != std::string::npos);
    CHECK(csv.find("\r\n2027-01-01,planned,sitra,2027-01-01,2026-12-08,0,") != std::string::npos);
}

TEST_CASE("a plan change's answer round-trips through JSON") {
    RolloutChangeAnswer answer{"v-r1", true, "2027-01-15",
                               {{"riffa", "", "2027-01-01", "2027-01-15"}}, {}};
    CHECK(rollout_change_answer_from_json(rollout_change_answer_to_json(answer)) == answer);
    CHECK(rollout_change_answer_from_json(Json()).changes.empty());
}
