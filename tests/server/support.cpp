#include "support.hpp"

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>
#include <mawid/catalog.hpp>
#include <mawid/codec.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "pg_cluster.hpp"

#ifndef MAWID_SERVER_BINARY
#error "MAWID_SERVER_BINARY must name the mawid-server executable"
#endif

namespace mawid::test {

// --- Temporary folders ------------------------------------------------------------------

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "mawid-test-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

bool on_postgresql() {
    const char* engine = std::getenv("MAWID_TEST_ENGINE");
    return engine && std::string(engine) == "postgresql";
}

const std::string& TempDir::database() const {
    if (database_.empty()) {
        // One cluster for the whole test process (initdb takes seconds), made on first use.
        // It is stopped and removed when the process exits.
        static const std::unique_ptr<PgCluster> cluster =
            on_postgresql() ? std::make_unique<PgCluster>() : nullptr;
        static std::atomic<int> made{0};
        database_ = cluster ? cluster->create_database("mawid" + std::to_string(++made))
                            : file("mawid.db");
    }
    return database_;
}

// --- The test catalogue ---------------------------------------------------------------------

namespace {

Service make_service(const std::string& id, int slot_minutes, bool one_active) {
    Service service;
    service.id = id;
    service.name = {{"en", "Test " + id}, {"ar", "اختبار"}};
    service.slot_minutes = slot_minutes;
    service.window_days = 30;
    service.min_notice_minutes = 60;
    service.one_active_per_cpr = one_active;
    return service;
}

Centre make_centre(const std::string& id, std::vector<std::string> services,
                   std::map<std::string, int> counters) {
    Centre centre;
    centre.id = id;
    centre.name = {{"en", "Centre " + id}, {"ar", "مركز"}};
    centre.governorate = "southern";
    centre.lat = 26.17;
    centre.lon = 50.55;
    centre.utc_offset_minutes = mawid::kDefaultUtcOffsetMinutes;
    for (auto& day : centre.hours) day = {Interval{7 * 60, 14 * 60}};
    centre.services = std::move(services);
    centre.counters = std::move(counters);
    return centre;
}

}  // namespace

std::string test_catalog_json() {
    Catalog catalog;
    catalog.version = "test-1";
    catalog.holidays = {Closure{Date{2026, 12, 16}, Date{2026, 12, 16}, {{"en", "National Day"}}}};
    catalog.services = {make_service("race", 15, true), make_service("multi", 30, false),
                        make_service("elsewhere", 15, true)};
    Centre centre =
        make_centre("test-centre", {"race", "multi"}, {{"race", kRaceCapacity}, {"multi", 2}});
    centre.closures = {Closure{Date{2026, 12, 10}, Date{2026, 12, 10}, {{"en", "Maintenance"}}}};
    catalog.centres = {centre, make_centre("other-centre", {"elsewhere"}, {{"elsewhere", 1}})};
    return catalog_to_json(catalog).dump();
}

std::string slot_time(int day, int hour, int minute) {
    char text[40];
    std::snprintf(text, sizeof text, "2026-12-%02dT%02d:%02d:00+03:00", day, hour, minute);
    return text;
}

std::string cpr_for(int n) {
    char text[16];
    std::snprintf(text, sizeof text, "%09d", 100000000 + n);
    return text;
}

Json booking_body(const std::string& service, const std::string& start, int cpr_n) {
    return {{"centre", "test-centre"}, {"service", service},      {"start", start},
            {"cpr", cpr_for(cpr_n)},   {"phone", "+97336001234"}, {"lang", "en"}};
}

// --- The server process -------------------------------------------------------------------

std::vector<std::string> test_server_flags(const TempDir& dir, int rate_limit) {
    std::string catalog = dir.file("catalog.json");
    if (!std::filesystem::exists(catalog)) std::ofstream(catalog) << test_catalog_json();
    return {"--seed-demo",
            "--catalog",
            catalog,
            "--now",
            kNow,
            "--rate-limit",
            std::to_string(rate_limit),
            // The booking rules, storms and crashes are tested as before; the verification
            // suite turns it on (with_verification).
            "--verification",
            "off",
            // Named, not left beside the database: a PostgreSQL database has no folder.
            "--outbox-dir",
            dir.file("outbox")};
}

std::vector<std::string> with_verification(std::vector<std::string> flags) {
    for (std::size_t i = 0; i + 1 < flags.size(); ++i) {
        if (flags[i] == "--verification") flags[i + 1] = "on";
    }
    return flags;
}

std::vector<std::string> with_now(std::vector<std::string> flags, const std::string& now) {
    for (std::size_t i = 0; i + 1 < flags.size(); ++i) {
        if (flags[i] == "--now") flags[i + 1] = now;
    }
    return flags;
}

ServerProcess::ServerProcess(const std::string& db, const std::vector<std::string>& extra,
                             const std::string& log_path) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    std::vector<std::string> args = {MAWID_SERVER_BINARY, "--port", "0", "--db", db};
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        // If this process dies first (a crash, a failed assertion), the server goes too.
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        dup2(out[1], STDOUT_FILENO);
        int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (log >= 0) dup2(log, STDERR_FILENO);
        close(out[0]);
        close(out[1]);
        std::vector<char*> argv;
        for (auto& arg : args) argv.push_back(arg.data());
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(out[1]);
    std::string line;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);
    // "listening on http://HOST:PORT": any host (a test may listen on 0.0.0.0); the
    // clients connect over loopback all the same.
    const std::string prefix = "listening on http://";
    const std::size_t colon = line.rfind(':');
    if (line.rfind(prefix, 0) != 0 || colon == std::string::npos || colon < prefix.size()) {
        wait_exit();
        throw std::runtime_error("server did not start; it printed: " + line);
    }
    port_ = std::stoi(line.substr(colon + 1));
}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) terminate();
}

int ServerProcess::wait_exit() {
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

int ServerProcess::terminate() {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    return wait_exit();
}

void ServerProcess::kill9() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    wait_exit();
}

// --- The HTTP client ----------------------------------------------------------------------

Json Response::json() const {
    return Json::parse(body, nullptr, false);
}

std::string Response::header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

std::string Response::error() const {
    Json parsed = json();
    if (parsed.is_object() && parsed.contains("error") && parsed["error"].is_string()) {
        return parsed["error"].get<std::string>();
    }
    return {};
}

Client::Client(int port, const std::string& from) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    sockaddr_in source{};
    source.sin_family = AF_INET;
    if (inet_pton(AF_INET, from.c_str(), &source.sin_addr) != 1 ||
        bind(fd_, reinterpret_cast<sockaddr*>(&source), sizeof source) != 0) {
        close(fd_);
        throw std::runtime_error("cannot connect from " + from);
    }
    timeval timeout{15, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        close(fd_);
        throw std::runtime_error(std::string("connect failed: ") + std::strerror(errno));
    }
}

Client::~Client() {
    if (fd_ >= 0) close(fd_);
}

void Client::send_raw(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        ssize_t n = send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw std::runtime_error("send failed");
        sent += static_cast<std::size_t>(n);
    }
}

void Client::shutdown_write() {
    shutdown(fd_, SHUT_WR);
}

std::optional<Response> Client::read_response(bool head_request) {
    auto fill = [this]() {
        char chunk[16384];
        ssize_t n;
        do {
            n = recv(fd_, chunk, sizeof chunk, 0);
        } while (n < 0 && errno == EINTR);
        if (n > 0) buffer_.append(chunk, static_cast<std::size_t>(n));
        return n > 0;
    };
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
        if (!fill()) return std::nullopt;
    }
    Response response;
    std::string head = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    std::size_t line_end = head.find("\r\n");
    std::string status_line = head.substr(0, line_end);
    response.status = std::stoi(status_line.substr(status_line.find(' ') + 1, 3));
    std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
    while (pos < head.size()) {
        std::size_t next = head.find("\r\n", pos);
        if (next == std::string::npos) next = head.size();
        std::string line = head.substr(pos, next - pos);
        std::size_t colon = line.find(':');
        if (colon != std::string::npos) {
            std::string name = line.substr(0, colon);
            for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            std::string value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.erase(0, 1);
            response.headers[name] = value;
        }
        pos = next + 2;
    }
    std::size_t length = 0;
    if (head_request || response.status == 304) return response;  // no body follows
    if (auto it = response.headers.find("content-length"); it != response.headers.end()) {
        length = std::stoul(it->second);
    }
    while (buffer_.size() < length) {
        if (!fill()) throw std::runtime_error("connection closed inside a body");
    }
    response.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return response;
}

int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
        if (fd >= 0) ::close(fd);
        throw std::runtime_error("no free port");
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

void start_on_a_free_port(int& port, const std::function<std::string()>& start) {
    constexpr int kTries = 5;
    for (int attempt = 1;; ++attempt) {
        port = free_port();
        std::string failure = start();
        if (failure.empty()) return;
        std::string reason = failure;
        std::transform(reason.begin(), reason.end(), reason.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        if (reason.find("address already in use") == std::string::npos || attempt == kTries) {
            throw std::runtime_error(failure);
        }
    }
}

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

int raw_hits(const TempDir& dir, const std::string& needle) {
    int hits = 0;
    for (const char* suffix : {"", "-wal"}) {
        std::string bytes = file_bytes(dir.file(std::string("mawid.db") + suffix));
        for (auto at = bytes.find(needle); at != std::string::npos; at = bytes.find(needle, at + 1))
            ++hits;
    }
    return hits;
}

namespace {

// PostgreSQL's copies of `needle` in `table`: in its rows, every version (an UPDATE or a
// DELETE leaves the old one until VACUUM), and in its indexes' entries, read from the pages
// themselves (pageinspect).
int postgresql_copies(const std::string& db, const std::string& table,
                      const std::string& needle) {
    const std::string bytes = "convert_to('" + needle + "', 'UTF8')";
    const std::string in_rows =
        "SELECT count(*) FROM generate_series(0, pg_relation_size('" + table +
        "') / 8192 - 1) AS page, heap_page_items(get_raw_page('" + table +
        "', page::int)) AS item WHERE position(" + bytes + " IN item.t_data) > 0";
    const std::string in_indexes =
        "SELECT count(*) FROM pg_index AS i, generate_series(1, pg_relation_size(i.indexrelid) "
        "/ 8192 - 1) AS page, bt_page_items(get_raw_page(i.indexrelid::regclass::text, "
        "page::int)) AS item WHERE i.indrelid = '" + table + "'::regclass "
        "AND replace(item.data, ' ', '') LIKE '%' || encode(" + bytes + ", 'hex') || '%'";
    return std::stoi(query_one(db, in_rows)) + std::stoi(query_one(db, in_indexes));
}

}  // namespace

int stored_copies(const TempDir& dir, const std::string& needle,
                  const std::vector<std::string>& tables) {
    if (!on_postgresql()) return raw_hits(dir, needle);
    const std::string& db = dir.database();
    query_rows(db, "CREATE EXTENSION IF NOT EXISTS pageinspect");
    int found = 0;
    for (const std::string& table : tables) found += postgresql_copies(db, table, needle);
    return found;
}

std::string settled_state(const TempDir& dir, int id) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    std::string state;
    while (std::chrono::steady_clock::now() < deadline) {
        state = query_one(dir.database(),
                          "SELECT state FROM outbox WHERE id = " + std::to_string(id));
        if (!state.empty() && state != "pending") return state;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return state;
}

std::string code_of(const Response& r) {
    return r.json()["code"].get<std::string>();
}

namespace {

Rows query_postgresql(const std::string& uri, const std::string& sql) {
    PGconn* conn = PQconnectdb(uri.c_str());
    PGresult* result = PQstatus(conn) == CONNECTION_OK ? PQexec(conn, sql.c_str()) : nullptr;
    const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    const bool ok = status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK;
    Rows rows;
    for (int r = 0; ok && r < PQntuples(result); ++r) {
        std::vector<std::string>& row = rows.emplace_back();
        for (int c = 0; c < PQnfields(result); ++c) row.emplace_back(PQgetvalue(result, r, c));
    }
    std::string why = PQerrorMessage(conn);
    PQclear(result);
    PQfinish(conn);
    if (!ok) throw std::runtime_error("query: " + why);
    return rows;
}

Rows query_sqlite(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK ||
        sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
        std::string why = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        throw std::runtime_error("query: " + why);
    }
    Rows rows;
    while (sqlite3_step(statement) == SQLITE_ROW) {
        std::vector<std::string>& row = rows.emplace_back();
        for (int c = 0; c < sqlite3_column_count(statement); ++c) {
            const unsigned char* text = sqlite3_column_text(statement, c);
            row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
        }
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return rows;
}

}  // namespace

Rows query_rows(const std::string& db, const std::string& sql) {
    if (db.rfind("postgresql://", 0) == 0) return query_postgresql(db, sql);
    return query_sqlite(db, sql);
}

std::string query_one(const std::string& db, const std::string& sql) {
    Rows rows = query_rows(db, sql);
    return rows.empty() || rows[0].empty() ? "" : rows[0][0];
}

std::string gunzip(const std::string& packed) {
    z_stream stream{};
    if (inflateInit2(&stream, 15 + 16) != Z_OK) throw std::runtime_error("inflateInit2");
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
    stream.avail_in = static_cast<uInt>(packed.size());
    std::string out;
    int result = Z_OK;
    while (result == Z_OK) {
        char chunk[16384];
        stream.next_out = reinterpret_cast<Bytef*>(chunk);
        stream.avail_out = sizeof chunk;
        result = inflate(&stream, Z_NO_FLUSH);
        out.append(chunk, sizeof chunk - stream.avail_out);
    }
    inflateEnd(&stream);
    if (result != Z_STREAM_END) throw std::runtime_error("not a whole gzip stream");
    return out;
}

// With MAWID_CONTRACT_LOG set, every answer the tests receive is appended to that file as
// one JSON line, which tests/contract/check.mjs validates against docs/openapi.yaml: so an
// answer the contract does not describe fails the test command, wherever a test provoked it.
namespace {
void record_for_contract(const std::string& method, const std::string& target,
                         const Response& response) {
    static const char* path = std::getenv("MAWID_CONTRACT_LOG");
    if (!path || !*path) return;
    // mawid-server names every answer it makes; one without a name is a proxy's own (nginx's
    // 502 while a server is down, in suite several_servers), not the contract's.
    if (response.header("x-request-id").empty()) return;
    Json line = {{"method", method},
                 {"target", target},
                 {"status", response.status},
                 {"content_type", response.header("content-type")},
                 // The contract describes what the client reads, after decoding.
                 {"body", response.header("content-encoding") == "gzip" ? gunzip(response.body)
                                                                        : response.body}};
    std::string text = line.dump(-1, ' ', false, Json::error_handler_t::replace) + '\n';
    // One write with O_APPEND: lines from threads and from suites run by ctest -j never mix.
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error(std::string("cannot open MAWID_CONTRACT_LOG ") + path);
    ssize_t written = write(fd, text.data(), text.size());
    close(fd);
    if (written != static_cast<ssize_t>(text.size())) {
        throw std::runtime_error("short write to MAWID_CONTRACT_LOG");
    }
}
}  // namespace

Response Client::request(const std::string& method, const std::string& target,
                         const std::string& body,
                         const std::vector<std::pair<std::string, std::string>>& headers) {
    std::string bytes = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const auto& [name, value] : headers) bytes += name + ": " + value + "\r\n";
    // A caller that names its own Content-Type (a CSV upload) keeps it; JSON otherwise.
    const bool typed = std::any_of(headers.begin(), headers.end(), [](const auto& header) {
        return header.first == "Content-Type";
    });
    if (method == "POST" || !body.empty()) {
        if (!typed) bytes += "Content-Type: application/json\r\n";
        bytes += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    bytes += "\r\n" + body;
    send_raw(bytes);
    auto response = read_response(method == "HEAD");
    if (!response) throw std::runtime_error("the server closed the connection");
    record_for_contract(method, target, *response);
    return *response;
}

Response Client::get(const std::string& target,
                     const std::vector<std::pair<std::string, std::string>>& headers) {
    return request("GET", target, "", headers);
}

Response Client::post(const std::string& target, const std::string& body,
                      const std::vector<std::pair<std::string, std::string>>& headers) {
    return request("POST", target, body, headers);
}

Response wait_for(Client& client, const std::string& target,
                  const std::function<bool(const Response&)>& done) {
    auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    Response last = client.get(target);
    while (!done(last) && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a poll, not the wait
        last = client.get(target);
    }
    return last;
}

bool server_alive(int port) {
    try {
        Client client(port);
        return client.get("/healthz").status == 200;
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace mawid::test
