// Accounts an admin ends, moves or makes change their password, against the real server: a
// disabled member's open session is refused on its next request, new rights apply at once, an
// admin stays in charge, a forced password change blocks everything else until done, demo
// accounts on a reachable server must change theirs; who handled each booking is recorded and
// shown in the day; and every account change is in the audit trail.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "staff_fixture.hpp"

using namespace mawid::test;

namespace {

const std::string kOtherDay = "/api/v1/staff/centres/other-centre/day?date=2026-12-02";
const std::string kOwnPassword = "/api/v1/staff/me/password";

std::string account(const std::string& username) {
    return "/api/v1/staff/users/" + username;
}

// The account as GET /staff/users lists it; null when absent.
Json listed(StaffClient& admin, const std::string& username) {
    Response r = admin.get("/api/v1/staff/users");
    REQUIRE(r.status == 200);
    Json users = r.json()["users"];
    for (const Json& user : users) {
        if (user["username"] == username) return user;
    }
    return Json();
}

struct AccountAuditLine {
    std::string username, centre, action, detail;
};

// The audit trail's lines for changes to existing accounts, in order, read from the live
// database as an auditor would, while the server runs. The fixture's own account_created
// lines are left out.
std::vector<AccountAuditLine> account_audit(const std::string& db) {
    std::vector<AccountAuditLine> lines;
    for (const auto& row : query_rows(db,
                                      "SELECT username, coalesce(centre, ''), action, detail "
                                      "FROM audit WHERE action IN ('account_disabled', "
                                      "'account_enabled', 'account_changed', "
                                      "'password_change_forced') ORDER BY id")) {
        lines.push_back({row[0], row[1], row[2], row[3]});
    }
    return lines;
}

// The day's bookings by code: who handled each (null for nobody).
Json handled_by(StaffClient& member, const std::string& day_url) {
    Response r = member.get(day_url);
    REQUIRE(r.status == 200);
    Json by_code = Json::object();
    Json bookings = r.json()["bookings"];
    for (const Json& booking : bookings)
        by_code[booking["code"].get<std::string>()] = booking["handled_by"];
    return by_code;
}

}  // namespace

TEST_SUITE("staff_accounts") {
    TEST_CASE("a disabled account's open session is refused at once; enabled again, it signs in") {
        StaffServer t;
        StaffClient clerk = t.signed_in("clerk");
        REQUIRE(clerk.get(kDay2).status == 200);

        Response off = t.admin.post(account("clerk"), Json{{"disabled", true}});
        REQUIRE(off.status == 200);
        CHECK(off.json()["disabled"] == true);
        CHECK(off.json()["username"] == "clerk");
        CHECK(off.json()["centre"] == "test-centre");
        // The very next request of the session open on the clerk's counter.
        Response refused = clerk.get(kDay2);
        CHECK(refused.status == 401);
        CHECK(refused.error() == "account_disabled");
        CHECK(clerk.get(kMe).error() == "account_disabled");
        CHECK(clerk
                  .post("/api/v1/staff/centres/test-centre/walk-ins",
                        Json{{"service", "race"}, {"priority", false}})
                  .error() == "account_disabled");
        // Signing in again: the right password is told the account is disabled, a wrong one
        // gets what any wrong password gets.
        StaffClient again(t.server.port());
        Response signin = again.sign_in("clerk");
        CHECK(signin.status == 401);
        CHECK(signin.error() == "account_disabled");
        CHECK(signin.header("set-cookie").empty());
        CHECK(again.sign_in("clerk", "not-the-password").error() == "bad_credentials");
        CHECK(listed(t.admin, "clerk")["disabled"] == true);

        Response on = t.admin.post(account("clerk"), Json{{"disabled", false}});
        REQUIRE(on.status == 200);
        CHECK(on.json()["disabled"] == false);
        // The session from before does not come back to life; a new sign-in works.
        Response old = clerk.get(kDay2);
        CHECK(old.status == 401);
        CHECK(old.error() == "unauthorized");
        CHECK(clerk.sign_in("clerk").status == 200);
        CHECK(clerk.get(kDay2).status == 200);
        CHECK(listed(t.admin, "clerk")["disabled"] == false);
    }

    TEST_CASE("only an admin changes accounts, and a bad change is refused precisely") {
        StaffServer t;
        CHECK(t.signed_in("sup").post(account("clerk"), Json{{"disabled", true}}).status == 403);
        CHECK(t.admin.post(account("nobody"), Json{{"disabled", true}}).status == 404);
        Response empty = t.admin.post(account("clerk"), Json::object());
        CHECK(empty.status == 400);
        Response typo = t.admin.post(account("clerk"), Json{{"disable", true}});
        CHECK(typo.status == 400);
        CHECK(typo.json()["field"] == "disable");
        Response not_flag = t.admin.post(account("clerk"), Json{{"disabled", "yes"}});
        CHECK(not_flag.status == 400);
        CHECK(not_flag.json()["field"] == "disabled");
        CHECK(t.admin.post(account("clerk"), Json{{"role", "boss"}}).json()["field"] == "role");
        CHECK(t.admin.post(account("clerk"), Json{{"centre", 7}}).json()["field"] == "centre");
        CHECK(t.admin.post(account("clerk"), Json{{"disabled", true}}, false).status == 403);
        CHECK(t.admin.get(account("clerk")).status == 405);
        // Nothing was changed by any of these.
        CHECK(listed(t.admin, "clerk") == Json{{"username", "clerk"},
                                               {"role", "staff"},
                                               {"centre", "test-centre"},
                                               {"disabled", false},
                                               {"must_change_password", false}});
        CHECK(account_audit(t.dir.database()).empty());
    }

    TEST_CASE("a change of role or centre ends the member's sessions; the new rights apply") {
        StaffServer t;
        StaffClient clerk = t.signed_in("clerk");
        CHECK(clerk.get(kOtherDay).status == 403);

        Response moved = t.admin.post(account("clerk"), Json{{"centre", "other-centre"}});
        REQUIRE(moved.status == 200);
        CHECK(moved.json()["centre"] == "other-centre");
        CHECK(moved.json()["role"] == "staff");
        CHECK(clerk.get(kDay2).status == 401);  // signed out at once
        REQUIRE(clerk.sign_in("clerk").status == 200);
        CHECK(clerk.get(kMe).json()["centre"] == "other-centre");
        CHECK(clerk.get(kOtherDay).status == 200);
        CHECK(clerk.get(kDay2).status == 403);

        // The same rules as a new account: an admin has no centre, the others a known one.
        Response admin_centre =
            t.admin.post(account("clerk"), Json{{"role", "admin"}, {"centre", "test-centre"}});
        CHECK(admin_centre.status == 400);
        CHECK(admin_centre.json()["field"] == "centre");
        CHECK(t.admin.post(account("clerk"), Json{{"centre", "no-such-centre"}}).error() ==
              "unknown_centre");
        CHECK(t.admin.post(account("clerk"), Json{{"centre", nullptr}}).json()["field"] ==
              "centre");
        CHECK(clerk.get(kOtherDay).status == 200);  // refused changes end nothing

        Response promoted = t.admin.post(account("clerk"), Json{{"role", "supervisor"}});
        REQUIRE(promoted.status == 200);
        CHECK(promoted.json()["centre"] == "other-centre");  // kept
        CHECK(clerk.get(kOtherDay).status == 401);
        REQUIRE(clerk.sign_in("clerk").status == 200);
        CHECK(clerk.get("/api/v1/staff/centres/other-centre/schedule").status == 200);

        Response made_admin = t.admin.post(account("clerk"), Json{{"role", "admin"}});
        REQUIRE(made_admin.status == 200);
        CHECK(made_admin.json()["centre"].is_null());  // an admin serves every centre
        REQUIRE(clerk.sign_in("clerk").status == 200);
        CHECK(clerk.get("/api/v1/staff/users").status == 200);
        // Back to counter work needs a centre again.
        CHECK(t.admin.post(account("clerk"), Json{{"role", "staff"}}).json()["field"] == "centre");
        CHECK(t.admin.post(account("clerk"), Json{{"role", "staff"}, {"centre", "test-centre"}})
                  .status == 200);
        // A change to what it already is ends nothing.
        REQUIRE(clerk.sign_in("clerk").status == 200);
        CHECK(t.admin.post(account("clerk"), Json{{"centre", "test-centre"}}).status == 200);
        CHECK(clerk.get(kDay2).status == 200);
    }

    TEST_CASE("an admin cannot disable themselves, and the last enabled admin stays one") {
        StaffServer t;
        Response self = t.admin.post(account("root"), Json{{"disabled", true}});
        CHECK(self.status == 409);
        CHECK(self.error() == "own_account");
        Response demoted =
            t.admin.post(account("root"), Json{{"role", "supervisor"}, {"centre", "test-centre"}});
        CHECK(demoted.status == 409);
        CHECK(demoted.error() == "last_admin");
        CHECK(listed(t.admin, "root")["role"] == "admin");

        Json boss = {{"username", "boss"}, {"password", kPassword}, {"role", "admin"}};
        REQUIRE(t.admin.post("/api/v1/staff/users", boss).status == 201);
        StaffClient second = t.signed_in("boss");
        // With another admin, root may be disabled (by the other)...
        CHECK(second.post(account("root"), Json{{"disabled", true}}).status == 200);
        CHECK(t.admin.get(kMe).error() == "account_disabled");
        // ...and then boss is the last: neither disabled nor demoted.
        CHECK(second.post(account("boss"), Json{{"disabled", true}}).error() == "own_account");
        CHECK(second.post(account("boss"), Json{{"role", "staff"}, {"centre", "test-centre"}})
                  .error() == "last_admin");
        CHECK(second.get(kMe).status == 200);
        // A disabled admin does not count: enabled again, it does.
        CHECK(second.post(account("root"), Json{{"disabled", false}}).status == 200);
        CHECK(second.post(account("boss"), Json{{"role", "staff"}, {"centre", "test-centre"}})
                  .status == 200);
        CHECK(second.get(kMe).status == 401);  // boss's own session ended with the change
    }

    TEST_CASE(
        "a forced password change: sign-in says so, and every other endpoint is 403 until done") {
        StaffServer t;
        StaffClient clerk = t.signed_in("clerk");
        CHECK(clerk.get(kMe).json()["must_change_password"] == false);
        Response forced = t.admin.post(account("clerk"), Json{{"must_change_password", true}});
        REQUIRE(forced.status == 200);
        CHECK(forced.json()["must_change_password"] == true);
        // The open session is held at once, without being signed out.
        Response held = clerk.get(kDay2);
        CHECK(held.status == 403);
        CHECK(held.error() == "password_change_required");
        CHECK(clerk.get(kMe).json()["must_change_password"] == true);

        StaffClient tablet(t.server.port());
        Response signin = tablet.sign_in("clerk");
        REQUIRE(signin.status == 200);
        CHECK(signin.json()["must_change_password"] == true);
        CHECK(tablet.get(kDay2).error() == "password_change_required");
        CHECK(tablet
                  .post("/api/v1/staff/centres/test-centre/walk-ins",
                        Json{{"service", "race"}, {"priority", false}})
                  .error() == "password_change_required");
        CHECK(tablet.get(kMe).status == 200);
        CHECK(listed(t.admin, "clerk")["must_change_password"] == true);

        REQUIRE(tablet.post(kOwnPassword, Json{{"current", kPassword}, {"new", "my-own-pass-2026"}})
                    .status == 204);
        CHECK(tablet.get(kDay2).status == 200);
        CHECK(tablet.get(kMe).json()["must_change_password"] == false);
        CHECK(listed(t.admin, "clerk")["must_change_password"] == false);
        // Signing in later asks nothing more.
        StaffClient later(t.server.port());
        CHECK(later.sign_in("clerk", "my-own-pass-2026").json()["must_change_password"] == false);
    }

    TEST_CASE("an admin's password reset must be replaced at next sign-in; --create-admin's not") {
        StaffServer t;
        CHECK(t.admin.get(kMe).json()["must_change_password"] == false);
        REQUIRE(
            t.admin.post(account("far") + "/password", Json{{"password", "reset-2026-x"}}).status ==
            204);
        StaffClient far(t.server.port());
        Response signin = far.sign_in("far", "reset-2026-x");
        REQUIRE(signin.status == 200);
        CHECK(signin.json()["must_change_password"] == true);
        CHECK(far.get(kOtherDay).error() == "password_change_required");
        REQUIRE(far.post(kOwnPassword, Json{{"current", "reset-2026-x"}, {"new", "far-own-2026"}})
                    .status == 204);
        CHECK(far.get(kOtherDay).status == 200);
    }

    TEST_CASE("demo accounts must change their password on a server others can reach") {
        // On loopback behind a trusted proxy (docs/deploy.md), the public reaches it too.
        struct Setup {
            std::vector<std::string> flags;
            bool reachable;
        };
        for (const Setup& setup :
             {Setup{{"--host", "0.0.0.0"}, true}, Setup{{"--host", "127.0.0.1"}, false},
              Setup{{"--host", "127.0.0.1", "--trusted-proxy", "127.0.0.1/32"}, true}}) {
            CAPTURE(setup.flags.back());
            TempDir dir;
            std::vector<std::string> flags = {"--seed-demo", "--fast-password-hashing"};
            flags.insert(flags.end(), setup.flags.begin(), setup.flags.end());
            ServerProcess server(dir.database(), flags, dir.file("server.log"));
            const bool reachable = setup.reachable;
            for (const char* name : {"admin", "isa.supervisor", "isa.staff"}) {
                CAPTURE(name);
                StaffClient member(server.port());
                Response signin = member.sign_in(name, "mawid-demo-2026");
                REQUIRE(signin.status == 200);
                CHECK(signin.json()["must_change_password"] == reachable);
                CHECK(member.get("/api/v1/staff/centres/isa-town-service-centre/day").status ==
                      (reachable ? 403 : 200));
            }
        }
    }

    TEST_CASE("who handled each booking at the counter is recorded and shown in the day") {
        StaffServer t;
        std::string checked_in = t.book("race", slot_time(2, 8, 0), 1);
        std::string served = t.book("race", slot_time(2, 8, 15), 2);
        std::string cancelled = t.book("race", slot_time(2, 8, 30), 3);
        std::string moved = t.book("multi", slot_time(2, 9, 0), 4);
        std::string own = t.book("race", slot_time(2, 9, 15), 5);
        std::string untouched = t.book("race", slot_time(2, 9, 30), 6);
        StaffClient clerk = t.signed_in("clerk");
        StaffClient sup = t.signed_in("sup");
        auto act = [](const std::string& code, const char* what) {
            return "/api/v1/staff/bookings/" + code + "/" + what;
        };
        Json before = handled_by(clerk, kDay2);
        CHECK(before[checked_in].is_null());

        REQUIRE(clerk.post(act(checked_in, "check-in"), Json::object()).status == 200);
        REQUIRE(sup.post(act(served, "serve"), Json::object()).status == 200);
        REQUIRE(clerk.post(act(cancelled, "cancel"), Json::object()).status == 200);
        REQUIRE(sup.post(act(moved, "reschedule"), Json{{"start", slot_time(2, 11, 0)}}).status ==
                200);
        Json own_cancel = {{"cpr", cpr_for(5)}};
        REQUIRE(t.citizen.post("/api/v1/bookings/" + own + "/cancel", own_cancel.dump()).status ==
                200);
        Json body = booking_body("race", slot_time(2, 10, 0), 7);
        Response made = sup.post("/api/v1/staff/centres/test-centre/bookings", body);
        REQUIRE(made.status == 201);
        std::string for_citizen = made.json()["code"];
        // Repeating a done action changes nothing, not even who did it.
        REQUIRE(t.admin.post(act(checked_in, "check-in"), Json::object()).status == 200);

        Json after = handled_by(clerk, kDay2);
        CHECK(after[checked_in] == "clerk");
        CHECK(after[served] == "sup");
        CHECK(after[cancelled] == "clerk");
        CHECK(after[moved] == "sup");
        CHECK(after[for_citizen] == "sup");
        CHECK(after[own].is_null());  // the citizen cancelled it themselves
        CHECK(after[untouched].is_null());
        // A later action by someone else: the last to handle it is shown.
        REQUIRE(t.admin.post(act(checked_in, "serve"), Json::object()).status == 200);
        CHECK(handled_by(clerk, kDay2)[checked_in] == "root");
    }

    TEST_CASE("every account change is in the audit trail, by whom, with what changed") {
        StaffServer t;
        REQUIRE(t.admin.post(account("clerk"), Json{{"disabled", true}}).status == 200);
        REQUIRE(t.admin.post(account("clerk"), Json{{"disabled", false}}).status == 200);
        REQUIRE(
            t.admin.post(account("clerk"), Json{{"role", "supervisor"}, {"centre", "other-centre"}})
                .status == 200);
        REQUIRE(t.admin.post(account("far"), Json{{"must_change_password", true}}).status == 200);
        // One request, two kinds of change: two lines.
        REQUIRE(t.admin.post(account("sup"), Json{{"disabled", true}, {"role", "staff"}}).status ==
                200);
        // Nothing changed, nothing recorded; refused, nothing recorded.
        REQUIRE(t.admin.post(account("far"), Json{{"must_change_password", true}}).status == 200);
        REQUIRE(t.admin.post(account("root"), Json{{"disabled", true}}).status == 409);
        REQUIRE(t.admin.post(account("far"), Json{{"must_change_password", false}}).status == 200);

        std::vector<AccountAuditLine> rows = account_audit(t.dir.database());
        REQUIRE(rows.size() == 7);
        for (const AccountAuditLine& row : rows) CHECK(row.username == "root");
        CHECK(rows[0].action == "account_disabled");
        CHECK(rows[0].detail == "account clerk");
        CHECK(rows[0].centre == "test-centre");
        CHECK(rows[1].action == "account_enabled");
        CHECK(rows[2].action == "account_changed");
        CHECK(rows[2].detail ==
              "account clerk: role staff -> supervisor, centre test-centre -> other-centre");
        CHECK(rows[2].centre == "other-centre");
        CHECK(rows[3].action == "password_change_forced");
        CHECK(rows[3].detail == "account far");
        CHECK(rows[3].centre == "other-centre");
        CHECK(rows[4].action == "account_disabled");
        CHECK(rows[4].detail == "account sup");
        CHECK(rows[5].action == "account_changed");
        CHECK(rows[5].detail == "account sup: role supervisor -> staff");
        CHECK(rows[6].action == "account_changed");
        CHECK(rows[6].detail == "account far: password change no longer required");
    }
}  // TEST_SUITE
