// Lists that stay small, against the real server: the account list, the day view and the
// stranded list answer a page at a time, and following `next_after` gives every row once,
// in the same order as one long page.
#include <doctest/doctest.h>

#include <set>

#include "staff_fixture.hpp"

using namespace mawid::test;

namespace {

const std::string kStranded = "/api/v1/staff/centres/test-centre/stranded";

// `url` plus a query parameter, with ? or & as the url needs.
std::string with_param(const std::string& url, const std::string& param) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") + param;
}

// Every page of `url` at `limit` rows, following next_after to the end.
std::vector<Json> all_pages(StaffClient& client, const std::string& url, int limit) {
    std::vector<Json> pages;
    std::string after;
    for (int guard = 0; guard < 50; ++guard) {
        std::string target = with_param(url, "limit=" + std::to_string(limit));
        if (!after.empty()) target = with_param(target, "after=" + after);
        Response r = client.get(target);
        REQUIRE_MESSAGE(r.status == 200, r.body);
        pages.push_back(r.json());
        if (pages.back()["next_after"].is_null()) return pages;
        after = pages.back()["next_after"].get<std::string>();
    }
    FAIL("next_after never ended");
    return pages;
}

// The `field` of every row of `member` across the pages, in order.
std::vector<std::string> rows_of(const std::vector<Json>& pages, const std::string& member,
                                 const std::string& field) {
    std::vector<std::string> values;
    for (const Json& page : pages) {
        for (const Json& row : page[member]) values.push_back(row[field]);
    }
    return values;
}

}  // namespace

TEST_SUITE("paging") {
    TEST_CASE("the account list pages by name; a name added meanwhile neither repeats nor hides") {
        StaffServer t;
        for (const char* name : {"nadia", "omar", "yusuf"}) t.add_user(name, "staff", "test-centre");
        Response whole = t.admin.get("/api/v1/staff/users");
        REQUIRE(whole.status == 200);
        CHECK(whole.json()["next_after"].is_null());
        const std::vector<std::string> everyone = rows_of({whole.json()}, "users", "username");
        CHECK(everyone ==
              std::vector<std::string>{"clerk", "far", "nadia", "omar", "root", "sup", "yusuf"});

        Response first = t.admin.get("/api/v1/staff/users?limit=3");
        REQUIRE(first.status == 200);
        CHECK(rows_of({first.json()}, "users", "username") ==
              std::vector<std::string>{"clerk", "far", "nadia"});
        CHECK(first.json()["next_after"] == "nadia");
        t.add_user("adel", "staff", "test-centre");  // sorts before the page already read
        Response rest = t.admin.get("/api/v1/staff/users?limit=3&after=nadia");
        CHECK(rows_of({rest.json()}, "users", "username") ==
              std::vector<std::string>{"omar", "root", "sup"});
        CHECK(rest.json()["next_after"] == "sup");
        Response last = t.admin.get("/api/v1/staff/users?limit=3&after=sup");
        CHECK(rows_of({last.json()}, "users", "username") == std::vector<std::string>{"yusuf"});
        CHECK(last.json()["next_after"].is_null());

        for (const char* bad : {"limit=0", "limit=1001", "limit=ten", "limit=-2"}) {
            Response r = t.admin.get(std::string("/api/v1/staff/users?") + bad);
            CHECK_MESSAGE(r.status == 400, bad);
            CHECK(r.json()["field"] == "limit");
        }
        Response bad_after = t.admin.get("/api/v1/staff/users?after=Not%20a%20name");
        CHECK(bad_after.status == 400);
        CHECK(bad_after.json()["field"] == "after");
    }

    TEST_CASE("the day pages in its order; counts are the whole day's; tickets come first") {
        StaffServer t;
        // Three at 08:00 (two services), two at 09:00, one cancelled: seven rows in all.
        std::vector<std::string> made = {
            t.book("race", slot_time(1, 8, 0), 1),  t.book("race", slot_time(1, 8, 0), 2),
            t.book("multi", slot_time(1, 8, 0), 3), t.book("race", slot_time(1, 9, 0), 4),
            t.book("multi", slot_time(1, 9, 0), 5), t.book("race", slot_time(1, 10, 0), 6),
            t.book("race", slot_time(1, 11, 0), 7)};
        Json cancel = {{"cpr", cpr_for(7)}};
        REQUIRE(t.citizen.post("/api/v1/bookings/" + made[6] + "/cancel", cancel.dump()).status ==
                200);
        StaffClient clerk = t.signed_in("clerk");
        REQUIRE(clerk.post("/api/v1/staff/centres/test-centre/walk-ins", Json{{"service", "race"}})
                    .status == 201);
        const std::string today = "/api/v1/staff/centres/test-centre/day";

        Response whole = clerk.get(today);
        REQUIRE(whole.status == 200);
        CHECK(whole.json()["next_after"].is_null());
        const std::vector<std::string> order = rows_of({whole.json()}, "bookings", "code");
        REQUIRE(order.size() == 7);
        CHECK(std::set<std::string>(order.begin(), order.end()) ==
              std::set<std::string>(made.begin(), made.end()));

        std::vector<Json> pages = all_pages(clerk, today, 3);
        REQUIRE(pages.size() == 3);
        CHECK(rows_of(pages, "bookings", "code") == order);
        const Json counts = {
            {"booked", 6}, {"checked_in", 0}, {"served", 0}, {"no_show", 0}, {"cancelled", 1}};
        for (const Json& page : pages) CHECK(page["counts"] == counts);
        CHECK(pages[0]["walk_ins"].size() == 1);
        CHECK(pages[0]["queue"].size() == 1);
        CHECK(pages[1]["walk_ins"].empty());
        CHECK(pages[2]["walk_ins"].empty());
        CHECK(pages[2]["bookings"].size() == 1);

        // A booking made behind the cursor is not listed again; one ahead of it is listed.
        Response first = clerk.get(today + "?limit=3");
        const std::string after = first.json()["next_after"];
        std::string late = t.book("race", slot_time(1, 12, 0), 8);
        std::vector<std::string> rest = rows_of(all_pages(clerk, today + "?after=" + after, 3),
                                                "bookings", "code");
        CHECK(rest == std::vector<std::string>{order[3], order[4], order[5], order[6], late});

        for (const char* bad : {"after=garbage", "after=1764561600.K7M4QX9TZ", "after=.x.y"}) {
            Response r = clerk.get(today + "?" + bad);
            CHECK_MESSAGE(r.status == 400, bad);
            CHECK(r.json()["field"] == "after");
        }
        CHECK(clerk.get(kDay2 + "&limit=5000").json()["field"] == "limit");
    }

    TEST_CASE("the stranded list pages in the order staff work through it") {
        StaffServer t;
        std::vector<std::string> made;
        for (int i = 0; i < 5; ++i) {
            made.push_back(t.book(i % 2 ? "multi" : "race", slot_time(3, 8 + i, 0), i + 1));
        }
        StaffClient sup = t.signed_in("sup");
        Json closure = {{"from", "2026-12-03"}, {"to", "2026-12-03"}};
        REQUIRE(sup.post("/api/v1/staff/centres/test-centre/closures", closure).status == 200);

        Response whole = sup.get(kStranded);
        REQUIRE(whole.status == 200);
        CHECK(whole.json()["next_after"].is_null());
        CHECK(rows_of({whole.json()}, "stranded", "code") == made);
        std::vector<Json> pages = all_pages(sup, kStranded, 2);
        CHECK(pages.size() == 3);
        CHECK(rows_of(pages, "stranded", "code") == made);
        for (const Json& page : pages) CHECK(page["version"] == whole.json()["version"]);
        CHECK(sup.get(kStranded + "?after=nonsense").json()["field"] == "after");
    }
}
