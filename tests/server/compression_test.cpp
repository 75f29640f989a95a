// Compressed API answers (gzip when the client accepts it), their ETags and 304s: the
// catalogue per version, availability per state of its seats.
#include <doctest/doctest.h>

#include <mawid/codec.hpp>

#include "fixture.hpp"
#include "staff_fixture.hpp"

using namespace mawid::test;

namespace {

const std::string kMonth =
    "/api/v1/availability?centre=test-centre&service=race&from=2026-12-02&days=30";
const std::vector<std::pair<std::string, std::string>> kGzip = {
    {"Accept-Encoding", "gzip, deflate, br"}};

// The JSON a client reads from an answer, gzip or not.
Json decoded(const Response& r) {
    return Json::parse(r.header("content-encoding") == "gzip" ? gunzip(r.body) : r.body);
}

}  // namespace

TEST_SUITE("compression") {
    TEST_CASE("the catalogue: gzip decodes to the same JSON, its own ETag, 304 for either") {
        TestServer t;
        Response plain = t.client.get("/api/v1/catalog");
        Response packed = t.client.get("/api/v1/catalog", kGzip);
        REQUIRE(plain.status == 200);
        REQUIRE(packed.status == 200);
        CHECK(plain.header("content-encoding").empty());
        CHECK(packed.header("content-encoding") == "gzip");
        CHECK(packed.body.substr(0, 2) == "\x1f\x8b");
        CHECK(packed.body.size() < plain.body.size() / 2);
        CHECK(decoded(packed) == Json::parse(plain.body));
        CHECK(plain.header("vary") == "Accept-Encoding");
        CHECK(packed.header("vary") == "Accept-Encoding");
        CHECK(packed.header("cache-control") == "no-cache");
        CHECK(plain.header("etag") == "\"test-1\"");
        CHECK(packed.header("etag") == "\"test-1-gz\"");

        auto with_tag = kGzip;
        with_tag.emplace_back("If-None-Match", packed.header("etag"));
        Response again = t.client.get("/api/v1/catalog", with_tag);
        CHECK(again.status == 304);
        CHECK(again.body.empty());
        CHECK(again.header("etag") == "\"test-1-gz\"");
        CHECK(again.header("vary") == "Accept-Encoding");
        CHECK(again.header("cache-control") == "no-cache");
        CHECK(t.client.get("/api/v1/catalog", {{"If-None-Match", plain.header("etag")}}).status ==
              304);
        // A tag of the other encoding names other bytes: the whole answer again.
        CHECK(t.client.get("/api/v1/catalog", {{"If-None-Match", packed.header("etag")}}).status ==
              200);
    }

    TEST_CASE("no gzip unless accepted: absent, q=0, identity; accepted with q>0 or *") {
        TestServer t;
        auto encoding = [&](const std::string& accept) {
            return t.client.get(kMonth, {{"Accept-Encoding", accept}}).header("content-encoding");
        };
        CHECK(t.client.get(kMonth).header("content-encoding").empty());
        CHECK(encoding("gzip;q=0").empty());
        CHECK(encoding("gzip; q=0.0, deflate").empty());
        CHECK(encoding("identity").empty());
        CHECK(encoding("br, *;q=0.5, gzip;q=0").empty());
        CHECK(encoding("br;q=1.0, gzip;q=0.5") == "gzip");
        CHECK(encoding("GZIP") == "gzip");
        CHECK(encoding("*") == "gzip");
        CHECK(t.client.get("/api/v1/catalog", {{"Accept-Encoding", "gzip;q=0"}})
                  .header("content-encoding")
                  .empty());
    }

    TEST_CASE("availability: gzip decodes to the same JSON; ETag, no-store and 304") {
        TestServer t;
        Response plain = t.client.get(kMonth);
        Response packed = t.client.get(kMonth, kGzip);
        REQUIRE(plain.status == 200);
        REQUIRE(packed.status == 200);
        CHECK(packed.header("content-encoding") == "gzip");
        CHECK(packed.body.size() * 5 < plain.body.size());
        CHECK(decoded(packed) == Json::parse(plain.body));
        CHECK(packed.header("vary") == "Accept-Encoding");
        CHECK(plain.header("vary") == "Accept-Encoding");
        CHECK(packed.header("cache-control") == "no-store");
        REQUIRE(!plain.header("etag").empty());
        CHECK(packed.header("etag") != plain.header("etag"));

        auto with_tag = kGzip;
        with_tag.emplace_back("If-None-Match", packed.header("etag"));
        Response again = t.client.get(kMonth, with_tag);
        CHECK(again.status == 304);
        CHECK(again.body.empty());
        CHECK(again.header("etag") == packed.header("etag"));
        CHECK(again.header("cache-control") == "no-store");
        CHECK(again.header("vary") == "Accept-Encoding");
        CHECK(t.client.get(kMonth, {{"If-None-Match", plain.header("etag")}}).status == 304);
        // Another range is another answer with another tag.
        std::string week =
            "/api/v1/availability?centre=test-centre&service=race&from=2026-12-02&days=7";
        CHECK(t.client.get(week, {{"If-None-Match", plain.header("etag")}}).status == 200);
    }

    TEST_CASE("availability's ETag changes when a booking takes a seat and when it is freed") {
        TestServer t;
        Response before = t.client.get(kMonth, kGzip);
        REQUIRE(before.status == 200);
        Response booked = t.book("race", slot_time(2, 7, 0), 1);
        REQUIRE(booked.status == 201);
        auto asking = [&](const Response& seen) {
            auto headers = kGzip;
            headers.emplace_back("If-None-Match", seen.header("etag"));
            return t.client.get(kMonth, headers);
        };
        Response after = asking(before);
        REQUIRE(after.status == 200);  // never a 304 that would show the taken seat as free
        CHECK(after.header("etag") != before.header("etag"));
        CHECK(decoded(after)["slots"][0]["free"] ==
              decoded(before)["slots"][0]["free"].get<int>() - 1);
        CHECK(asking(after).status == 304);

        std::string code = booked.json()["code"];
        REQUIRE(
            t.client.post("/api/v1/bookings/" + code + "/cancel", Json{{"cpr", cpr_for(1)}}.dump())
                .status == 200);
        Response freed = asking(after);
        REQUIRE(freed.status == 200);
        CHECK(freed.header("etag") != after.header("etag"));
        CHECK(decoded(freed)["slots"][0]["free"] == decoded(before)["slots"][0]["free"]);
    }

    TEST_CASE("other JSON answers: large ones compressed, tiny ones and errors sent plain") {
        TestServer t;
        Response spec = t.client.get("/api/v1/openapi.json", kGzip);
        REQUIRE(spec.status == 200);
        CHECK(spec.header("content-encoding") == "gzip");
        CHECK(spec.header("vary") == "Accept-Encoding");
        CHECK(decoded(spec).contains("paths"));
        Response health = t.client.get("/healthz", kGzip);
        CHECK(health.header("content-encoding").empty());
        CHECK(health.header("vary").empty());
        CHECK(health.json()["status"] == "ok");
        Response missing = t.client.get(
            "/api/v1/availability?centre=nowhere&service=race&from=2026-12-02&days=30", kGzip);
        CHECK(missing.status == 404);
        CHECK(missing.header("content-encoding").empty());
        CHECK(missing.error() == "unknown_centre");
        // A booking's acknowledgement is small: sent as it is.
        Response booked = t.book("race", slot_time(2, 7, 15), 2, kGzip);
        CHECK(booked.status == 201);
        CHECK(booked.header("content-encoding").empty());
    }

    TEST_CASE("a catalogue change gives the catalogue and availability new ETags") {
        StaffServer t;
        const std::string day =
            "/api/v1/availability?centre=test-centre&service=race&from=2026-12-02&days=1";
        Response catalog = t.citizen.get("/api/v1/catalog", kGzip);
        Response before = t.citizen.get(day, kGzip);
        REQUIRE(before.status == 200);
        CHECK(catalog.header("etag") == "\"test-1-gz\"");

        // A closure on a day this answer does not cover: its slots stay as they were.
        Json closure = {{"from", "2026-12-20"},
                        {"to", "2026-12-20"},
                        {"name", {{"en", "Water leak"}, {"ar", "تسرب مياه"}}}};
        REQUIRE(
            t.signed_in("sup").post("/api/v1/staff/centres/test-centre/closures", closure).status ==
            200);
        auto asking = [&](const std::string& target, const Response& seen) {
            auto headers = kGzip;
            headers.emplace_back("If-None-Match", seen.header("etag"));
            return t.citizen.get(target, headers);
        };
        Response new_catalog = asking("/api/v1/catalog", catalog);
        CHECK(new_catalog.status == 200);
        CHECK(new_catalog.header("etag") == "\"test-1-r1-gz\"");
        CHECK(decoded(new_catalog)["version"] == "test-1-r1");
        Response after = asking(day, before);
        CHECK(after.status == 200);
        CHECK(after.header("etag") != before.header("etag"));
        CHECK(decoded(after) == decoded(before));
    }
}
