// The catalogue's CSV export and import (docs/catalog-csv.md): the exact report of a file with
// every kind of problem, a round trip that changes nothing, RFC 4180 quoting with a BOM and
// Arabic text, the stranded bookings of a preview, the API's refusals and the command line.
#include <doctest/doctest.h>
#include <fcntl.h>

#include <mawid/catalog_csv.hpp>
#include <mawid/staff.hpp>

#include "staff_fixture.hpp"

using namespace mawid;
using namespace mawid::test;

namespace {

const std::string kImport = "/api/v1/staff/catalog/import";

LocalizedText six(const std::string& en) {
    return {{"en", en},         {"ar", "مركز " + en}, {"ur", "مرکز " + en},
            {"hi", "केंद्र " + en}, {"bn", "কেন্দ্র " + en}, {"fa", "مرکز " + en}};
}

// The test catalogue (support.hpp) with names in all six languages.
std::string six_language_catalog() {
    Catalog catalog = catalog_from_json(Json::parse(test_catalog_json())).value();
    for (Service& service : catalog.services) service.name = six("Service " + service.id);
    for (Centre& centre : catalog.centres) centre.name = six("Centre " + centre.id);
    return catalog_to_json(catalog).dump();
}

// A staff server whose catalogue has every name in six languages.
struct CsvServer {
    static std::vector<std::string> flags(const TempDir& dir) {
        std::ofstream(dir.file("six.json")) << six_language_catalog();
        return {"--catalog", dir.file("six.json")};
    }
    TempDir files;
    StaffServer t{flags(files)};

    Response upload(const std::string& query, const std::string& csv,
                    const std::string& type = "text/csv") {
        return t.admin.raw().request(
            "POST", kImport + query, csv,
            {{kStaffHeader, "1"}, {"Cookie", t.admin.cookie}, {"Content-Type", type}});
    }
    std::string download(const std::string& file) {
        Response r = t.admin.get("/api/v1/staff/catalog/" + file);
        REQUIRE(r.status == 200);
        CHECK(r.header("content-type") == "text/csv; charset=utf-8");
        return r.body;
    }
    Json catalog() { return t.citizen.get("/api/v1/catalog").json(); }
};

// One problem as the report gives it: "line:column column_name reason".
std::vector<std::string> problems(const Json& report) {
    std::vector<std::string> list;
    for (const Json& p : report["problems"]) {
        list.push_back(std::to_string(p["line"].get<int>()) + ":" +
                       std::to_string(p["column"].get<int>()) + " " +
                       p["column_name"].get<std::string>() + " " + p["reason"].get<std::string>());
    }
    return list;
}

std::string header_of(const std::string& csv) {
    return csv.substr(0, csv.find("\r\n") + 2);
}

// The centres file's fields for a row, from the column names (the rest empty).
std::string centre_row(const std::map<std::string, std::string>& given) {
    const std::vector<std::string> columns = {
        "id",       "name_en",  "name_ar",  "name_ur",  "name_hi",  "name_bn",  "name_fa",
        "governorate", "lat",   "lon",      "hours_sun", "hours_mon", "hours_tue", "hours_wed",
        "hours_thu", "hours_fri", "hours_sat", "counters", "live_from", "service_live_from"};
    std::vector<std::string> fields;
    for (const std::string& column : columns) {
        auto found = given.find(column);
        fields.push_back(found == given.end() ? "" : found->second);
    }
    return csv_record(fields);
}

std::map<std::string, std::string> good_centre(const std::string& id) {
    const LocalizedText names = six("Centre " + id);
    std::map<std::string, std::string> row = {{"id", id},
                                              {"governorate", "southern"},
                                              {"lat", "26.17"},
                                              {"lon", "50.55"},
                                              {"counters", "race=3; multi=2"}};
    for (const auto& [lang, name] : names) row["name_" + lang] = name;
    for (const char* day : {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}) {
        row[std::string("hours_") + day] = "07:00-14:00";
    }
    if (id == "other-centre") row["counters"] = "elsewhere=1";
    return row;
}

// Runs mawid-server with `args`; its standard output goes to `out`. Returns the exit status.
int run_server_command(const std::vector<std::string>& args, const std::string& out) {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        std::vector<std::string> all = {MAWID_SERVER_BINARY};
        all.insert(all.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& arg : all) argv.push_back(arg.data());
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string stored_version(const std::string& db_path) {
    return query_one(db_path, "SELECT version FROM catalog WHERE id = 1");
}

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_SUITE("catalog_csv") {
    TEST_CASE("a file with every kind of problem gets each one by line, column and reason") {
        CsvServer s;
        auto bad = good_centre("test-centre");
        bad["name_fa"] = "";
        bad["hours_mon"] = "07:00-12:00 11:00-14:00";
        bad["counters"] = "race=3; multi=2; ghost=1";
        bad["live_from"] = "2026-11-01";
        auto renamed = good_centre("other-centre");
        renamed["id"] = "other-centre-2";  // same names: the centre's id changed
        auto added = good_centre("north-centre");
        added["governorate"] = "west";
        added["lat"] = "north";
        added["hours_tue"] = "7-14";
        added["service_live_from"] = "multi=2027-13-01";
        const std::string csv = header_of(s.download("centres.csv")) + centre_row(bad) +
                                centre_row(renamed) + "short-row,x\r\n" + centre_row(added);
        Response r = s.upload("?file=centres&dry_run=1", csv);
        REQUIRE_MESSAGE(r.status == 200, r.body);
        Json report = r.json();
        CHECK(report["clean"] == false);
        CHECK(report["dry_run"] == true);
        CHECK(problems(report) == std::vector<std::string>{
                                      "2:7 name_fa name_missing",
                                      "2:12 hours_mon overlapping_hours",
                                      "2:18 counters unknown_service",
                                      "2:19 live_from date_in_past",
                                      "4:3  wrong_field_count",
                                      "5:8 governorate bad_governorate",
                                      "5:9 lat bad_number",
                                      "5:13 hours_tue bad_hours",
                                      "5:20 service_live_from bad_date",
                                      "3:1 id id_changed",
                                  });
        CHECK(report["problems"][1]["detail"] == "07:00-12:00 and 11:00-14:00 overlap.");
        CHECK(report["problems"][9]["detail"] ==
              "The centre other-centre cannot change its id to other-centre-2.");
        // A centre left out is a problem of the whole file; a header it cannot read stops it.
        Response missing = s.upload("?file=centres&dry_run=1",
                                    header_of(csv) + centre_row(good_centre("test-centre")));
        CHECK(problems(missing.json()) == std::vector<std::string>{"0:1 id centre_missing"});
        Response header = s.upload("?file=centres&dry_run=1", "id,name_en,colour\r\nx,y,z\r\n");
        CHECK(problems(header.json()).front() == "1:3 colour unknown_column");
        // A file with problems is never applied.
        Response applied = s.upload("?file=centres", csv);
        CHECK(applied.status == 422);
        CHECK(applied.error() == "catalog_import_problems");
        CHECK(applied.json()["report"]["problems"].size() == 10);
        CHECK(s.catalog()["version"] == "test-1");
    }

    TEST_CASE("an exported catalogue imported again changes nothing") {
        CsvServer s;
        const Json before = s.catalog();
        for (const std::string file : {"services", "centres"}) {
            const std::string csv = s.download(file + ".csv");
            Response dry = s.upload("?file=" + file + "&dry_run=1", csv);
            REQUIRE_MESSAGE(dry.status == 200, dry.body);
            CHECK(dry.json()["clean"] == true);
            CHECK(dry.json()["changes"] == catalog_import_report_to_json({}).at("changes"));
            CHECK(dry.json()["stranded"].empty());
        }
        const std::string version = before["version"].get<std::string>();
        Response applied =
            s.upload("?file=centres&version=" + version, s.download("centres.csv"));
        REQUIRE_MESSAGE(applied.status == 200, applied.body);
        CHECK(applied.json()["applied"] == true);
        CHECK(applied.json()["version"] == "test-1-r1");
        Json after = s.catalog();
        CHECK(after["version"] == "test-1-r1");
        after["version"] = before["version"];
        CHECK(after == before);
        // Applying against the version previewed, once it moved on, is refused.
        Response stale = s.upload("?file=centres&version=" + version, s.download("centres.csv"));
        CHECK(stale.status == 409);
        CHECK(stale.error() == "catalog_changed");
        Response trail = s.t.admin.get("/api/v1/staff/audit?action=catalog_imported");
        REQUIRE(trail.status == 200);
        CHECK(trail.body.find("centres.csv, version test-1-r1") != std::string::npos);
    }

    TEST_CASE("quoted fields with commas, quotes and line breaks, a BOM and Arabic text") {
        CsvServer s;
        auto row = good_centre("test-centre");
        row["name_ar"] = "مركز \"الاختبار\"، الفرع\nالثاني";
        row["name_en"] = "Test centre, annex";
        row["hours_sun"] = "07:00-11:00 12:00-14:00";  // a break at 11:00
        auto other = good_centre("other-centre");
        other["lon"] = "east";
        const std::string head = header_of(s.download("centres.csv"));
        const std::string bom = "\xEF\xBB\xBF";
        // The first record spans lines 2 and 3, so the next one starts on line 4.
        Response bad = s.upload("?file=centres&dry_run=1",
                                bom + head + centre_row(row) + centre_row(other));
        CHECK(problems(bad.json()) == std::vector<std::string>{"4:10 lon bad_number"});
        Response good = s.upload("?file=centres", bom + head + centre_row(row) +
                                                      centre_row(good_centre("other-centre")));
        REQUIRE_MESSAGE(good.status == 200, good.body);
        CHECK(good.json()["changes"]["centres_changed"] == Json::array({"test-centre"}));
        CHECK(good.json()["changes"]["hours_changed"] == Json::array({"test-centre"}));
        Json centre = s.catalog()["centres"][0];
        CHECK(centre["name"]["ar"] == "مركز \"الاختبار\"، الفرع\nالثاني");
        CHECK(centre["name"]["en"] == "Test centre, annex");
        CHECK(centre["hours"]["sun"] == Json::parse(R"([["07:00","11:00"],["12:00","14:00"]])"));
        // The export writes it back quoted, and it reads back the same.
        const std::string csv = s.download("centres.csv");
        CHECK(csv.find("\"Test centre, annex\"") != std::string::npos);
        Response again = s.upload("?file=centres&dry_run=1", csv);
        CHECK(again.json()["changes"]["centres_changed"].empty());
        // A stray quote, or one never closed, is a malformed file.
        Response stray = s.upload("?file=centres&dry_run=1", head + "a\"b,c\r\n");
        CHECK(problems(stray.json()) == std::vector<std::string>{"2:1  malformed_csv"});
        Response open = s.upload("?file=centres&dry_run=1", head + "\"never closed,c\r\n");
        CHECK(problems(open.json()) == std::vector<std::string>{"2:1  malformed_csv"});
        Response latin1 = s.upload("?file=centres&dry_run=1", head + "caf\xE9\r\n");
        CHECK(problems(latin1.json()) == std::vector<std::string>{"2:0  not_utf8"});
    }

    TEST_CASE("a preview lists the bookings new hours or a later go-live would strand") {
        CsvServer s;
        const std::string early = s.t.book("race", slot_time(2, 8, 0), 1);  // a Wednesday
        const std::string late = s.t.book("multi", slot_time(3, 12, 0), 2);
        auto row = good_centre("test-centre");
        row["hours_wed"] = "10:00-14:00";
        row["service_live_from"] = "multi=2026-12-05";
        const std::string csv = header_of(s.download("centres.csv")) + centre_row(row) +
                                centre_row(good_centre("other-centre"));
        Response r = s.upload("?file=centres&dry_run=1", csv);
        REQUIRE_MESSAGE(r.status == 200, r.body);
        Json report = r.json();
        CHECK(report["clean"] == true);
        CHECK(report["changes"]["hours_changed"] == Json::array({"test-centre"}));
        CHECK(report["changes"]["golive_moved"] ==
              Json::parse(R"([{"centre":"test-centre","service":"multi","from":"","to":"2026-12-05"}])"));
        REQUIRE(report["stranded"].size() == 2);
        CHECK(report["stranded"][0]["code"] == early);
        CHECK(report["stranded"][1]["code"] == late);
        CHECK(s.catalog()["version"] == "test-1");  // a dry run changes nothing
    }

    TEST_CASE("only an admin imports, with a CSV body and a named file") {
        CsvServer s;
        StaffClient sup = s.t.signed_in("sup");
        CHECK(sup.get("/api/v1/staff/catalog/centres.csv").status == 403);
        Response by_sup = sup.raw().request(
            "POST", kImport + "?file=centres&dry_run=1", "id\r\n",
            {{kStaffHeader, "1"}, {"Cookie", sup.cookie}, {"Content-Type", "text/csv"}});
        CHECK(by_sup.status == 403);
        Response no_file = s.upload("?dry_run=1", "id\r\n");
        CHECK(no_file.status == 400);
        CHECK(no_file.json()["field"] == "file");
        Response json = s.upload("?file=centres&dry_run=1", "{}", "application/json");
        CHECK(json.status == 415);
        CHECK(s.upload("?file=centres&dry_run=maybe", "id\r\n").status == 400);
        // The services file: a new service, and a changed one, by id.
        std::string services = s.download("services.csv");
        services += csv_record({"passport", "Passport", "جواز", "پاسپورٹ", "पासपोर्ट", "পাসপোর্ট",
                                "گذرنامه", "", "", "", "", "", "", "20", "30", "60", "yes"});
        Response added = s.upload("?file=services&dry_run=1", services);
        CHECK(added.json()["changes"]["services_added"] == Json::array({"passport"}));
        CHECK(added.json()["clean"] == true);
        // An upload may be larger than any other request body (a country's centres)...
        std::string large = header_of(s.download("centres.csv"));
        while (large.size() < 40000) large += centre_row(good_centre("test-centre"));
        Response read = s.upload("?file=centres&dry_run=1", large);
        CHECK(read.status == 200);
        CHECK(read.json()["problems"][0]["reason"] == "duplicate_id");
        // ...while elsewhere the usual limit holds (the server then closes the connection).
        Response refused = s.t.admin.post("/api/v1/staff/users", Json{{"username", large}});
        CHECK(refused.status == 413);
    }

    TEST_CASE("the command line checks, refuses a file with problems and applies a clean one") {
        CsvServer s;
        const std::string centres = s.download("centres.csv");
        auto bad = good_centre("test-centre");
        bad["hours_fri"] = "09:00-08:00";
        REQUIRE(s.t.server.terminate() == 0);
        const std::string db = s.t.dir.database();
        std::ofstream(s.files.file("good.csv")) << centres;
        std::ofstream(s.files.file("bad.csv"))
            << header_of(centres) + centre_row(bad) + centre_row(good_centre("other-centre"));
        const std::string out = s.files.file("out.txt");
        CHECK(run_server_command({"--db", db, "--import-catalog", s.files.file("bad.csv"),
                                  "--dry-run"},
                                 out) == 3);
        CHECK(read_text(out).find("centres.csv:2:16 (hours_fri) bad_hours") != std::string::npos);
        CHECK(run_server_command({"--db", db, "--import-catalog", s.files.file("bad.csv")}, out) ==
              3);
        CHECK(stored_version(db) == "test-1");
        CHECK(run_server_command({"--db", db, "--import-catalog", s.files.file("good.csv"),
                                  "--dry-run"},
                                 out) == 0);
        CHECK(read_text(out).find("no changes") != std::string::npos);
        CHECK(stored_version(db) == "test-1");
        CHECK(run_server_command({"--db", db, "--import-catalog", s.files.file("good.csv"),
                                  "--import-services", s.files.file("missing.csv")},
                                 out) == 1);
        CHECK(run_server_command({"--db", db, "--import-catalog", s.files.file("good.csv")}, out) ==
              0);
        CHECK(read_text(out).find("applied as version test-1-r1") != std::string::npos);
        CHECK(stored_version(db) == "test-1-r1");
    }
}
