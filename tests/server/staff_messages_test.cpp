// What staff see of messages: per booking in the day view, whether its messages were
// delivered, failed or are pending (the worst of every channel wins), and for admins the
// outbox's health. The real server against the stand-in gateway on loopback.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "sms_gateway.hpp"
#include "smtp_sink.hpp"
#include "staff_fixture.hpp"

using namespace mawid::test;

namespace {

const std::string kHealth = "/api/v1/staff/outbox";

std::vector<std::string> gateway_flags(const StandInGateway& gateway, int retry_seconds) {
    return {"--sms-gateway", gateway.url(), "--message-retry-seconds",
            std::to_string(retry_seconds)};
}

// The day view's row of `code` (null when it is not listed).
Json day_row(StaffClient& staff, const std::string& code) {
    Response r = staff.get(kDay2);
    REQUIRE(r.status == 200);
    Json body = r.json();
    for (const Json& row : body["bookings"]) {
        if (row["code"] == code) return row;
    }
    return nullptr;
}

// The row of `code` once its "messages" is `want`, or as it is after 30 s.
Json row_once(StaffClient& staff, const std::string& code, const std::string& want) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    Json row = day_row(staff, code);
    while (row.value("messages", "") != want && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        row = day_row(staff, code);
    }
    return row;
}

// The outbox's health once `field` is `want`, or as it is after 30 s.
Json health_once(StaffClient& admin, const std::string& field, int want) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    Json health;
    do {
        Response r = admin.get(kHealth);
        REQUIRE(r.status == 200);
        health = r.json();
        if (health[field] == want) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } while (std::chrono::steady_clock::now() < deadline);
    return health;
}

}  // namespace

TEST_SUITE("staff_messages") {
    TEST_CASE("the day view shows per booking whether its messages were delivered or failed") {
        StandInGateway gateway;
        gateway.plan({400});  // the first message is refused for good, the rest taken
        SmtpSink mail({"550 5.1.1 Mailbox unavailable"});  // the one e-mail refused for good
        auto flags = gateway_flags(gateway, 60);
        flags.insert(flags.end(), {"--smtp", mail.url()});
        StaffServer s(flags);
        std::string refused = s.book("multi", slot_time(2, 9, 0), 1);
        REQUIRE(gateway.wait_for_requests(1, 30));
        std::string taken = s.book("multi", slot_time(2, 10, 0), 2);
        StaffClient clerk = s.signed_in("clerk");

        Json failed = row_once(clerk, refused, "failed");
        CHECK(failed["messages"] == "failed");
        CHECK(failed["message_channels"] == Json{{"sms", "failed"}});
        Json delivered = row_once(clerk, taken, "delivered");
        CHECK(delivered["messages"] == "delivered");
        CHECK(delivered["message_channels"] == Json{{"sms", "delivered"}});

        // Another channel's failure is the booking's too: the worst state wins.
        Json with_mail = booking_body("multi", slot_time(2, 11, 0), 3);
        with_mail["email"] = "nobody@example.com";
        Response mailed = s.citizen.post("/api/v1/bookings", with_mail.dump());
        REQUIRE(mailed.status == 201);
        Json both = row_once(clerk, mailed.json()["code"], "failed");
        CHECK(both["messages"] == "failed");
        CHECK(both["message_channels"] == Json{{"email", "failed"}, {"sms", "delivered"}});

        // The admins' figures: two failed and two sent in the last hour, nothing waiting.
        Json health = health_once(s.admin, "sent_last_hour", 2);
        CHECK(health["failed_last_hour"] == 2);
        CHECK(health["sent_last_hour"] == 2);
        CHECK(health["due"] == 0);
        CHECK(health["retrying"] == 0);
        CHECK(health["oldest_due_seconds"] == 0);
        CHECK(health["attention"] == true);  // something failed in the last hour
    }

    TEST_CASE("a gateway that answers 503 leaves the message pending and retrying") {
        StandInGateway gateway;
        gateway.plan({503});
        // The retry is due in 30-90 s: well after this test has looked.
        StaffServer s(gateway_flags(gateway, 60));
        std::string code = s.book("multi", slot_time(2, 9, 0), 1);
        REQUIRE(gateway.wait_for_requests(1, 30));
        Json health = health_once(s.admin, "retrying", 1);
        CHECK(health["retrying"] == 1);
        CHECK(health["due"] == 0);  // not due again until its retry
        CHECK(health["failed_last_hour"] == 0);
        CHECK(health["sent_last_hour"] == 0);
        CHECK(health["attention"] == false);
        StaffClient clerk = s.signed_in("clerk");
        Json row = day_row(clerk, code);
        CHECK(row["messages"] == "pending");
        CHECK(row["message_channels"] == Json{{"sms", "pending"}});
    }

    TEST_CASE("a message the gateway has not answered yet is due, not retrying") {
        StandInGateway gateway;
        gateway.plan({StandInGateway::kHold});
        StaffServer s(gateway_flags(gateway, 60));
        std::string code = s.book("multi", slot_time(2, 9, 0), 1);
        REQUIRE(gateway.wait_for_requests(1, 30));
        Response r = s.admin.get(kHealth);
        REQUIRE(r.status == 200);
        CHECK(r.json()["due"] == 1);
        CHECK(r.json()["retrying"] == 0);
        CHECK(r.json()["oldest_due_seconds"] == 0);  // due at --now, which stands still
        StaffClient clerk = s.signed_in("clerk");
        CHECK(day_row(clerk, code)["messages"] == "pending");
        gateway.release();
        CHECK(row_once(clerk, code, "delivered")["messages"] == "delivered");
        CHECK(health_once(s.admin, "due", 0)["due"] == 0);
    }

    TEST_CASE("only admins see the outbox's health, and it names nobody") {
        StandInGateway gateway;
        gateway.plan({400});
        StaffServer s(gateway_flags(gateway, 60));
        std::string code = s.book("multi", slot_time(2, 9, 0), 1);
        Json health = health_once(s.admin, "failed_last_hour", 1);
        CHECK(health["failed_last_hour"] == 1);
        Response r = s.admin.get(kHealth);
        CHECK(r.body.find(code) == std::string::npos);
        CHECK(r.body.find("+973") == std::string::npos);
        CHECK(r.body.find("gateway answered") == std::string::npos);  // nor the reasons

        StaffClient clerk = s.signed_in("clerk");
        StaffClient sup = s.signed_in("sup");
        CHECK(clerk.get(kHealth).status == 403);
        CHECK(clerk.get(kHealth).error() == "forbidden");
        CHECK(sup.get(kHealth).status == 403);
        StaffClient nobody(s.server.port());
        CHECK(nobody.get(kHealth).status == 401);
        CHECK(s.admin.post(kHealth, Json::object()).status == 405);
    }
}
