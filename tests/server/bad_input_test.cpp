// Broken, hostile and odd input: always a clean 4xx, the server stays up, data unchanged.
#include <doctest/doctest.h>

#include "fixture.hpp"

using namespace mawid::test;

namespace {

// Sends raw bytes on a fresh connection and returns the response, if any came.
std::optional<Response> raw(int port, const std::string& bytes, bool close_write = false) {
    Client client(port);
    client.send_raw(bytes);
    if (close_write) client.shutdown_write();
    try {
        return client.read_response();
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::string post_head(const std::string& target, std::size_t length) {
    return "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
           "Content-Length: " + std::to_string(length) + "\r\n\r\n";
}

}  // namespace

TEST_SUITE("bad_input") {
    TEST_CASE("a body that is not application/json -> 415, for citizens and staff alike") {
        TestServer t;
        int port = t.server.port();
        const std::string booking = booking_body("race", slot_time(2, 9, 0), 7).dump();
        auto post_as = [&](const std::string& target, const std::string& type,
                           const std::string& body) {
            return raw(port, "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Type: " + type +
                                 "\r\nContent-Length: " + std::to_string(body.size()) +
                                 "\r\nConnection: close\r\n\r\n" + body);
        };
        // What a form on another site can send without the browser asking first.
        for (const char* type : {"text/plain", "application/x-www-form-urlencoded",
                                 "multipart/form-data; boundary=x", "application/jsonx"}) {
            CAPTURE(type);
            auto r = post_as("/api/v1/bookings", type, booking);
            REQUIRE(r);
            CHECK(r->status == 415);
            CHECK(r->error() == "unsupported_media_type");
        }
        auto staff = post_as("/api/v1/staff/sign-in", "text/plain",
                             R"({"username": "admin", "password": "x"})");
        REQUIRE(staff);
        CHECK(staff->status == 415);
        CHECK(t.free_at("race", slot_time(2, 9, 0)) == kRaceCapacity);  // nothing booked
        // The type in any case, with parameters, is JSON.
        auto ok = post_as("/api/v1/bookings", "Application/JSON; charset=utf-8", booking);
        REQUIRE(ok);
        CHECK(ok->status == 201);
    }

    TEST_CASE("oversized, truncated and malformed requests") {
        TestServer t;
        int port = t.server.port();

        SUBCASE("a body announced over 16 KiB is refused with 413 before it is sent") {
            auto r = raw(port, post_head("/api/v1/bookings", 100000));
            REQUIRE(r);
            CHECK(r->status == 413);
            CHECK(r->error() == "payload_too_large");
        }
        SUBCASE("a body just over 16 KiB, actually sent, is 413") {
            std::string body = "{\"centre\": \"" + std::string(16 * 1024, 'a') + "\"}";
            auto r = raw(port, post_head("/api/v1/bookings", body.size()) + body);
            REQUIRE(r);
            CHECK(r->status == 413);
        }
        SUBCASE("a chunked body over 16 KiB is 413 too") {
            std::string chunk(20000, 'a');
            char size[16];
            std::snprintf(size, sizeof size, "%zx", chunk.size());
            auto r = raw(
                port,
                "POST /api/v1/bookings HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                    std::string(size) + "\r\n" + chunk + "\r\n0\r\n\r\n");
            REQUIRE(r);
            CHECK(r->status == 413);
        }
        SUBCASE("headers over 8 KiB are 431") {
            auto r =
                raw(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(9000, 'b') +
                              "\r\n\r\n");
            REQUIRE(r);
            CHECK(r->status == 431);
            CHECK(r->error() == "bad_request");
            CHECK(!r->json().contains("field"));
        }
        SUBCASE("a truncated body gets a 400 or a closed connection, never a booking") {
            std::string body = booking_body("race", slot_time(2, 9, 0), 1).dump();
            auto r =
                raw(port, post_head("/api/v1/bookings", body.size()) + body.substr(0, 20), true);
            if (r) CHECK(r->status == 400);
            CHECK(t.free_at("race", slot_time(2, 9, 0)) == kRaceCapacity);
        }
        SUBCASE("a transfer coding other than chunked or a coded body is refused unread") {
            const std::string lookup = R"({"code": "22222222A", "cpr": "880112345"})";
            for (const char* coding : {"xchunked", "gzip, chunked", "identity"}) {
                CAPTURE(coding);
                auto r = raw(port, "POST /api/v1/bookings/lookup HTTP/1.1\r\nHost: x\r\n"
                                   "Content-Type: application/json\r\nTransfer-Encoding: " +
                                       std::string(coding) + "\r\nContent-Length: " +
                                       std::to_string(lookup.size()) + "\r\n\r\n" + lookup);
                REQUIRE(r);
                CHECK(r->status == 400);
                CHECK(r->error() == "bad_request");
            }
            // Without a Content-Length its body would be read as a second request: refused,
            // and the connection closed before anything after it is read.
            Client smuggler(port);
            smuggler.send_raw("POST /api/v1/bookings/lookup HTTP/1.1\r\nHost: x\r\n"
                              "Content-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n"
                              "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            auto refused = smuggler.read_response();
            REQUIRE(refused);
            CHECK(refused->status == 400);
            CHECK(refused->body.find("chunked") != std::string::npos);
            std::optional<Response> second;
            try {
                second = smuggler.read_response();
            } catch (const std::exception&) {
            }
            CHECK_FALSE(second);
            std::string body = booking_body("race", slot_time(2, 9, 0), 3).dump();
            auto coded = raw(port, "POST /api/v1/bookings HTTP/1.1\r\nHost: x\r\n"
                                   "Content-Type: application/json\r\nContent-Encoding: gzip\r\n"
                                   "Content-Length: " +
                                       std::to_string(body.size()) + "\r\n\r\n" + body);
            REQUIRE(coded);
            CHECK(coded->status == 415);
            CHECK(coded->error() == "unsupported_media_type");
            CHECK(t.free_at("race", slot_time(2, 9, 0)) == kRaceCapacity);
        }
        SUBCASE("HTTP/1.1 needs one Host; HTTP/1.0 may have none; an absolute target is routed") {
            auto none = raw(port, "GET /healthz HTTP/1.1\r\n\r\n");
            REQUIRE(none);
            CHECK(none->status == 400);
            auto two = raw(port, "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
            REQUIRE(two);
            CHECK(two->status == 400);
            auto old = raw(port, "GET /healthz HTTP/1.0\r\n\r\n");
            REQUIRE(old);
            CHECK(old->status == 200);
            auto absolute =
                raw(port, "GET http://mawid.example/api/v1/catalog HTTP/1.1\r\nHost: x\r\n\r\n");
            REQUIRE(absolute);
            CHECK(absolute->status == 200);
            CHECK(absolute->json().contains("centres"));
        }
        SUBCASE("one empty line before a request is ignored (RFC 9112), more are not") {
            auto blank = raw(port, "\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            REQUIRE(blank);
            CHECK(blank->status == 200);
            auto two = raw(port, "\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            REQUIRE(two);
            CHECK(two->status == 400);
            // A body followed by a CRLF it did not count, on a connection kept open: the
            // next request is answered, whether the CRLF comes with it or alone before it.
            Client client(port);
            const std::string lookup = R"({"code": "ABC-DEF-234", "cpr": "100000001"})";
            client.send_raw(post_head("/api/v1/bookings/lookup", lookup.size()) + lookup + "\r\n");
            auto first = client.read_response();
            REQUIRE(first);
            CHECK(first->status == 404);
            client.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            auto second = client.read_response();
            REQUIRE(second);
            CHECK(second->status == 200);
            client.send_raw("\r\n");
            CHECK(client.get("/healthz").status == 200);
        }
        SUBCASE("garbage instead of HTTP is 400") {
            auto r = raw(port, "HELLO THERE\r\n\r\n");
            if (r) CHECK(r->status == 400);
            auto nul = raw(port, std::string("GET /\0 HTTP/1.1\r\n\r\n", 19));
            if (nul) CHECK(nul->status == 400);
        }
        CHECK(server_alive(port));
    }

    TEST_CASE("JSON that is broken, mistyped or strange") {
        TestServer t;
        const std::string start = slot_time(2, 9, 0);
        Json good = booking_body("race", start, 1);
        std::vector<std::string> bodies = {
            "",
            "{",
            "{\"centre\": \"test-centre\",}",
            "null",
            "\"a string\"",
            "[" + std::string(8000, '['),
            std::string(8000, '[') + std::string(8000, ']'),
            "{\"centre\": \"test-\xff\xfe\", \"service\": \"race\"}",
            "{\"\xc3\x28\": 1}",
            "{\"centre\": 1e999999}",
            "{\"centre\": 123456789012345678901234567890}",
            "{\"centre\": \"test-centre\", \"service\": \"race\", \"start\": "
            "\"2026-12-02T09:00:00+03:00\","
            " \"cpr\": 880112345, \"phone\": \"+97336001234\"}",
            "{\"centre\": null, \"service\": \"race\"}",
            "{\"centre\": [\"test-centre\"], \"service\": \"race\"}",
        };
        for (const char* field : {"centre", "service", "start", "cpr", "phone", "lang"}) {
            for (Json wrong : {Json(5), Json(true), Json::array(), Json::object(), Json(nullptr),
                               Json(1e308), Json(-1)}) {
                Json body = good;
                body[field] = wrong;
                bodies.push_back(body.dump());
            }
        }
        for (const char* start_text :
             {"2026-02-30T09:00:00+03:00", "99999-12-02T09:00:00+03:00",
              "2026-12-02T25:00:00+03:00", "2026-12-02T09:00:00", "2026-12-02 09:00:00+03:00",
              "2026-12-02T09:00:00+99:00", "2026-12-02T09:00:00.5+03:00", "tomorrow", ""}) {
            Json body = good;
            body["start"] = start_text;
            bodies.push_back(body.dump());
        }
        Json unknown = good;
        unknown["admin"] = true;
        bodies.push_back(unknown.dump());
        Json invalid_utf8_key = good;
        bodies.push_back(invalid_utf8_key.dump().insert(1, "\"\xff\": 1, "));
        // A key given twice: one reader would take the first, another the last.
        const std::string twice = good.dump().insert(1, "\"cpr\": \"660550000\", ");
        bodies.push_back(twice);
        Response repeated = t.client.post("/api/v1/bookings", twice);
        CHECK(repeated.status == 400);
        CHECK(repeated.json()["field"] == "cpr");

        for (const std::string& body : bodies) {
            CAPTURE(body.substr(0, 120));
            for (const char* target :
                 {"/api/v1/bookings", "/api/v1/bookings/lookup",
                  "/api/v1/bookings/22222222A/cancel", "/api/v1/bookings/22222222A/reschedule"}) {
                CAPTURE(target);
                Response r = t.client.post(target, body);
                CHECK(r.status >= 400);
                CHECK(r.status < 500);
                CHECK(r.json().is_object());  // always a JSON error, even for invalid UTF-8
            }
        }
        CHECK(server_alive(t.server.port()));
        CHECK(t.free_at("race", start) == kRaceCapacity);
    }

    TEST_CASE("odd targets and methods") {
        TestServer t;
        for (const char* target :
             {"/api/v1/availability?centre=%ZZ&service=race&from=2026-12-02&days=1",
              "/api/v1/"
              "availability?centre=test-centre&service=race&from=2026-12-02&days=1&days=1000",
              "/api/v1/availability?centre=test-centre&service=race&from=%00&days=1",
              "/api/v1/availability?" /* nothing */, "/api/v1/availability?&&&==&",
              "/api/v1/bookings/%FF%FE/cancel", "/api//v1/catalog", "/api"}) {
            CAPTURE(target);
            Response r = t.client.get(target);
            CHECK(r.status >= 400);
            CHECK(r.status < 500);
        }
        for (const char* method : {"PUT", "DELETE", "PATCH", "OPTIONS"}) {
            CAPTURE(method);
            Response r = t.client.request(method, "/api/v1/bookings", "", {});
            CHECK(r.status == 405);
        }
        CHECK(server_alive(t.server.port()));
    }

}  // TEST_SUITE
