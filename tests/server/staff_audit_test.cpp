// The audit trail against the real server: every staff action leaves exactly its entry (who,
// which centre, which booking), refusals and repeats leave none, no CPR or phone ever enters
// it, only supervisors (their own centre) and admins read it, in JSON pages or as CSV, old
// entries go after the retention time, and the table refuses an UPDATE.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "staff_fixture.hpp"
#include "storage/database.hpp"

using namespace mawid::test;

namespace {

const std::string kAudit = "/api/v1/staff/audit";
const std::string kCentre = "/api/v1/staff/centres/test-centre";

// Reads the trail as the admin and hands out the entries recorded since the last call,
// oldest first.
class Trail {
public:
    explicit Trail(StaffClient& admin) : admin_(admin) { fresh(); }

    std::vector<Json> fresh() {
        Response r = admin_.get(kAudit + "?limit=1000");
        REQUIRE_MESSAGE(r.status == 200, r.body);
        std::vector<Json> out;
        Json body = r.json();  // kept: a range-for over r.json()["entries"] would dangle
        for (const Json& entry : body["entries"]) {
            if (entry["id"].get<std::int64_t>() > seen_) out.insert(out.begin(), entry);
        }
        if (!out.empty()) seen_ = out.back()["id"].get<std::int64_t>();
        return out;
    }

    // Exactly one new entry, with every member of `want` as given.
    void expect_one(const Json& want) {
        std::vector<Json> entries = fresh();
        INFO("expected " << want.dump());
        REQUIRE_MESSAGE(entries.size() == 1, Json(entries).dump());
        for (const auto& [name, value] : want.items()) {
            CHECK_MESSAGE(entries[0][name] == value, name << " in " << entries[0].dump());
        }
    }

    void expect_none() {
        std::vector<Json> entries = fresh();
        CHECK_MESSAGE(entries.empty(), Json(entries).dump());
    }

private:
    StaffClient& admin_;
    std::int64_t seen_ = 0;
};

Json entry(const std::string& action, const std::string& user, const Json& centre,
           const Json& booking = nullptr, const std::string& detail = "") {
    return {{"action", action},
            {"username", user},
            {"centre", centre},
            {"booking", booking},
            {"detail", detail}};
}

// Every column of every entry, as one text.
std::string audit_table_text(const std::string& db_path) {
    // SQLite 3.40 has no string_agg, PostgreSQL no group_concat.
    const char* join = on_postgresql() ? "string_agg(" : "group_concat(";
    return query_one(db_path, std::string("SELECT ") + join +
                                  "id || '|' || at || '|' || username || '|' || "
                                  "coalesce(centre, '') || '|' || action || '|' || "
                                  "coalesce(booking, '') || '|' || detail, '\n') FROM audit");
}

// The staff server flags with the clock at `now`.
std::vector<std::string> flags_at(const TempDir& dir, const std::string& now,
                                  const std::vector<std::string>& extra = {}) {
    return with_now(staff_server_flags(dir, true, extra), now);
}

}  // namespace

TEST_SUITE("staff_audit") {
    TEST_CASE("every staff action leaves exactly its entry: who, which centre, which booking") {
        StaffServer t;
        Trail trail(t.admin);

        // Accounts: the fixture's own, then one more.
        t.add_user("temp", "staff", "test-centre");
        trail.expect_one(entry("account_created", "root", "test-centre", nullptr, "temp (staff)"));

        // Signing in, and failing to.
        StaffClient clerk = t.signed_in("clerk");
        trail.expect_one(entry("sign_in", "clerk", "test-centre"));
        StaffClient tablet(t.server.port());
        REQUIRE(tablet.sign_in("clerk", "wrong-password-1").status == 401);
        trail.expect_one(entry("sign_in_failed", "clerk", "test-centre"));
        REQUIRE(tablet.sign_in("nobody", "wrong-password-2").status == 401);
        trail.expect_one(entry("sign_in_failed", "nobody", nullptr));

        // At the counter; a repeat changes nothing and records nothing.
        std::string a = t.book("race", slot_time(2, 8, 0), 1);
        std::string b = t.book("race", slot_time(2, 8, 15), 2);
        trail.expect_none();  // citizens' own bookings are not staff actions
        REQUIRE(clerk.post(action(a, "check-in"), Json::object()).status == 200);
        trail.expect_one(entry("check_in", "clerk", "test-centre", a));
        REQUIRE(clerk.post(action(a, "check-in"), Json::object()).status == 200);
        trail.expect_none();
        REQUIRE(clerk.post(action(a, "serve"), Json::object()).status == 200);
        trail.expect_one(entry("serve", "clerk", "test-centre", a));
        REQUIRE(clerk.post(action(b, "no-show"), Json::object()).status == 200);
        trail.expect_one(entry("no_show", "clerk", "test-centre", b));
        // Refused (served, then a no-show): nothing happened, nothing recorded.
        REQUIRE(clerk.post(action(a, "no-show"), Json::object()).status == 409);
        trail.expect_none();

        // Walk-ins: a retried ticket is the same ticket, issued once.
        std::vector<std::pair<std::string, std::string>> key = {{"Idempotency-Key", "w-1"}};
        Response ticket = clerk.post(kCentre + "/walk-ins", Json{{"service", "race"}}, true, key);
        REQUIRE(ticket.status == 201);
        trail.expect_one(entry("walk_in_issued", "clerk", "test-centre", nullptr, "W-001"));
        REQUIRE(clerk.post(kCentre + "/walk-ins", Json{{"service", "race"}}, true, key).status ==
                201);
        trail.expect_none();
        const std::string served =
            "/api/v1/staff/walk-ins/" + std::to_string(ticket.json()["id"].get<int>()) + "/served";
        REQUIRE(clerk.post(served, Json::object()).status == 200);
        trail.expect_one(entry("walk_in_served", "clerk", "test-centre", nullptr, "W-001"));
        REQUIRE(clerk.post(served, Json::object()).status == 200);
        trail.expect_none();

        // Bookings staff make, cancel and move.
        Response made =
            clerk.post(kCentre + "/bookings", booking_body("multi", slot_time(3, 9, 0), 3));
        REQUIRE_MESSAGE(made.status == 201, made.body);
        std::string c = made.json()["code"];
        trail.expect_one(entry("booking_made", "clerk", "test-centre", c, slot_time(3, 9, 0)));
        REQUIRE(clerk.post(action(c, "reschedule"), Json{{"start", slot_time(4, 10, 0)}}).status ==
                200);
        trail.expect_one(entry("booking_moved", "clerk", "test-centre", c, slot_time(4, 10, 0)));
        REQUIRE(clerk.post(action(c, "cancel"), Json::object()).status == 200);
        trail.expect_one(entry("booking_cancelled", "clerk", "test-centre", c));
        REQUIRE(clerk.post(action(c, "cancel"), Json::object()).status == 409);
        trail.expect_none();

        // The centre's schedule, closures and holidays; a dry run changes and records nothing.
        StaffClient sup = t.signed_in("sup");
        trail.expect_one(entry("sign_in", "sup", "test-centre"));
        Json change = {{"from", "2026-12-05"}, {"counters", {{"multi", 3}}}};
        Json dry = change;
        dry["dry_run"] = true;
        REQUIRE(sup.post(kCentre + "/schedule", dry).status == 200);
        trail.expect_none();
        REQUIRE(sup.post(kCentre + "/schedule", change).status == 200);
        trail.expect_one(entry("schedule_changed", "sup", "test-centre", nullptr, "2026-12-05"));
        REQUIRE(sup.post(kCentre + "/schedule/remove", Json{{"from", "2026-12-05"}}).status == 200);
        trail.expect_one(entry("schedule_removed", "sup", "test-centre", nullptr, "2026-12-05"));
        Json closure = {{"from", "2026-12-07"}, {"to", "2026-12-08"}};
        REQUIRE(sup.post(kCentre + "/closures", closure).status == 200);
        trail.expect_one(
            entry("closure_added", "sup", "test-centre", nullptr, "2026-12-07/2026-12-08"));
        REQUIRE(sup.post(kCentre + "/closures/remove", closure).status == 200);
        trail.expect_one(
            entry("closure_removed", "sup", "test-centre", nullptr, "2026-12-07/2026-12-08"));
        Json holiday = {{"from", "2026-12-21"}, {"to", "2026-12-21"}};
        REQUIRE(t.admin.post("/api/v1/staff/holidays", holiday).status == 200);
        trail.expect_one(entry("holiday_added", "root", nullptr, nullptr, "2026-12-21/2026-12-21"));
        REQUIRE(t.admin.post("/api/v1/staff/holidays/remove", holiday).status == 200);
        trail.expect_one(
            entry("holiday_removed", "root", nullptr, nullptr, "2026-12-21/2026-12-21"));

        // Reports: reading them on screen is not recorded, the CSV file is.
        const std::string report = kCentre + "/report?from=2026-12-01&to=2026-12-03";
        REQUIRE(sup.get(report).status == 200);
        trail.expect_none();
        REQUIRE(sup.get(report + "&format=csv").status == 200);
        trail.expect_one(
            entry("report_exported", "sup", "test-centre", nullptr, "2026-12-01/2026-12-03"));

        // Passwords: one's own, and an admin's reset (under the account's centre).
        const std::string own = "/api/v1/staff/me/password";
        REQUIRE(
            clerk.post(own, Json{{"current", "not-it-at-all"}, {"new", "new-pass-2026"}}).status ==
            422);
        trail.expect_none();
        REQUIRE(clerk.post(own, Json{{"current", kPassword}, {"new", "new-pass-2026"}}).status ==
                204);
        trail.expect_one(entry("password_changed", "clerk", "test-centre"));
        REQUIRE(t.admin.post("/api/v1/staff/users/far/password", Json{{"password", "reset-2026-x"}})
                    .status == 204);
        trail.expect_one(entry("password_reset", "root", "other-centre", nullptr, "far"));

        // The reset account signs in told to change it, and the sign-in is on record; an
        // admin's change to the account is recorded once; a disabled account's right
        // password is refused and on record as a failed sign-in.
        StaffClient far(t.server.port());
        Response far_in = far.sign_in("far", "reset-2026-x");
        REQUIRE(far_in.status == 200);
        CHECK(far_in.json()["must_change_password"] == true);
        trail.expect_one(entry("sign_in", "far", "other-centre"));
        REQUIRE(t.admin.post("/api/v1/staff/users/far", Json{{"disabled", true}}).status == 200);
        trail.expect_one(entry("account_disabled", "root", "other-centre", nullptr, "account far"));
        StaffClient far_again(t.server.port());
        CHECK(far_again.sign_in("far", "reset-2026-x").error() == "account_disabled");
        trail.expect_one(
            entry("sign_in_failed", "far", "other-centre", nullptr, "account disabled"));

        // The trail's own export, then signing out.
        REQUIRE(sup.get(kAudit + "?format=csv&action=check_in").status == 200);
        trail.expect_one(entry("audit_exported", "sup", "test-centre", nullptr, "action=check_in"));
        REQUIRE(clerk.post("/api/v1/staff/sign-out", Json::object()).status == 204);
        trail.expect_one(entry("sign_out", "clerk", "test-centre"));

        // Every entry's time is the server's, at the centre's offset; passwords never appear.
        Json newest = t.admin.get(kAudit + "?limit=1").json()["entries"][0];
        CHECK(newest["at"] == kNow);
        std::string table = audit_table_text(t.dir.database());
        for (const char* secret :
             {"wrong-password-1", "wrong-password-2", "new-pass-2026", "reset-2026-x", kPassword}) {
            CHECK_MESSAGE(table.find(secret) == std::string::npos, secret);
        }
    }

    TEST_CASE("no entry holds the CPR or phone of the bookings it concerns") {
        StaffServer t;
        StaffClient clerk = t.signed_in("clerk");
        Json body = booking_body("multi", slot_time(2, 9, 0), 41);
        body["phone"] = "+97339998877";
        Response made = clerk.post(kCentre + "/bookings", body);
        REQUIRE(made.status == 201);
        std::string code = made.json()["code"];
        std::string walked = t.book("race", slot_time(2, 8, 0), 42);
        REQUIRE(clerk.post(action(walked, "check-in"), Json::object()).status == 200);
        REQUIRE(clerk.post(action(walked, "serve"), Json::object()).status == 200);
        REQUIRE(
            clerk.post(action(code, "reschedule"), Json{{"start", slot_time(2, 10, 0)}}).status ==
            200);
        REQUIRE(clerk.post(action(code, "cancel"), Json::object()).status == 200);
        // A CPR or a phone typed in the user name box is not kept as the name tried.
        StaffClient tablet(t.server.port());
        REQUIRE(tablet.sign_in(cpr_for(43), "whatever-it-is").status == 401);
        REQUIRE(tablet.sign_in("97336001234", "whatever-it-is").status == 401);
        REQUIRE(t.signed_in("sup").get(kAudit + "?format=csv").status == 200);

        std::string table = audit_table_text(t.dir.database());
        CHECK(table.find(code) != std::string::npos);  // the booking is there, by its code
        for (const std::string& personal :
             {cpr_for(41), cpr_for(42), cpr_for(43), std::string("39998877"),
              std::string("36001234"), std::string("97339998877")}) {
            CHECK_MESSAGE(table.find(personal) == std::string::npos, personal << " in\n" << table);
        }
        Json failed = t.admin.get(kAudit + "?action=sign_in_failed").json()["entries"];
        REQUIRE(failed.size() == 2);
        CHECK(failed[0]["username"] == "");
        CHECK(failed[1]["username"] == "");
    }

    TEST_CASE("who reads the trail: supervisors their centre's, admins everyone's, staff none") {
        StaffServer t;
        StaffClient far = t.signed_in("far");  // other-centre
        StaffClient clerk = t.signed_in("clerk");
        StaffClient sup = t.signed_in("sup");

        CHECK(clerk.get(kAudit).status == 403);
        CHECK(far.get(kAudit + "?centre=other-centre").status == 403);
        CHECK(sup.get(kAudit + "?centre=other-centre").status == 403);
        CHECK(sup.get(kAudit + "?centre=no-such-centre").status ==
              403);  // a stranger learns nothing
        CHECK(StaffClient(t.server.port()).get(kAudit).status == 401);

        // The supervisor's answer is their centre's alone: no far, no admin sign-in.
        Response own = sup.get(kAudit);
        REQUIRE(own.status == 200);
        CHECK(own.header("cache-control") == "no-store");
        std::vector<std::string> users;
        Json own_entries = own.json()["entries"];
        for (const Json& e : own_entries) {
            CHECK(e["centre"] == "test-centre");
            users.push_back(e["username"]);
        }
        // Newest first: sup's sign-in, clerk's, then the accounts root made for the centre.
        CHECK(users == std::vector<std::string>{"sup", "clerk", "root", "root"});
        CHECK(sup.get(kAudit + "?centre=test-centre").json() == own.json());

        // The admin sees every centre and entries with none.
        Json all = t.admin.get(kAudit).json()["entries"];
        bool far_seen = false, none_seen = false;
        for (const Json& e : all) {
            far_seen = far_seen || e["username"] == "far";
            none_seen = none_seen || e["centre"].is_null();
        }
        CHECK(far_seen);
        CHECK(none_seen);  // root's own sign-in
        Json other = t.admin.get(kAudit + "?centre=other-centre").json()["entries"];
        REQUIRE(other.size() == 2);
        CHECK(other[0]["action"] == "sign_in");
        CHECK(other[1]["action"] == "account_created");
    }

    TEST_CASE("filters by day, member and action; pages by id; bad filters name their field") {
        StaffServer t;
        StaffClient clerk = t.signed_in("clerk");
        StaffClient sup = t.signed_in("sup");
        for (int n = 1; n <= 3; ++n) {
            std::string code = t.book("race", slot_time(2, 8, 0), n);
            REQUIRE(clerk.post(action(code, "check-in"), Json::object()).status == 200);
        }
        Json checked = sup.get(kAudit + "?action=check_in").json();
        CHECK(checked["entries"].size() == 3);
        CHECK(checked["next_before"].is_null());
        CHECK(sup.get(kAudit + "?user=clerk").json()["entries"].size() == 4);  // and the sign-in
        CHECK(sup.get(kAudit + "?user=CLERK&action=sign_in").json()["entries"].size() == 1);
        // Today (1 December at the centre) holds everything; the day after, nothing.
        CHECK(sup.get(kAudit + "?from=2026-12-01&to=2026-12-01").json()["entries"].size() == 7);
        CHECK(sup.get(kAudit + "?from=2026-12-02").json()["entries"].empty());
        CHECK(sup.get(kAudit + "?to=2026-11-30").json()["entries"].empty());

        // Pages of two, newest first, following next_before to the end.
        std::vector<std::int64_t> ids;
        std::string next = kAudit + "?limit=2";
        for (int page = 0; page < 10 && !next.empty(); ++page) {
            Json answer = sup.get(next).json();
            CHECK(answer["entries"].size() <= 2);
            for (const Json& e : answer["entries"]) ids.push_back(e["id"]);
            next = answer["next_before"].is_null()
                       ? ""
                       : kAudit + "?limit=2&before=" +
                             std::to_string(answer["next_before"].get<std::int64_t>());
        }
        CHECK(ids.size() == 7);
        CHECK(std::is_sorted(ids.rbegin(), ids.rend()));
        CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());

        for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
                 {"from=2026-13-01", "from"},
                 {"from=yesterday", "from"},
                 {"to=2026-12-1", "to"},
                 {"from=2026-12-02&to=2026-12-01", "to"},
                 {"user=a", "user"},
                 {"user=no%20spaces", "user"},
                 {"action=check-in", "action"},
                 {"limit=0", "limit"},
                 {"limit=1001", "limit"},
                 {"limit=ten", "limit"},
                 {"before=0", "before"},
                 {"before=-5", "before"},
                 {"format=xml", "format"}}) {
            Response r = sup.get(kAudit + "?" + query);
            CHECK_MESSAGE(r.status == 400, query);
            CHECK_MESSAGE(r.json()["field"] == field, query);
        }
        Response unknown = t.admin.get(kAudit + "?centre=no-such-centre");
        CHECK(unknown.status == 400);
        CHECK(unknown.json()["field"] == "centre");
        CHECK(sup.get(kAudit + "?limit=1000").status == 200);
        CHECK(sup.post(kAudit, Json::object()).status == 405);
    }

    TEST_CASE("CSV: a header and one row per entry, asked by Accept or format, and on record") {
        StaffServer t;
        StaffClient clerk = t.signed_in("clerk");
        StaffClient sup = t.signed_in("sup");
        std::string code = t.book("race", slot_time(2, 8, 0), 1);
        REQUIRE(clerk.post(action(code, "check-in"), Json::object()).status == 200);
        Json json = sup.get(kAudit).json()["entries"];
        REQUIRE(json.size() == 5);  // check-in, two sign-ins, two accounts

        Response csv = sup.raw().get(kAudit, {{"Cookie", sup.cookie}, {"Accept", "text/csv"}});
        REQUIRE(csv.status == 200);
        CHECK(csv.header("content-type") == "text/csv; charset=utf-8");
        CHECK(csv.header("content-disposition") ==
              "attachment; filename=\"mawid-audit-test-centre.csv\"");
        CHECK(csv.header("cache-control") == "no-store");
        std::string expected = "id,at,username,centre,action,booking,detail\r\n";
        for (const Json& e : json) {
            expected += std::to_string(e["id"].get<std::int64_t>()) + "," +
                        e["at"].get<std::string>() + "," + e["username"].get<std::string>() +
                        ",test-centre," + e["action"].get<std::string>() + "," +
                        (e["booking"].is_null() ? "" : e["booking"].get<std::string>()) + "," +
                        e["detail"].get<std::string>() + "\r\n";
        }
        CHECK(csv.body == expected);

        // The export is itself on record, newest; the next export lists it.
        Json after = sup.get(kAudit + "?limit=1").json()["entries"][0];
        CHECK(after["action"] == "audit_exported");
        CHECK(after["username"] == "sup");
        Response dated = sup.get(kAudit + "?format=csv&from=2026-12-01&to=2026-12-01&limit=2");
        REQUIRE(dated.status == 200);
        CHECK(dated.header("content-disposition") ==
              "attachment; filename=\"mawid-audit-test-centre-2026-12-01-2026-12-01.csv\"");
        CHECK(dated.body.find(",sup,test-centre,audit_exported,,\r\n") != std::string::npos);
        CHECK(std::count(dated.body.begin(), dated.body.end(), '\n') == 3);  // header + 2
        CHECK(!dated.header("mawid-next-before").empty());
        // format=json wins over Accept.
        Response plain = sup.raw().get(kAudit + "?format=json",
                                       {{"Cookie", sup.cookie}, {"Accept", "text/csv"}});
        CHECK(plain.header("content-type") == "application/json");
    }

    TEST_CASE("entries older than the retention time are deleted by the writer's housekeeping") {
        TempDir dir;
        REQUIRE(run_create_admin(dir.database(), "root", std::string(kPassword) + "\n",
                                 dir.file("server.log")) == 0);
        auto newest_first = [](StaffClient& admin) {
            std::vector<std::string> at;
            Json entries = admin.get(kAudit).json()["entries"];
            for (const Json& e : entries) at.push_back(e["at"]);
            return at;
        };
        {
            ServerProcess server(dir.database(), flags_at(dir, kNow), dir.file("server.log"));
            StaffClient admin(server.port());
            REQUIRE(admin.sign_in("root").status == 200);
        }
        const std::vector<std::string> thirty = {"--audit-retention-days", "31"};
        {
            // 30 days on: within 31 days, kept.
            ServerProcess server(dir.database(),
                                 flags_at(dir, "2026-12-31T06:00:00+03:00", thirty),
                                 dir.file("server.log"));
            StaffClient admin(server.port());
            REQUIRE(admin.sign_in("root").status == 200);
            CHECK(newest_first(admin) ==
                  std::vector<std::string>{"2026-12-31T06:00:00+03:00", kNow});
        }
        {
            // 31 days and a second on: the first sign-in is gone, the later one kept.
            ServerProcess server(dir.database(),
                                 flags_at(dir, "2027-01-01T06:00:01+03:00", thirty),
                                 dir.file("server.log"));
            StaffClient admin(server.port());
            REQUIRE(admin.sign_in("root").status == 200);
            CHECK(newest_first(admin) == std::vector<std::string>{"2027-01-01T06:00:01+03:00",
                                                                  "2026-12-31T06:00:00+03:00"});
        }
        // The default keeps 365 days: 2026-12-31 06:00 is a second too old, 2027-01-01 is not.
        ServerProcess server(dir.database(), flags_at(dir, "2027-12-31T06:00:01+03:00"),
                             dir.file("server.log"));
        StaffClient admin(server.port());
        REQUIRE(admin.sign_in("root").status == 200);
        CHECK(newest_first(admin) ==
              std::vector<std::string>{"2027-12-31T06:00:01+03:00", "2027-01-01T06:00:01+03:00"});
    }

    TEST_CASE("the audit table refuses an UPDATE") {
        StaffServer t;
        REQUIRE(audit_table_text(t.dir.database()).find("sign_in") != std::string::npos);
        std::string refusal;
        try {
            mawid::server::Connection db(t.dir.database(),
                                         mawid::server::Connection::Mode::read_write);
            db.exec("UPDATE audit SET username = 'someone-else'");
        } catch (const std::exception& e) {
            refusal = e.what();
        }
        CHECK_MESSAGE(refusal.find("append-only") != std::string::npos, refusal);
        CHECK(audit_table_text(t.dir.database()).find("someone-else") == std::string::npos);
    }
}  // TEST_SUITE
