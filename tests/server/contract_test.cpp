// The API's contract (docs/openapi.yaml) served at GET /api/v1/openapi.json, and held to
// the server's route table: a route added without its contract, or a contract path no
// route answers, fails here. The answers themselves are checked against the contract by
// tests/contract/check.mjs over everything these suites receive (scripts/test.sh).
#include <doctest/doctest.h>

#include <set>

#include "fixture.hpp"
#include "http/routes.hpp"

using namespace mawid::test;

TEST_SUITE("contract") {

TEST_CASE("the contract is served as JSON and lists exactly the routes the server has") {
    TestServer t;
    Response r = t.client.get("/api/v1/openapi.json");
    REQUIRE(r.status == 200);
    CHECK(r.header("content-type").rfind("application/json", 0) == 0);
    Json doc = r.json();
    CHECK(doc["openapi"] == "3.1.0");
    // The catalogue's schema (docs/catalog.schema.json) is inlined: the document stands alone.
    CHECK(doc["components"]["schemas"]["Catalog"]["$id"] ==
          "https://mawid.bh/schemas/catalog.schema.json");

    std::set<std::string> routed;
    for (std::size_t i = 0; i < mawid::server::route_count(); ++i) {
        std::string route(mawid::server::route_name(i));
        if (route == "/api/{other}" || route == "/{static}") continue;  // not routes of their own
        routed.insert(route);
        CHECK_MESSAGE(doc["paths"].contains(route), "routed but not in the contract: " << route);
    }
    for (const auto& [path, item] : doc["paths"].items()) {
        CHECK_MESSAGE(routed.count(path) == 1, "in the contract but not routed: " << path);
    }
}

TEST_CASE("the contract is read with GET only") {
    TestServer t;
    Response r = t.client.post("/api/v1/openapi.json", "{}");
    CHECK(r.status == 405);
    CHECK(r.error() == "method_not_allowed");
    CHECK(r.header("allow") == "GET");
}

}  // TEST_SUITE
