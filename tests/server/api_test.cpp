// Every endpoint and error code of docs/api.md, against the real server.
#include <doctest/doctest.h>

#include <mawid/codec.hpp>
#include <mawid/slots.hpp>

#include "fixture.hpp"
#include "http/answer_text.hpp"
#include "http/json_responses.hpp"

using namespace mawid::test;

namespace {

const std::string kSecondDay = "2026-12-02";

std::string availability(const std::string& centre, const std::string& service,
                         const std::string& from, const std::string& days) {
    return "/api/v1/availability?centre=" + centre + "&service=" + service + "&from=" + from +
           "&days=" + days;
}

}  // namespace

TEST_SUITE("api") {
    TEST_CASE("healthz answers ok with security headers and no-store") {
        TestServer t;
        Response r = t.client.get("/healthz");
        CHECK(r.status == 200);
        CHECK(r.json()["status"] == "ok");
        CHECK(r.header("content-type").find("application/json") == 0);
        CHECK(r.header("cache-control") == "no-store");
        CHECK(r.header("x-content-type-options") == "nosniff");
        CHECK(r.header("content-security-policy").find("'wasm-unsafe-eval'") != std::string::npos);
        CHECK(r.header("content-security-policy").find("'unsafe-eval'") == std::string::npos);
        CHECK(!r.header("referrer-policy").empty());
        // Camera (the counter's scanner) and location (nearest centres) for this site only.
        CHECK(r.header("permissions-policy").find("camera=(self)") != std::string::npos);
        CHECK(r.header("permissions-policy").find("geolocation=(self)") != std::string::npos);
        CHECK(r.header("permissions-policy").find("microphone=()") != std::string::npos);
        CHECK(r.header("date").find(" GMT") != std::string::npos);
    }

    TEST_CASE("catalog is served with an ETag and answers 304 to If-None-Match") {
        TestServer t;
        Response r = t.client.get("/api/v1/catalog");
        REQUIRE(r.status == 200);
        Json catalog = r.json();
        CHECK(catalog["version"] == "test-1");
        CHECK(catalog["centres"].size() == 2);
        CHECK(catalog["services"].size() == 3);
        std::string etag = r.header("etag");
        CHECK(etag == "\"test-1\"");
        Response again = t.client.get("/api/v1/catalog", {{"If-None-Match", etag}});
        CHECK(again.status == 304);
        CHECK(again.body.empty());
        Response other = t.client.get("/api/v1/catalog", {{"If-None-Match", "\"old\""}});
        CHECK(other.status == 200);
        CHECK(t.client.post("/api/v1/catalog", "{}").status == 405);
    }

    TEST_CASE("seed-demo leaves a database that already has a catalogue alone") {
        TempDir dir;
        std::string db = dir.database();
        { ServerProcess first(db, test_server_flags(dir), dir.file("log")); }
        std::ofstream(dir.file("catalog.json")) << "{\"version\": \"broken\"}";
        ServerProcess second(db, test_server_flags(dir), dir.file("log"));
        Client client(second.port());
        CHECK(client.get("/api/v1/catalog").json()["version"] == "test-1");
    }

    TEST_CASE("availability lists bookable slots with capacity and free seats") {
        TestServer t;
        Response r = t.client.get(availability("test-centre", "race", kSecondDay, "1"));
        REQUIRE(r.status == 200);
        Json body = r.json();
        CHECK(body["centre"] == "test-centre");
        CHECK(body["service"] == "race");
        REQUIRE(body["slots"].size() == 28);  // 07:00-14:00 in 15-minute slots
        CHECK(body["slots"][0]["start"] == slot_time(2, 7, 0));
        CHECK(body["slots"][0]["capacity"] == kRaceCapacity);
        CHECK(body["slots"][0]["free"] == kRaceCapacity);
        CHECK(r.header("cache-control") == "no-store");

        SUBCASE("a booking takes a seat at once") {
            REQUIRE(t.book("race", slot_time(2, 7, 0), 1).status == 201);
            CHECK(t.free_at("race", slot_time(2, 7, 0)) == kRaceCapacity - 1);
        }
        SUBCASE("closed days and holidays list no slots") {
            CHECK(t.client.get(availability("test-centre", "race", "2026-12-10", "1"))
                      .json()["slots"]
                      .empty());
            CHECK(t.client.get(availability("test-centre", "race", "2026-12-16", "1"))
                      .json()["slots"]
                      .empty());
        }
        SUBCASE("the minimum notice hides slots that start too soon") {
            Json today =
                t.client.get(availability("test-centre", "race", "2026-12-01", "1")).json();
            REQUIRE(!today["slots"].empty());
            CHECK(today["slots"][0]["start"] >= slot_time(1, 7, 0));
        }
        SUBCASE("nothing beyond the booking window") {
            Json late = t.client.get(availability("test-centre", "race", "2027-01-05", "3")).json();
            CHECK(late["slots"].empty());
        }
    }

    TEST_CASE("availability is byte for byte what shared/ writes") {
        TestServer t;
        REQUIRE(t.book("race", slot_time(2, 9, 0), 1).status == 201);
        REQUIRE(t.book("race", slot_time(2, 9, 0), 2).status == 201);
        Response r = t.client.get(availability("test-centre", "race", "2026-12-01", "3"));
        REQUIRE(r.status == 200);

        auto catalog = mawid::catalog_from_json(Json::parse(test_catalog_json()));
        REQUIRE(catalog.ok());
        mawid::UnixSeconds now = mawid::parse_rfc3339(kNow)->instant;
        auto slots =
            mawid::slot_grid(*catalog, "test-centre", "race", mawid::Date{2026, 12, 1}, 3, now);
        REQUIRE(slots.ok());
        mawid::Occupancy taken = {{mawid::parse_rfc3339(slot_time(2, 9, 0))->instant, 2}};
        CHECK(r.body == mawid::availability_to_json("test-centre", "race", *slots, taken,
                                                    mawid::kDefaultUtcOffsetMinutes)
                            .dump());
    }

    TEST_CASE("a booking's answer is byte for byte what shared/ writes") {
        TestServer t;
        Response r = t.book("race", slot_time(2, 9, 0), 1);
        REQUIRE(r.status == 201);
        auto booking = mawid::booking_from_json(r.json());
        REQUIRE(booking.ok());
        CHECK(booking->status == mawid::BookingStatus::booked);
        CHECK(r.body == mawid::booking_to_json(*booking).dump());
    }

    TEST_CASE("the booking's answer text is shared/'s for any offset and any id") {
        mawid::Booking booking;
        booking.code = "AB23CD45";
        booking.centre = "centre \"quoted\" \\ \u00e9\u0645";
        booking.service = "id-card";
        booking.start = mawid::parse_rfc3339("2027-01-10T08:30:00+03:00")->instant;
        for (int offset : {180, 0, -570, 345, -840, 840}) {
            booking.offset_minutes = offset;
            for (auto status : {mawid::BookingStatus::booked, mawid::BookingStatus::cancelled}) {
                booking.status = status;
                CHECK(mawid::server::booking_text(booking) ==
                      mawid::server::to_text(mawid::booking_to_json(booking)));
            }
        }
    }

    TEST_CASE("availability errors") {
        TestServer t;
        CHECK(t.client.get(availability("nowhere", "race", kSecondDay, "1")).error() ==
              "unknown_centre");
        CHECK(t.client.get(availability("nowhere", "race", kSecondDay, "1")).status == 404);
        CHECK(t.client.get(availability("test-centre", "nothing", kSecondDay, "1")).error() ==
              "unknown_service");
        Response not_offered = t.client.get(availability("test-centre", "elsewhere", kSecondDay, "1"));
        CHECK(not_offered.status == 404);
        CHECK(not_offered.error() == "service_not_offered");
        for (const char* bad_date : {"2026-02-30", "99999-01-01", "2026-13-01", "yesterday", ""}) {
            CAPTURE(bad_date);
            Response r = t.client.get(availability("test-centre", "race", bad_date, "1"));
            CHECK(r.status == 400);
            CHECK(r.error() == "bad_request");
            CHECK(r.json()["field"] == "from");
        }
        for (const char* bad_days : {"0", "61", "-1", "1e3", "99999999999999999999", "x"}) {
            CAPTURE(bad_days);
            Response r = t.client.get(availability("test-centre", "race", kSecondDay, bad_days));
            CHECK(r.status == 400);
            CHECK(r.json()["field"] == "days");
        }
        CHECK(t.client.get("/api/v1/availability?service=race&from=2026-12-02").status == 400);
        CHECK(t.client.get(availability("test-centre", "race", kSecondDay, "60")).status == 200);
    }

    TEST_CASE("booking: 201 with a code, then lookup, reschedule and cancel") {
        TestServer t;
        Response booked = t.book("race", slot_time(2, 9, 0), 7);
        REQUIRE(booked.status == 201);
        Json booking = booked.json();
        std::string code = booking["code"];
        CHECK(code.size() == 9);
        CHECK(booking["centre"] == "test-centre");
        CHECK(booking["service"] == "race");
        CHECK(booking["start"] == slot_time(2, 9, 0));
        CHECK(booking["status"] == "booked");
        CHECK(!booking.contains("cpr"));
        CHECK(!booking.contains("phone"));

        Json lookup = {{"code", code}, {"cpr", cpr_for(7)}};
        Response found = t.client.post("/api/v1/bookings/lookup", lookup.dump());
        CHECK(found.status == 200);
        CHECK(found.json() == booking);

        SUBCASE("lookup forgives case, spaces and dashes in the typed code") {
            std::string typed = code.substr(0, 3) + "-" + code.substr(3, 3) + " " + code.substr(6);
            for (char& c : typed)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            Json body = {{"code", typed}, {"cpr", cpr_for(7)}};
            CHECK(t.client.post("/api/v1/bookings/lookup", body.dump()).status == 200);
        }
        SUBCASE("lookup with another CPR or an unknown code says only not_found") {
            Json wrong_cpr = {{"code", code}, {"cpr", cpr_for(8)}};
            Response r = t.client.post("/api/v1/bookings/lookup", wrong_cpr.dump());
            CHECK(r.status == 404);
            CHECK(r.error() == "not_found");
            Json unknown = {{"code", "22222222A"}, {"cpr", cpr_for(7)}};
            CHECK(t.client.post("/api/v1/bookings/lookup", unknown.dump()).error() == "not_found");
            Json garbage = {{"code", "!!"}, {"cpr", cpr_for(7)}};
            CHECK(t.client.post("/api/v1/bookings/lookup", garbage.dump()).status == 404);
        }
        SUBCASE("reschedule moves the seat atomically") {
            Json body = {{"cpr", cpr_for(7)}, {"start", slot_time(3, 10, 0)}};
            Response moved = t.client.post("/api/v1/bookings/" + code + "/reschedule", body.dump());
            REQUIRE(moved.status == 200);
            CHECK(moved.json()["start"] == slot_time(3, 10, 0));
            CHECK(moved.json()["code"] == code);
            CHECK(t.free_at("race", slot_time(2, 9, 0)) == kRaceCapacity);
            CHECK(t.free_at("race", slot_time(3, 10, 0)) == kRaceCapacity - 1);
        }
        SUBCASE("reschedule into a full slot changes nothing") {
            for (int n = 100; n < 100 + kRaceCapacity; ++n) {
                REQUIRE(t.book("race", slot_time(4, 8, 0), n).status == 201);
            }
            Json body = {{"cpr", cpr_for(7)}, {"start", slot_time(4, 8, 0)}};
            Response full = t.client.post("/api/v1/bookings/" + code + "/reschedule", body.dump());
            CHECK(full.status == 409);
            CHECK(full.error() == "slot_full");
            CHECK(t.free_at("race", slot_time(2, 9, 0)) == kRaceCapacity - 1);
            CHECK(t.client.post("/api/v1/bookings/lookup", lookup.dump()).json()["start"] ==
                  slot_time(2, 9, 0));
        }
        SUBCASE("reschedule errors") {
            auto move = [&](const std::string& cpr, const std::string& start) {
                Json body = {{"cpr", cpr}, {"start", start}};
                return t.client.post("/api/v1/bookings/" + code + "/reschedule", body.dump());
            };
            CHECK(move(cpr_for(8), slot_time(3, 10, 0)).error() == "not_found");
            CHECK(move(cpr_for(7), slot_time(3, 6, 0)).error() == "not_bookable");
            CHECK(move(cpr_for(7), slot_time(10, 9, 0)).error() == "not_bookable");
            CHECK(move(cpr_for(7), "2026-02-30T09:00:00+03:00").status == 400);
            CHECK(move("12", slot_time(3, 10, 0)).error() == "invalid_cpr");
            CHECK(move(cpr_for(7), slot_time(2, 9, 0)).error() == "not_bookable");  // where it is
            Json cancel = {{"cpr", cpr_for(7)}};
            REQUIRE(t.client.post("/api/v1/bookings/" + code + "/cancel", cancel.dump()).status ==
                    200);
            Response moved_cancelled = move(cpr_for(7), slot_time(3, 10, 0));
            CHECK(moved_cancelled.status == 409);
            CHECK(moved_cancelled.error() == "not_active");
        }
        SUBCASE("cancel frees the seat at once; a second cancel is refused") {
            Json body = {{"cpr", cpr_for(7)}};
            Response cancelled = t.client.post("/api/v1/bookings/" + code + "/cancel", body.dump());
            REQUIRE(cancelled.status == 200);
            CHECK(cancelled.json()["status"] == "cancelled");
            CHECK(t.free_at("race", slot_time(2, 9, 0)) == kRaceCapacity);
            CHECK(t.client.post("/api/v1/bookings/lookup", lookup.dump()).json()["status"] ==
                  "cancelled");
            Response again = t.client.post("/api/v1/bookings/" + code + "/cancel", body.dump());
            CHECK(again.status == 409);
            CHECK(again.error() == "not_active");
            SUBCASE("and the CPR may book the service again") {
                CHECK(t.book("race", slot_time(5, 9, 0), 7).status == 201);
            }
        }
        SUBCASE("cancel with another CPR or an unknown code is not_found") {
            Json other = {{"cpr", cpr_for(8)}};
            CHECK(t.client.post("/api/v1/bookings/" + code + "/cancel", other.dump()).status ==
                  404);
            Json mine = {{"cpr", cpr_for(7)}};
            CHECK(t.client.post("/api/v1/bookings/22222222A/cancel", mine.dump()).status == 404);
            CHECK(t.client.post("/api/v1/bookings/nonsense/cancel", mine.dump()).status == 404);
            CHECK(t.free_at("race", slot_time(2, 9, 0)) == kRaceCapacity - 1);
        }
    }

    TEST_CASE("booking errors") {
        TestServer t;
        auto post = [&](const Json& body) {
            return t.client.post("/api/v1/bookings", body.dump());
        };
        Json good = booking_body("race", slot_time(2, 9, 0), 1);

        SUBCASE("slot_full once every counter is taken") {
            for (int n = 0; n < kRaceCapacity; ++n) {
                REQUIRE(t.book("race", slot_time(2, 9, 0), n).status == 201);
            }
            Response full = t.book("race", slot_time(2, 9, 0), 50);
            CHECK(full.status == 409);
            CHECK(full.error() == "slot_full");
            CHECK(t.free_at("race", slot_time(2, 9, 0)) == 0);
        }
        SUBCASE("already_booked: one active booking per CPR per service") {
            REQUIRE(t.book("race", slot_time(2, 9, 0), 1).status == 201);
            Response twice = t.book("race", slot_time(3, 9, 0), 1);
            CHECK(twice.status == 409);
            CHECK(twice.error() == "already_booked");
            CHECK(t.free_at("race", slot_time(3, 9, 0)) == kRaceCapacity);
            SUBCASE("but not for a service that allows several") {
                CHECK(t.book("multi", slot_time(2, 9, 0), 1).status == 201);
                CHECK(t.book("multi", slot_time(2, 10, 0), 1).status == 201);
            }
        }
        SUBCASE("invalid_cpr and invalid_phone") {
            for (const char* cpr : {"12345678", "1234567890", "12345678a", "١٢٣٤٥٦٧٨٩", ""}) {
                Json body = good;
                body["cpr"] = cpr;
                Response r = post(body);
                CHECK(r.status == 422);
                CHECK(r.error() == "invalid_cpr");
            }
            for (const char* phone : {"12345", "+97312345678", "+9733600123", "phone"}) {
                Json body = good;
                body["phone"] = phone;
                Response r = post(body);
                CHECK(r.status == 422);
                CHECK(r.error() == "invalid_phone");
            }
            Json spaced = good;
            spaced["phone"] = "00973 3600-1234";
            CHECK(post(spaced).status == 201);
        }
        SUBCASE("not_bookable: hours, closures, holidays, past, window, notice, off-grid") {
            for (std::string start : {slot_time(2, 6, 45), slot_time(2, 14, 0), slot_time(10, 9, 0),
                                      slot_time(16, 9, 0), std::string("2026-11-30T09:00:00+03:00"),
                                      std::string("2027-01-20T09:00:00+03:00"), slot_time(1, 6, 30),
                                      slot_time(2, 9, 7)}) {
                CAPTURE(start);
                Json body = good;
                body["start"] = start;
                Response r = post(body);
                CHECK(r.status == 422);
                CHECK(r.error() == "not_bookable");
            }
        }
        SUBCASE("the same instant written in UTC books the same slot") {
            Json body = good;
            body["start"] = "2026-12-02T06:00:00Z";
            Response r = post(body);
            CHECK(r.status == 201);
            CHECK(r.json()["start"] == slot_time(2, 9, 0));
        }
        SUBCASE("service_not_offered, unknown centre and unknown service") {
            Json body = good;
            body["service"] = "elsewhere";
            Response r = post(body);
            CHECK(r.status == 422);
            CHECK(r.error() == "service_not_offered");
            body = good;
            body["centre"] = "nowhere";
            CHECK(post(body).error() == "unknown_centre");
            body = good;
            body["service"] = "nothing";
            CHECK(post(body).error() == "unknown_service");
        }
        SUBCASE("bad_request names the field") {
            Json body = good;
            body.erase("start");
            CHECK(post(body).json()["field"] == "start");
            body = good;
            body["centre"] = 5;
            CHECK(post(body).json()["field"] == "centre");
            body = good;
            body["extra"] = true;
            Response unknown = post(body);
            CHECK(unknown.status == 400);
            CHECK(unknown.json()["field"] == "extra");
            CHECK(t.client.post("/api/v1/bookings", "[1,2]").status == 400);
            CHECK(t.client.post("/api/v1/bookings", "{").status == 400);
        }
        SUBCASE("wrong methods and unknown API paths") {
            CHECK(t.client.get("/api/v1/bookings").status == 405);
            CHECK(t.client.get("/api/v1/bookings/22222222A/cancel").status == 405);
            CHECK(t.client.get("/api/v1/nothing").status == 404);
            CHECK(t.client.post("/api/v1/bookings/22222222A/delete", "{}").status == 404);
        }
    }

    TEST_CASE("service_not_offered is 404 from availability and 422 from booking") {
        TestServer t;
        CHECK(t.client.get(availability("test-centre", "elsewhere", kSecondDay, "1")).status == 404);
        Response r = t.book("elsewhere", slot_time(2, 9, 0), 1);
        CHECK(r.error() == "service_not_offered");
    }

    TEST_CASE("logs have one line per request and no CPR, phone or booking code") {
        TestServer t;
        Response booked = t.book("race", slot_time(2, 9, 0), 424242);
        REQUIRE(booked.status == 201);
        std::string code = booked.json()["code"];
        Json cpr = {{"cpr", cpr_for(424242)}};
        REQUIRE(t.client.post("/api/v1/bookings/" + code + "/cancel", cpr.dump()).status == 200);
        t.client.get("/api/v1/nothing/880112345");
        // Whatever a client puts in a path no route matches, or in its method, stays out.
        t.client.post("/api/v1/bookings/AAAAAAAAA/../" + code + "/cancel", cpr.dump());
        t.client.get("/api/v1/x/%38%38%30%31%31%32%33%34%35");
        t.client.get("/api/v1/x/3600-1234");
        t.client.get("/name@example.com");
        t.client.get("/api/v1/staff/centres/name@example.com/day");
        t.client.get("/" + code);
        Client raw(t.server.port());
        raw.send_raw("880112345 /api/v1/catalog HTTP/1.1\r\nHost: x\r\n\r\n");
        auto odd_method = raw.read_response();
        REQUIRE(odd_method);
        CHECK(odd_method->status == 405);
        t.server.terminate();
        std::string log = t.log();
        CHECK(log.find("POST /api/v1/bookings 201") != std::string::npos);
        CHECK(log.find("POST /api/v1/bookings/***/cancel 200") != std::string::npos);
        CHECK(log.find("GET /api/{other} 404") != std::string::npos);
        CHECK(log.find("GET /{static} 404") != std::string::npos);
        CHECK(log.find("GET /api/v1/staff/centres/{centre}/day 401") != std::string::npos);
        CHECK(log.find("? /api/v1/catalog 405") != std::string::npos);
        CHECK(log.find("%38") == std::string::npos);
        CHECK(log.find("1234") == std::string::npos);
        CHECK(log.find("example.com") == std::string::npos);
        CHECK(log.find(code) == std::string::npos);
        CHECK(log.find(cpr_for(424242)) == std::string::npos);
        CHECK(log.find("36001234") == std::string::npos);
        CHECK(log.find("880112345") == std::string::npos);
        CHECK(log.find("Z ") != std::string::npos);  // UTC timestamps
    }

    TEST_CASE("a half-sent request and an idle kept-alive connection are cut off after 10 s") {
        TestServer t;
        Client idle(t.server.port());
        REQUIRE(idle.get("/healthz").status == 200);
        Client slow(t.server.port());
        slow.send_raw("POST /api/v1/bookings HTTP/1.1\r\nHost: mawid\r\nContent-Length: 90\r\n"
                      "\r\n{\"centre\":");
        auto started = std::chrono::steady_clock::now();
        // Both wait while others are served.
        REQUIRE(t.client.get("/healthz").status == 200);
        // Closed, not answered: read_response gives up by itself only after 15 s.
        CHECK_FALSE(slow.read_response().has_value());
        CHECK_FALSE(idle.read_response().has_value());
        auto waited = std::chrono::steady_clock::now() - started;
        CHECK(waited >= std::chrono::seconds(9));
        CHECK(waited < std::chrono::milliseconds(14500));
        CHECK(server_alive(t.server.port()));  // on a new connection: t.client's was idle too
    }

    TEST_CASE("SIGTERM with an idle keep-alive connection open exits 0 promptly") {
        TestServer t;
        REQUIRE(t.client.get("/healthz").status == 200);
        auto started = std::chrono::steady_clock::now();
        CHECK(t.server.terminate() == 0);
        CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
    }

}  // TEST_SUITE
