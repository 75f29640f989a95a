// Notices that staff actions cause: a closure or a change of hours that strands bookings
// tells each citizen once, with a link back to the app on the same centre and service; a
// walk-in ticket with a phone is told when its turn is near.
#include <doctest/doctest.h>

#include <algorithm>

#include "sms_gateway.hpp"
#include "staff_fixture.hpp"

using namespace mawid::test;

namespace {

const std::string kClosures = "/api/v1/staff/centres/test-centre/closures";
const std::string kLink = "https://mawid.example.bh/?c=test-centre&s=";

// The texts the gateway took that mention `needle`.
std::vector<std::string> texts_with(StandInGateway& gateway, const std::string& needle) {
    std::vector<std::string> texts;
    for (const auto& sms : gateway.accepted()) {
        const std::string& body = sms.form.at("Body");
        if (body.find(needle) != std::string::npos) texts.push_back(body);
    }
    return texts;
}

Json closure(const std::string& from, const std::string& to) {
    return {{"from", from}, {"to", to}, {"name", {{"en", "Water leak"}, {"ar", "تسرب مياه"}}}};
}

}  // namespace

TEST_SUITE("notices") {
    TEST_CASE("a closure tells each stranded booking once, with a link to choose a new time") {
        StandInGateway gateway;
        StaffServer t({"--sms-gateway", gateway.url(), "--public-url", "https://mawid.example.bh/"});
        std::string first = t.book("race", slot_time(3, 9, 0), 1);
        std::string second = t.book("multi", slot_time(3, 10, 0), 2);
        std::string next_day = t.book("race", slot_time(4, 9, 0), 3);
        std::string cancelled = t.book("race", slot_time(3, 11, 0), 4);
        REQUIRE(t.citizen.post("/api/v1/bookings/" + cancelled + "/cancel",
                               Json{{"cpr", cpr_for(4)}}.dump()).status == 200);
        // Four confirmations and a cancellation.
        REQUIRE(gateway.wait_for_accepted(5, 30));

        StaffClient sup = t.signed_in("sup");
        Json dry = closure("2026-12-03", "2026-12-03");
        dry["dry_run"] = true;
        REQUIRE(sup.post(kClosures, dry).status == 200);
        REQUIRE(sup.post(kClosures, closure("2026-12-03", "2026-12-03")).status == 200);
        REQUIRE(gateway.wait_for_accepted(7, 30));
        // A wider closure over the same day strands the next day's booking too; the two
        // stranded already were told and are not told again.
        REQUIRE(sup.post(kClosures, closure("2026-12-03", "2026-12-04")).status == 200);
        REQUIRE(gateway.wait_for_accepted(8, 30));

        std::vector<std::string> notices = texts_with(gateway, kLink);
        CHECK(notices.size() == 3);
        for (const std::string& code : {first, second, next_day}) {
            std::vector<std::string> told = texts_with(gateway, "appointment " + code);
            CAPTURE(code);
            REQUIRE(told.size() == 1);
            CHECK(told[0].find("can no longer go ahead") != std::string::npos);
        }
        CHECK(texts_with(gateway, kLink + "race").size() == 2);
        CHECK(texts_with(gateway, kLink + "multi").size() == 1);
        // The notice names the service, the centre and the time that cannot go ahead.
        CHECK(texts_with(gateway, "Test race at Centre test-centre, 2026-12-03 09:00, can no")
                  .size() == 1);
        // A booking cancelled before the closure has its confirmation and cancellation only.
        CHECK(texts_with(gateway, cancelled).size() == 2);
        CHECK(t.log().find("36001234") == std::string::npos);
    }
}
