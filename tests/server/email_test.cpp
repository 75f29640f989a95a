// E-mail beside SMS: a booking that gives an address is told by e-mail too, through the same
// outbox, delivered by libcurl to a real SMTP server on loopback (aiosmtpd, smtp_sink.hpp)
// that parses each message with Python's email package.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "fixture.hpp"
#include "smtp_sink.hpp"

using namespace mawid::test;

namespace {

constexpr const char* kAddress = "citizen.7731@example.com";

Json body_with(const std::string& lang, const std::string& start, int cpr_n,
               const std::string& email) {
    Json body = booking_body("multi", start, cpr_n);
    body["lang"] = lang;
    if (!email.empty()) body["email"] = email;
    return body;
}

std::vector<std::string> smtp_flags(const TempDir& dir, const SmtpSink& sink) {
    auto flags = test_server_flags(dir);
    flags.insert(flags.end(), {"--smtp", sink.url(), "--mail-from", "noreply@mawid.bh",
                               "--message-retry-seconds", "1"});
    return flags;
}

// A query's first column as text, read from the test server's database.
std::string query(const TempDir& dir, const std::string& sql) {
    return query_one(dir.database(), sql);
}

// The outbox folder's files with this extension, once there are `n` (30 s at most).
std::map<std::string, std::string> folder_files(const TempDir& dir, const std::string& extension,
                                                std::size_t n) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    std::map<std::string, std::string> files;
    while (std::chrono::steady_clock::now() < deadline) {
        files.clear();
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(dir.path() / "outbox", ec)) {
            if (entry.path().extension() != extension) continue;
            std::ifstream in(entry.path(), std::ios::binary);
            files[entry.path().filename().string()] =
                std::string(std::istreambuf_iterator<char>(in), {});
        }
        if (files.size() >= n) return files;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return files;
}

// Checks what every well-formed message from Mawid has.
void check_well_formed(const Json& mail, const std::string& to) {
    CAPTURE(mail.dump());
    CHECK(mail["defects"].empty());
    CHECK(mail["bare_lf"] == false);
    CHECK(mail["longest_line"].get<int>() <= 998);
    CHECK(mail["mail_from"] == "noreply@mawid.bh");
    CHECK(mail["rcpt_tos"] == Json::array({to}));
    CHECK(mail["to"] == to);
    CHECK(mail["from"] == "Mawid <noreply@mawid.bh>");
    CHECK(mail["mime_version"] == "1.0");
    CHECK_FALSE(mail["date"].get<std::string>().empty());
    CHECK(mail["body_charset"] == "utf-8");
    CHECK(mail["body_encoding"] == "base64");
}

}  // namespace

TEST_SUITE("email") {
    TEST_CASE("a booking with an e-mail is told by e-mail and SMS, in its language, with an .ics") {
        TempDir dir;
        SmtpSink sink;
        ServerProcess server(dir.database(), smtp_flags(dir, sink), dir.file("server.log"));
        Client client(server.port());
        Response arabic = client.post("/api/v1/bookings",
                                      body_with("ar", slot_time(2, 9, 0), 1, kAddress).dump());
        Response english = client.post(
            "/api/v1/bookings", body_with("en", slot_time(2, 10, 0), 2, "other@example.org").dump());
        Response without = client.post("/api/v1/bookings",
                                        body_with("en", slot_time(2, 11, 0), 3, "").dump());
        REQUIRE(arabic.status == 201);
        REQUIRE(english.status == 201);
        REQUIRE(without.status == 201);
        // Rows 1-2 are the first booking's SMS and e-mail, 3-4 the second's, 5 the third's SMS.
        REQUIRE(settled_state(dir, 5) == "sent");
        CHECK(settled_state(dir, 2) == "sent");
        CHECK(settled_state(dir, 4) == "sent");
        CHECK(query(dir, "SELECT count(*) FROM outbox WHERE channel = 'email'") == "2");
        REQUIRE(sink.wait_for(2, 30));
        std::vector<Json> mails = sink.received();
        REQUIRE(mails.size() == 2);  // the booking without an address got none

        Json ar = sink.with_id("<mawid-2@mawid.bh>").at(0);
        check_well_formed(ar, kAddress);
        CHECK(ar["subject"] == "حجز موعد " + code_of(arabic) + ": اختبار، 2026-12-02 09:00");
        CHECK(ar["raw_subject"].get<std::string>().find("=?UTF-8?B?") != std::string::npos);
        CHECK(ar["body"].get<std::string>().find("رمز الحجز: " + code_of(arabic)) !=
              std::string::npos);
        CHECK(ar["body"].get<std::string>().find("المركز: مركز") != std::string::npos);

        Json en = sink.with_id("<mawid-4@mawid.bh>").at(0);
        check_well_formed(en, "other@example.org");
        CHECK(en["subject"] ==
              "Mawid booking " + code_of(english) + ": Test multi, 2026-12-02 10:00");
        CHECK(en["body"].get<std::string>().find("Booking code: " + code_of(english)) !=
              std::string::npos);
        // The calendar file: one event at the booking's time in UTC, the app's UID.
        REQUIRE(en["attachments"].size() == 1);
        Json ics = en["attachments"][0];
        CHECK(ics["content_type"] == "text/calendar");
        CHECK(ics["method"] == "PUBLISH");
        CHECK(ics["charset"] == "utf-8");
        CHECK(ics["filename"] == "mawid-" + code_of(english) + ".ics");
        std::string calendar = ics["content"];
        CHECK(calendar.rfind("BEGIN:VCALENDAR\r\n", 0) == 0);
        CHECK(calendar.find("\r\nBEGIN:VEVENT\r\n") != std::string::npos);
        CHECK(calendar.find("\r\nUID:" + code_of(english) + "@mawid.bh\r\n") != std::string::npos);
        CHECK(calendar.find("\r\nDTSTART:20261202T070000Z\r\n") != std::string::npos);
        CHECK(calendar.find("\r\nDTEND:20261202T073000Z\r\n") != std::string::npos);
        CHECK(calendar.find("\r\nSUMMARY:Test multi at Centre test-centre\r\n") !=
              std::string::npos);

        // Each booking's SMS went too (to the outbox folder: no gateway here).
        auto sms = folder_files(dir, ".txt", 3);
        CHECK(sms.size() == 3);
        CHECK(sms.count("1-confirmation.txt") == 1);
        CHECK(sms.count("5-confirmation.txt") == 1);
        // The address is in no log line.
        std::ifstream log_file(dir.file("server.log"));
        std::string log(std::istreambuf_iterator<char>(log_file), {});
        CHECK(log.find("example.com") == std::string::npos);
        CHECK(log.find("example.org") == std::string::npos);
    }

    TEST_CASE("a cancellation and a move are e-mailed; the move carries the new time's .ics") {
        TempDir dir;
        SmtpSink sink;
        ServerProcess server(dir.database(), smtp_flags(dir, sink), dir.file("server.log"));
        Client client(server.port());
        Response moved = client.post("/api/v1/bookings",
                                     body_with("en", slot_time(2, 9, 0), 1, kAddress).dump());
        Response cancelled = client.post("/api/v1/bookings",
                                         body_with("ar", slot_time(2, 10, 0), 2, kAddress).dump());
        REQUIRE(moved.status == 201);
        REQUIRE(cancelled.status == 201);
        REQUIRE(client.post("/api/v1/bookings/" + code_of(moved) + "/reschedule",
                            Json{{"cpr", cpr_for(1)}, {"start", slot_time(3, 11, 0)}}.dump())
                    .status == 200);
        REQUIRE(client.post("/api/v1/bookings/" + code_of(cancelled) + "/cancel",
                            Json{{"cpr", cpr_for(2)}}.dump())
                    .status == 200);
        REQUIRE(sink.wait_for(4, 30));
        Json move = sink.with_id("<mawid-6@mawid.bh>").at(0);
        CHECK(move["subject"] == "Booking " + code_of(moved) + " is moved to 2026-12-03 11:00");
        REQUIRE(move["attachments"].size() == 1);
        CHECK(move["attachments"][0]["content"].get<std::string>().find(
                  "\r\nDTSTART:20261203T080000Z\r\n") != std::string::npos);
        Json cancel = sink.with_id("<mawid-8@mawid.bh>").at(0);
        CHECK(cancel["subject"] == "أُلغي الحجز " + code_of(cancelled));
        CHECK(cancel["attachments"].empty());  // nothing to add to a calendar
    }

    TEST_CASE("4xx replies are retried with the same Message-ID until the server takes it") {
        TempDir dir;
        SmtpSink sink({"451 4.3.0 Try again later", "421 4.7.0 Too busy"});
        ServerProcess server(dir.database(), smtp_flags(dir, sink), dir.file("server.log"));
        Client client(server.port());
        REQUIRE(client.post("/api/v1/bookings",
                            body_with("en", slot_time(2, 9, 0), 1, kAddress).dump())
                    .status == 201);
        CHECK(settled_state(dir, 2) == "sent");
        std::vector<Json> tries = sink.with_id("<mawid-2@mawid.bh>");
        REQUIRE(tries.size() == 3);
        CHECK(tries[0]["answer"] == "451 4.3.0 Try again later");
        CHECK(tries[2]["answer"] == "250 OK");
        CHECK(query(dir, "SELECT attempts FROM outbox WHERE id = 2") == "3");
    }

    TEST_CASE("a 5xx reply fails the e-mail for good: never tried again") {
        TempDir dir;
        SmtpSink sink({"550 5.1.1 Mailbox unavailable"});
        ServerProcess server(dir.database(), smtp_flags(dir, sink), dir.file("server.log"));
        Client client(server.port());
        REQUIRE(client.post("/api/v1/bookings",
                            body_with("en", slot_time(2, 9, 0), 1, kAddress).dump())
                    .status == 201);
        CHECK(settled_state(dir, 2) == "failed");
        CHECK(query(dir, "SELECT last_error FROM outbox WHERE id = 2") ==
              "smtp server answered 550");
        CHECK(settled_state(dir, 1) == "sent");  // the SMS is not held up by it
        // A later message goes through; the refused one was not tried again meanwhile, nor
        // after (retries here come after a second).
        REQUIRE(client.post("/api/v1/bookings",
                            body_with("en", slot_time(2, 10, 0), 2, kAddress).dump())
                    .status == 201);
        CHECK(settled_state(dir, 4) == "sent");
        CHECK(sink.with_id("<mawid-2@mawid.bh>").size() == 1);
        CHECK(query(dir, "SELECT attempts FROM outbox WHERE id = 2") == "1");
    }

    TEST_CASE("a malformed e-mail is refused with invalid_email and nothing is booked") {
        TestServer t;
        int free = t.free_at("multi", slot_time(2, 9, 0));
        for (const char* email : {"name@example", "name example@mail.com", "a@b@c.com",
                                  "name@exa\r\nmple.com"}) {
            CAPTURE(email);
            Response r = t.client.post("/api/v1/bookings",
                                       body_with("en", slot_time(2, 9, 0), 1, email).dump());
            CHECK(r.status == 422);
            CHECK(r.error() == "invalid_email");
            CHECK(r.json()["field"] == "email");
        }
        Json long_one = body_with("en", slot_time(2, 9, 0), 1, std::string(250, 'a') + "@b.co");
        CHECK(t.client.post("/api/v1/bookings", long_one.dump()).error() == "invalid_email");
        CHECK(t.free_at("multi", slot_time(2, 9, 0)) == free);
        CHECK(query(t.dir, "SELECT count(*) FROM bookings") == "0");
        CHECK(query(t.dir, "SELECT count(*) FROM outbox") == "0");
    }

    TEST_CASE("without --smtp an e-mail is an .eml file, the whole MIME message, named in the log") {
        TestServer t;
        Response booked = t.client.post("/api/v1/bookings",
                                        body_with("en", slot_time(2, 9, 0), 1, kAddress).dump());
        REQUIRE(booked.status == 201);
        auto files = folder_files(t.dir, ".eml", 1);
        REQUIRE(files.count("2-confirmation.eml") == 1);
        const std::string& eml = files["2-confirmation.eml"];
        CHECK(eml.find("Message-ID: <mawid-2@mawid.bh>\r\n") != std::string::npos);
        CHECK(eml.find("To: " + std::string(kAddress) + "\r\n") != std::string::npos);
        CHECK(eml.find("Content-Type: multipart/mixed;") != std::string::npos);
        CHECK(eml.find("Content-Type: text/calendar; method=PUBLISH; charset=UTF-8;") !=
              std::string::npos);
        REQUIRE(settled_state(t.dir, 2) == "sent");
        std::string log = t.log();
        CHECK(log.find("outbox: message 2-confirmation.eml written") != std::string::npos);
        CHECK(log.find("example.com") == std::string::npos);
    }

    TEST_CASE("reminders go on both channels, each once") {
        TempDir dir;
        SmtpSink sink;
        auto at = [&](const char* now) { return with_now(smtp_flags(dir, sink), now); };
        {
            ServerProcess server(dir.database(), at(kNow), dir.file("server.log"));
            Client client(server.port());
            REQUIRE(client.post("/api/v1/bookings",
                                body_with("en", slot_time(2, 13, 30), 1, kAddress).dump())
                        .status == 201);
            REQUIRE(settled_state(dir, 2) == "sent");
        }
        for (int restart = 0; restart < 2; ++restart) {
            // The 2nd at 11:45: under two hours before. The second start finds them queued.
            ServerProcess server(dir.database(), at("2026-12-02T11:45:00+03:00"),
                                 dir.file("server.log"));
            CHECK(settled_state(dir, 3) == "sent");
            CHECK(settled_state(dir, 4) == "sent");
            if (restart == 1) {
                // A booking's message after the start's reminder scan: the scan has run.
                Client client(server.port());
                Response booked = client.post("/api/v1/bookings",
                                              body_with("en", slot_time(4, 10, 0), 2, "").dump());
                REQUIRE(booked.status == 201);
                // Its message's id: PostgreSQL's ids have gaps where a reminder was already
                // there (ON CONFLICT DO NOTHING still draws one).
                const std::string id = query(
                    dir, "SELECT id FROM outbox WHERE booking = '" + code_of(booked) + "'");
                REQUIRE(!id.empty());
                CHECK(settled_state(dir, std::stoi(id)) == "sent");
            }
        }
        const char* in_order = on_postgresql()
                                   ? "SELECT string_agg(channel || ':' || kind, ' ' ORDER BY id) "
                                     "FROM outbox"
                                   : "SELECT group_concat(channel || ':' || kind, ' ') FROM "
                                     "(SELECT channel, kind FROM outbox ORDER BY id)";
        CHECK(query(dir, in_order) ==
              "sms:confirmation email:confirmation sms:reminder_soon email:reminder_soon "
              "sms:confirmation");
        std::vector<Json> mails = sink.received();
        REQUIRE(mails.size() == 2);
        CHECK(mails.back()["subject"] == "Your appointment is soon: 2026-12-02 13:30");
    }
}
