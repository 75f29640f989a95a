// Test support for the server's integration tests: a temporary folder, the real
// mawid-server as a child process, a small blocking HTTP/1.1 client over loopback, and the
// test catalogue. Plain POSIX sockets: quick to compile, nothing hidden.
#pragma once

#include <sys/types.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mawid::test {

using Json = nlohmann::json;

// A fresh folder under /tmp, removed with everything in it at the end of the scope.
class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::filesystem::path& path() const { return path_; }
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    // The database a server under test gets (its --db): the file mawid.db here, or, when
    // the suites run on PostgreSQL (MAWID_TEST_ENGINE=postgresql), a fresh database of
    // its own on the process's throwaway cluster. The same for every call.
    const std::string& database() const;

private:
    std::filesystem::path path_;
    mutable std::string database_;
};

// Whether the suites run against PostgreSQL (MAWID_TEST_ENGINE=postgresql) or SQLite.
bool on_postgresql();

// The fixed "now" every integration test runs at: Tuesday 1 December 2026, 06:00 in Bahrain.
inline constexpr const char* kNow = "2026-12-01T06:00:00+03:00";

// The test catalogue: one centre open 07:00-14:00 every day except a closure on
// 2026-12-10 and the holiday 2026-12-16; services
//   "race"  (15 min, 3 counters, one active booking per CPR),
//   "multi" (30 min, 2 counters, any number of bookings per CPR),
//   "elsewhere" (offered only at the second centre).
// Returns its JSON text (written with shared/'s own encoder).
std::string test_catalog_json();
inline constexpr int kRaceCapacity = 3;

// "2026-12-DDTHH:MM:00+03:00"
std::string slot_time(int day, int hour, int minute);

// A distinct valid CPR (9 digits) for each n.
std::string cpr_for(int n);

// The real server binary as a child process on a free port.
class ServerProcess {
public:
    // Starts `mawid-server --port 0 --db DB` plus `extra`; waits for the listening line.
    ServerProcess(const std::string& db, const std::vector<std::string>& extra,
                  const std::string& log_path);
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    // SIGTERM, then waits; returns the exit status (or 128 + signal).
    int terminate();
    // SIGKILL, then waits: a crash.
    void kill9();
    bool running() const { return pid_ > 0; }

private:
    int wait_exit();
    pid_t pid_ = -1;
    int port_ = 0;
};

// The usual flags for a test server: the test catalogue, fixed now, no rate limit.
std::vector<std::string> test_server_flags(const TempDir& dir, int rate_limit = 0);

// `flags` with the server's clock at `now` (RFC 3339) instead: a restart days later.
std::vector<std::string> with_now(std::vector<std::string> flags, const std::string& now);
// `flags` with citizens' verification on, as in production.
std::vector<std::string> with_verification(std::vector<std::string> flags);

struct Response {
    int status = 0;
    std::map<std::string, std::string> headers;  // names lowercased
    std::string body;
    Json json() const;
    std::string header(const std::string& lowercase_name) const;
    std::string error() const;  // the "error" code of a JSON error body, or ""
};

// One keep-alive connection. Every call throws std::runtime_error when the network fails.
class Client {
public:
    // Connects from `from`, a loopback address: 127.0.0.2 is another client to the server.
    explicit Client(int port, const std::string& from = "127.0.0.1");
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    Response get(const std::string& target,
                 const std::vector<std::pair<std::string, std::string>>& headers = {});
    Response post(const std::string& target, const std::string& body,
                  const std::vector<std::pair<std::string, std::string>>& headers = {});
    Response request(const std::string& method, const std::string& target, const std::string& body,
                     const std::vector<std::pair<std::string, std::string>>& headers);

    // Sends bytes as they are; then reads one response (nullopt if the server closed).
    void send_raw(const std::string& bytes);
    std::optional<Response> read_response(bool head_request = false);
    void shutdown_write();

private:
    int fd_ = -1;
    std::string buffer_;
};

// A loopback port nothing listens on now: the kernel's choice for a socket bound to port 0.
int free_port();

// Starts something that listens on `port` (a free_port()): `start` returns "" when it is up,
// else why not. A port found free may be taken before it is bound (tests running beside
// this one connect out from the same range of ports): when the reason says "address already
// in use" (in any case), another port is tried, up to five times. Throws std::runtime_error otherwise.
void start_on_a_free_port(int& port, const std::function<std::string()>& start);

// Asks until `done` holds for an answer of GET `target`, or 30 s pass; returns the last one.
Response wait_for(Client& client, const std::string& target,
                  const std::function<bool(const Response&)>& done);

// GET /healthz on a fresh connection: true when it answers 200.
bool server_alive(int port);

// Every row of `sql`, each column as text ("" for NULL), read from the database itself (a
// SQLite file, read only, or a PostgreSQL URI, where a command without rows may be run too).
// Throws when the database or the SQL is bad.
using Rows = std::vector<std::vector<std::string>>;
Rows query_rows(const std::string& db, const std::string& sql);

// The first column of the first row of `sql` (query_rows); "" when there is no row.
std::string query_one(const std::string& db, const std::string& sql);

// The whole file at `path` as bytes ("" when it cannot be read).
std::string file_bytes(const std::string& path);

// How often `needle` occurs in the database file and its WAL together: whether personal
// data is really gone from the disk, not only from the rows.
int raw_hits(const TempDir& dir, const std::string& needle);

// Where erased data could still be: on SQLite the bytes of the database file and its WAL
// (raw_hits); on PostgreSQL every version of `tables`' rows and their index entries, read
// from the pages (the free space of its pages and its own WAL are its storage's: see
// docs/privacy.md).
int stored_copies(const TempDir& dir, const std::string& needle,
                  const std::vector<std::string>& tables);

// The state of outbox message `id` once it is no longer "pending" (the last read after 30 s).
std::string settled_state(const TempDir& dir, int id);

// The booking code of a 201 answer to a booking.
std::string code_of(const Response& r);

// The bytes a gzip body stands for (zlib, as a browser would decode it); throws if not gzip.
std::string gunzip(const std::string& packed);

// Books through the API: body for a booking of `service` at `start` by CPR n.
Json booking_body(const std::string& service, const std::string& start, int cpr_n);

}  // namespace mawid::test
