// mawid-server --backup: an online copy taken while a server books into the same database
// holds everything acknowledged before it started, opens cleanly, serves once restored, and
// never overwrites a file that is already there.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <random>
#include <thread>

#include "support.hpp"

#ifndef MAWID_SERVER_BINARY
#error "MAWID_SERVER_BINARY must name the mawid-server executable"
#endif

using namespace mawid::test;

namespace {

// Runs `mawid-server --db DB --backup OUT`; its messages go to `log_path`. Returns the exit
// status.
int run_backup(const std::string& db, const std::string& out, const std::string& log_path) {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (log >= 0) dup2(log, STDERR_FILENO);
        execl(MAWID_SERVER_BINARY, MAWID_SERVER_BINARY, "--db", db.c_str(), "--backup", out.c_str(),
              static_cast<char*>(nullptr));
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every bookable "race" slot of December 2026 (the 10th is closed, the 16th a holiday).
std::vector<std::string> race_slots() {
    std::vector<std::string> slots;
    for (int day = 2; day <= 30; ++day) {
        if (day == 10 || day == 16) continue;
        for (int minute = 0; minute < 7 * 60; minute += 15) {
            slots.push_back(slot_time(day, 7 + minute / 60, minute % 60));
        }
    }
    return slots;
}

// What the storm was told, in the order it was told: a booking made, or one cancelled.
struct Told {
    std::string code;
    int cpr = 0;
    bool cancelled = false;  // this answer was the cancellation of `code`
};

// Books from several connections, cancelling every third of its own bookings, until stopped.
class BookingStorm {
public:
    BookingStorm(int port, std::vector<std::string> slots)
        : port_(port), slots_(std::move(slots)) {}
    ~BookingStorm() { stop(); }

    void start(int threads) {
        for (int i = 0; i < threads; ++i) threads_.emplace_back([this, i] { client_loop(i); });
    }
    void stop() {
        stopping_ = true;
        for (auto& thread : threads_) thread.join();
        threads_.clear();
    }
    // Waits until `n` answers have been acknowledged (or the storm has failed).
    bool wait_for_acknowledged(std::size_t n) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, std::chrono::seconds(60),
                                 [&] { return acknowledged_.size() >= n || failures_ > 0; });
    }
    std::vector<Told> acknowledged() {
        std::lock_guard lock(mutex_);
        return acknowledged_;
    }
    int failures() const { return failures_; }

private:
    void client_loop(int seed) {
        std::mt19937 random(seed);
        try {
            Client client(port_);
            for (int i = 0; !stopping_; ++i) {
                int cpr = next_cpr_++;
                const std::string& start = slots_[random() % slots_.size()];
                Response r =
                    client.post("/api/v1/bookings", booking_body("race", start, cpr).dump());
                if (r.status == 409) continue;  // the slot filled first
                if (r.status != 201) return fail("booking answered " + std::to_string(r.status));
                std::string code = r.json()["code"];
                tell({code, cpr, false});
                if (i % 3 != 0) continue;
                Json body = {{"cpr", cpr_for(cpr)}};
                r = client.post("/api/v1/bookings/" + code + "/cancel", body.dump());
                if (r.status != 200) return fail("cancel answered " + std::to_string(r.status));
                tell({code, cpr, true});
            }
        } catch (const std::exception& e) {
            fail(e.what());
        }
    }
    void tell(Told answer) {
        {
            std::lock_guard lock(mutex_);
            acknowledged_.push_back(std::move(answer));
        }
        changed_.notify_all();
    }
    void fail(const std::string& why) {
        {
            std::lock_guard lock(mutex_);
            ++failures_;
            first_failure_ = first_failure_.empty() ? why : first_failure_;
        }
        changed_.notify_all();
        FAIL_CHECK("storm: " << why);
    }

    int port_;
    std::vector<std::string> slots_;
    std::atomic<bool> stopping_{false};
    std::atomic<int> next_cpr_{1};
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<Told> acknowledged_;
    std::atomic<int> failures_{0};
    std::string first_failure_;
    std::vector<std::thread> threads_;
};

class Database {
public:
    explicit Database(const std::string& path) {
        REQUIRE(sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    }
    ~Database() { sqlite3_close(db_); }
    // The first column of the first row of `sql` with `code` bound to ?1 (if it has one).
    std::string text(const char* sql, const std::string& code = {}) {
        sqlite3_stmt* statement = nullptr;
        REQUIRE(sqlite3_prepare_v2(db_, sql, -1, &statement, nullptr) == SQLITE_OK);
        if (sqlite3_bind_parameter_count(statement) > 0) {
            sqlite3_bind_text(statement, 1, code.c_str(), -1, SQLITE_TRANSIENT);
        }
        std::string value;
        if (sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_text(statement, 0)) {
            value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
        }
        sqlite3_finalize(statement);
        return value;
    }

private:
    sqlite3* db_ = nullptr;
};

// The files in `dir` whose names contain `part`.
int files_containing(const TempDir& dir, const std::string& part) {
    int n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        n += entry.path().filename().string().find(part) != std::string::npos;
    }
    return n;
}

}  // namespace

TEST_SUITE("backup") {
    TEST_CASE("a backup taken during a booking storm holds every booking acknowledged before it") {
        TempDir dir;
        const std::string db = dir.file("mawid.db");
        const std::string out = dir.file("mawid-backup.db");
        ServerProcess server(db, test_server_flags(dir), dir.file("server.log"));
        BookingStorm storm(server.port(), race_slots());
        storm.start(6);
        REQUIRE(storm.wait_for_acknowledged(200));

        const std::vector<Told> before = storm.acknowledged();
        REQUIRE(run_backup(db, out, dir.file("backup.log")) == 0);
        const std::size_t by_the_end = storm.acknowledged().size();
        // The server went on booking after the backup, without an error.
        REQUIRE(storm.wait_for_acknowledged(by_the_end + 50));
        storm.stop();
        CHECK(storm.failures() == 0);
        MESSAGE(before.size() << " answers before the backup, " << by_the_end - before.size()
                              << " while it ran");

        Database backup(out);
        CHECK(backup.text("PRAGMA integrity_check") == "ok");
        // One file, complete by itself: no -wal needed beside it.
        CHECK(backup.text("PRAGMA journal_mode") == "delete");
        for (const Told& answer : before) {
            CAPTURE(answer.code);
            std::string status =
                backup.text("SELECT status FROM bookings WHERE code = ?1", answer.code);
            if (answer.cancelled) {
                CHECK(status == "cancelled");
            } else {
                CHECK((status == "booked" || status == "cancelled"));
            }
        }
        // One snapshot: the seats taken agree with the active bookings in every slot.
        CHECK(backup.text("SELECT count(*) FROM occupancy o WHERE taken != (SELECT count(*) "
                          "FROM bookings b WHERE b.centre = o.centre AND b.service = o.service "
                          "AND b.start = o.start AND b.status IN ('booked', 'checked_in'))") ==
              "0");
        const std::string log = read_file(dir.file("backup.log"));
        CHECK(log.find("backup: wrote " + out) != std::string::npos);
        CHECK(log.find(", " + backup.text("SELECT count(*) FROM bookings") + " bookings") !=
              std::string::npos);
        CHECK(log.find("schema version " + backup.text("SELECT version FROM schema_version")) !=
              std::string::npos);
        CHECK(files_containing(dir, ".partial-") == 0);
        // Personal data: readable by its owner only.
        using std::filesystem::perms;
        CHECK((std::filesystem::status(out).permissions() &
               (perms::group_all | perms::others_all)) == perms::none);
    }

    TEST_CASE("a restored backup serves the bookings it holds") {
        TempDir dir;
        const std::string db = dir.file("mawid.db");
        const std::string out = dir.file("mawid-backup.db");
        std::vector<Told> before;
        {
            ServerProcess server(db, test_server_flags(dir), dir.file("server.log"));
            BookingStorm storm(server.port(), race_slots());
            storm.start(4);
            REQUIRE(storm.wait_for_acknowledged(60));
            before = storm.acknowledged();
            REQUIRE(run_backup(db, out, dir.file("backup.log")) == 0);
            storm.stop();
            CHECK(storm.failures() == 0);
        }
        // Restoring: the server stopped, the backup copied over a database path of its own.
        TempDir restored_dir;
        const std::string restored = restored_dir.file("mawid.db");
        std::filesystem::copy_file(out, restored);
        ServerProcess server(restored, test_server_flags(restored_dir),
                             restored_dir.file("server.log"));
        Client client(server.port());
        for (const Told& answer : before) {
            CAPTURE(answer.code);
            Json lookup = {{"code", answer.code}, {"cpr", cpr_for(answer.cpr)}};
            Response r = client.post("/api/v1/bookings/lookup", lookup.dump());
            REQUIRE(r.status == 200);
            if (answer.cancelled) CHECK(r.json()["status"] == "cancelled");
        }
        // And it takes new bookings.
        Response r = client.post("/api/v1/bookings",
                                 booking_body("multi", slot_time(3, 9, 0), 999999).dump());
        CHECK(r.status == 201);
    }

    TEST_CASE("a long read snapshot, as a backup holds, does not hold bookings up") {
        TempDir dir;
        const std::string db = dir.file("mawid.db");
        ServerProcess server(db, test_server_flags(dir), dir.file("server.log"));
        Client client(server.port());
        REQUIRE(client.post("/api/v1/bookings", booking_body("race", slot_time(2, 9, 0), 1).dump())
                    .status == 201);
        // A reader that keeps its snapshot, as --backup does while it copies.
        sqlite3* reader = nullptr;
        REQUIRE(sqlite3_open_v2(db.c_str(), &reader, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM bookings", nullptr, nullptr,
                             nullptr) == SQLITE_OK);
        // Past the reader's snapshot the WAL cannot start over: fill it beyond the size at
        // which the writer restarts it (64 MB), as a storm during a long copy would.
        sqlite3* filler = nullptr;
        REQUIRE(sqlite3_open_v2(db.c_str(), &filler, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
        sqlite3_busy_timeout(filler, 5000);
        REQUIRE(sqlite3_exec(filler,
                             "PRAGMA wal_autocheckpoint = 0; CREATE TABLE test_filler (b BLOB); "
                             "INSERT INTO test_filler VALUES (zeroblob(70 * 1024 * 1024))",
                             nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(filler);
        REQUIRE(std::filesystem::file_size(db + "-wal") > 16384u * 4096u);
        // Each of these commits asks for a RESTART checkpoint, which cannot finish while the
        // reader is there; the booking must not wait for the reader (5 s busy timeout).
        for (int cpr = 2; cpr <= 4; ++cpr) {
            auto started = std::chrono::steady_clock::now();
            Response r = client.post("/api/v1/bookings",
                                     booking_body("race", slot_time(2, 10, 0), cpr).dump());
            auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
            CHECK(r.status == 201);
            CHECK(took < 2000);
        }
        sqlite3_exec(reader, "COMMIT", nullptr, nullptr, nullptr);
        sqlite3_close(reader);
    }

    TEST_CASE("a backup never overwrites a file that exists: exit 2, the file untouched") {
        TempDir dir;
        const std::string db = dir.file("mawid.db");
        const std::string out = dir.file("mawid-backup.db");
        ServerProcess server(db, test_server_flags(dir), dir.file("server.log"));
        Client client(server.port());
        REQUIRE(client.post("/api/v1/bookings", booking_body("race", slot_time(2, 9, 0), 1).dump())
                    .status == 201);
        std::ofstream(out) << "yesterday's backup";

        CHECK(run_backup(db, out, dir.file("backup.log")) == 2);
        CHECK(read_file(out) == "yesterday's backup");
        CHECK(read_file(dir.file("backup.log")).find("exists already") != std::string::npos);
        CHECK(files_containing(dir, ".partial-") == 0);
    }

    TEST_CASE("a backup of a database that is not there fails and creates nothing") {
        TempDir dir;
        const std::string db = dir.file("missing.db");
        const std::string out = dir.file("mawid-backup.db");
        CHECK(run_backup(db, out, dir.file("backup.log")) == 1);
        CHECK(!std::filesystem::exists(db));
        CHECK(!std::filesystem::exists(out));
        CHECK(files_containing(dir, ".partial-") == 0);
    }
}  // TEST_SUITE
