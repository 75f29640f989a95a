// mawid-load: a booking storm and availability reads against mawid-server, with latency
// percentiles, an over-capacity check through the API after each storm, and the same storm
// against a server that commits one transaction per booking (the group-commit baseline).
//
//   mawid-load --server build/native/server/mawid-server [--catalog assets/catalog.json]
//   mawid-load --port 8080            (an already running server: no baseline)
//   options: --connections N (256) --seconds S (5) --rounds N (3)
//            --phases hot,wide,warm,cold,mixed
//            --smoke (a few hundred requests per phase, for ctest)
//            --server-arg ARG (repeatable: more flags for the servers started, e.g. a gateway)
//            --sessions (verified citizens: one session per connection, made before the
//                        storms from the codes in the server's outbox folder)
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "http_load.hpp"

using namespace mawid::load;
using Json = nlohmann::json;

namespace {

struct Options {
    std::string server_binary;
    std::string catalog;
    int port = 0;
    int connections = 256;
    int seconds = 5;
    int rounds = 3;  // --rounds: alternating group-commit / baseline storms
    bool smoke = false;
    std::string phases = "hot,wide,warm,cold,mixed";  // --phases: which phases to run
    std::vector<std::string> server_args;              // --server-arg, repeatable
    bool sessions = false;                             // --sessions
    bool wants(const char* phase) const { return phases.find(phase) != std::string::npos; }
};

// A mawid-server started by this tool on a fresh database; stopped with SIGTERM.
class SpawnedServer {
public:
    SpawnedServer(const Options& options, bool group_commit) {
        char pattern[] = "/tmp/mawid-load-XXXXXX";
        if (!mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
        dir_ = pattern;
        std::vector<std::string> args = {options.server_binary, "--port", "0", "--db",
                                         dir_ + "/load.db", "--seed-demo", "--rate-limit", "0",
                                         "--quiet",
                                         // Every load connection comes from this one address.
                                         "--client-connections", "100000"};
        if (options.sessions) {
            // Verified citizens, one phone per connection, each booking for many CPRs.
            args.insert(args.end(), {"--verification", "on", "--code-resend-seconds", "0",
                                     "--codes-per-minute", "100000", "--max-cprs-per-phone",
                                     "100", "--max-active-per-person", "100"});
        } else {
            // Random CPRs from one address: a storm, not citizens.
            args.insert(args.end(), {"--verification", "off"});
        }
        if (!options.catalog.empty()) {
            args.push_back("--catalog");
            args.push_back(options.catalog);
        }
        if (!group_commit) args.push_back("--no-group-commit");
        args.insert(args.end(), options.server_args.begin(), options.server_args.end());
        int out[2];
        if (pipe(out) != 0) throw std::runtime_error("pipe failed");
        pid_ = fork();
        if (pid_ == 0) {
            // If this process dies first (a crash, a failed assertion), the server goes too.
            prctl(PR_SET_PDEATHSIG, SIGTERM);
            dup2(out[1], STDOUT_FILENO);
            int log = open((dir_ + "/server.log").c_str(), O_WRONLY | O_CREAT, 0644);
            dup2(log, STDERR_FILENO);
            close(out[0]);
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
        auto colon = line.rfind(':');
        if (line.rfind("listening on", 0) != 0 || colon == std::string::npos) {
            throw std::runtime_error("the server did not start: " + line);
        }
        port_ = std::stoi(line.substr(colon + 1));
    }
    ~SpawnedServer() {
        kill(pid_, SIGTERM);
        int status = 0;
        while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    std::string outbox() const { return dir_ + "/outbox"; }

private:
    pid_t pid_ = -1;
    int port_ = 0;
    std::string dir_;
};

struct SlotRef {
    std::string centre;
    std::string service;
    std::string start;
    int capacity = 0;
    friend bool operator<(const SlotRef& a, const SlotRef& b) {
        return std::tie(a.centre, a.service, a.start) < std::tie(b.centre, b.service, b.start);
    }
};

std::string today_in_bahrain(int plus_days = 0) {
    std::time_t now = std::time(nullptr) + 3 * 3600 + plus_days * 86400;
    std::tm local{};
    gmtime_r(&now, &local);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &local);
    return text;
}

std::string availability_target(const std::string& centre, const std::string& service,
                                const std::string& from, int days) {
    return "/api/v1/availability?centre=" + centre + "&service=" + service + "&from=" + from +
           "&days=" + std::to_string(days);
}

// True when citizens may book the pair today: its own go-live date, else the centre's, has
// come (shared/'s is_live; YYYY-MM-DD texts compare as the dates do, "" is live).
bool live_today(const Json& centre, const std::string& service, const std::string& today) {
    std::string from = centre.value("live_from", "");
    if (centre.contains("service_live_from")) {
        from = centre["service_live_from"].value(service, from);
    }
    return from <= today;
}

// Every (centre, service) pair of the catalogue that takes bookings today: the others answer
// not_live_yet, which is not load on the booking path.
std::vector<std::pair<std::string, std::string>> offerings(int port) {
    Answer answer = fetch(port, {"GET", "/api/v1/catalog", "", ""});
    if (answer.status != 200) throw std::runtime_error("GET /api/v1/catalog failed");
    Json catalog = Json::parse(answer.body);
    const std::string today = today_in_bahrain();
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& centre : catalog["centres"]) {
        for (const auto& service : centre["services"]) {
            if (live_today(centre, service, today)) pairs.emplace_back(centre["id"], service);
        }
    }
    return pairs;
}

// Bookable slots with every seat free, from the availability API.
std::vector<SlotRef> free_slots(int port,
                                const std::vector<std::pair<std::string, std::string>>& pairs,
                                int days, std::size_t limit) {
    std::vector<SlotRef> slots;
    const std::string from = today_in_bahrain();
    for (const auto& [centre, service] : pairs) {
        Answer answer = fetch(port, {"GET", availability_target(centre, service, from, days), "", ""});
        if (answer.status != 200) continue;
        Json body =
            Json::parse(answer.body);  // named: a range-for over a temporary's member dangles
        for (const auto& slot : body["slots"]) {
            if (slot["free"] == slot["capacity"] && slot["capacity"].get<int>() > 0) {
                slots.push_back({centre, service, slot["start"], slot["capacity"]});
            }
        }
        if (slots.size() >= limit) break;
    }
    return slots;
}

// Written without a JSON library: the load tool must cost far less than the server it drives.
std::string booking_body(const SlotRef& slot, std::uint64_t cpr, const std::string& phone) {
    char cpr_text[16];
    std::snprintf(cpr_text, sizeof cpr_text, "%09llu",
                  static_cast<unsigned long long>(100000000 + cpr % 900000000));
    return "{\"centre\":\"" + slot.centre + "\",\"service\":\"" + slot.service + "\",\"start\":\"" +
           slot.start + "\",\"cpr\":\"" + cpr_text +
           "\",\"phone\":\"" + phone + "\",\"lang\":\"ar\"}";
}

// The string value of "key" in a flat JSON object written by the server (no escapes in ids).
std::string string_member(const std::string& json, const std::string& key) {
    std::string needle = "\"" + key + "\":\"";
    std::size_t at = json.find(needle);
    if (at == std::string::npos) return {};
    at += needle.size();
    return json.substr(at, json.find('"', at) - at);
}

void print_phase(const char* name, const PhaseResult& r, const std::string& extra) {
    std::printf(
        "  %-12s %8llu requests in %5.2fs  %9.0f req/s  p50 %7.2f ms  p99 %7.2f ms  "
        "p99.9 %7.2f ms  errors %llu%s\n",
        name, static_cast<unsigned long long>(r.requests), r.seconds, r.per_second(),
        r.percentile(50), r.percentile(99), r.percentile(99.9),
        static_cast<unsigned long long>(r.failures), extra.c_str());
    std::fflush(stdout);
}

struct StormOutcome {
    PhaseResult phase;
    std::map<SlotRef, int> booked;  // 201s per slot
    std::uint64_t created = 0;
    std::uint64_t full = 0;
    std::uint64_t other = 0;
};

// A verified citizen's session: its phone and the Cookie header that carries it.
struct Session {
    std::string phone;
    std::string cookie;  // "Cookie: mawid_citizen=...\r\n"
};

// Many connections booking `slots` (chosen at random); every CPR is new. With sessions,
// each request books as the next session in turn (its phone, its cookie), as many citizens
// do who book once or a few times each.
StormOutcome storm(int port, const std::vector<SlotRef>& slots, const Options& options,
                   std::uint64_t& next_cpr, std::uint64_t seed,
                   const std::vector<Session>& sessions) {
    StormOutcome outcome;
    if (slots.empty()) throw std::runtime_error("no free slots to book: is the catalogue loaded?");
    std::mt19937_64 random(seed);
    std::size_t next_session = 0;
    std::map<std::string, const SlotRef*> index;  // "centre|service|start" -> slot
    for (const SlotRef& slot : slots)
        index[slot.centre + "|" + slot.service + "|" + slot.start] = &slot;
    PhaseConfig config{port, options.connections, std::chrono::seconds(options.seconds),
                       options.smoke ? 300u : 0u};
    outcome.phase = run_phase(
        config,
        [&](int /*connection*/) {
            const SlotRef& slot = slots[random() % slots.size()];
            if (sessions.empty()) {
                return Request{"POST", "/api/v1/bookings",
                               booking_body(slot, next_cpr++, "+97336001234"), ""};
            }
            const Session& session = sessions[next_session++ % sessions.size()];
            return Request{"POST", "/api/v1/bookings",
                           booking_body(slot, next_cpr++, session.phone), session.cookie};
        },
        [&](const Request& request, const Answer& answer) {
            if (answer.status == 201) {
                ++outcome.created;
                // The answer names centre, service and start: count it against that slot.
                auto it = index.find(string_member(answer.body, "centre") + "|" +
                                     string_member(answer.body, "service") + "|" +
                                     string_member(answer.body, "start"));
                if (it != index.end()) ++outcome.booked[*it->second];
            } else if (answer.status == 409) {
                ++outcome.full;
            } else {
                ++outcome.other;
                if (outcome.other <= 3) {
                    std::fprintf(stderr, "unexpected %d: %s (%s)\n", answer.status,
                                 answer.body.c_str(), request.body.c_str());
                }
            }
        });
    return outcome;
}

// Checks through the API that each slot holds exactly the bookings we made, never more
// than its capacity. Returns the number of slots that are wrong.
int verify(int port, const std::map<SlotRef, int>& booked) {
    int wrong = 0;
    std::map<std::tuple<std::string, std::string, std::string>,
             std::vector<std::pair<SlotRef, int>>>
        by_day;
    for (const auto& [slot, count] : booked) {
        if (count > slot.capacity) ++wrong;  // more 201s than seats
        by_day[{slot.centre, slot.service, slot.start.substr(0, 10)}].emplace_back(slot, count);
    }
    for (const auto& [key, list] : by_day) {
        const auto& [centre, service, day] = key;
        Answer answer = fetch(port, {"GET", availability_target(centre, service, day, 1), "", ""});
        std::map<std::string, std::pair<int, int>> seen;  // start -> capacity, free
        if (answer.status == 200) {
            Json body = Json::parse(answer.body);
            for (const auto& slot : body["slots"]) {
                seen[slot["start"]] = {slot["capacity"], slot["free"]};
            }
        }
        for (const auto& [slot, count] : list) {
            auto it = seen.find(slot.start);
            // A slot can drop out of the list when its start passes the minimum notice.
            if (it == seen.end()) continue;
            if (it->second.second != it->second.first - count) ++wrong;
        }
    }
    return wrong;
}

// Availability reads. Warm: 7 days from today for a random centre and service, the
// question most phones ask (answers come from the server's cache until the next commit).
// Cold: a random start day and length, so almost every answer is computed afresh.
PhaseResult reads(int port, const std::vector<std::pair<std::string, std::string>>& pairs,
                  const Options& options, bool cold) {
    std::mt19937_64 random(cold ? 11 : 7);
    std::vector<std::string> days;
    for (int d = 0; d < 30; ++d) days.push_back(today_in_bahrain(d));
    std::uint64_t bad = 0;
    PhaseConfig config{port, options.connections, std::chrono::seconds(options.seconds),
                       options.smoke ? 300u : 0u};
    PhaseResult result = run_phase(
        config,
        [&](int) {
            const auto& [centre, service] = pairs[random() % pairs.size()];
            if (!cold) {
                return Request{"GET", availability_target(centre, service, days[0], 7), "", ""};
            }
            return Request{"GET",
                           availability_target(centre, service, days[random() % days.size()],
                                               1 + static_cast<int>(random() % 14)),
                           "", ""};
        },
        [&](const Request&, const Answer& answer) { bad += answer.status != 200; });
    result.failures += bad;
    return result;
}

// One server under test, with what the tool has learnt about it.
struct Target {
    int port = 0;
    pid_t pid = 0;  // when this tool started the server: its CPU time can be read
    std::vector<std::pair<std::string, std::string>> pairs;  // (centre, service)
    std::uint64_t next_cpr = 1;
    int problems = 0;  // over capacity, mismatches, unexpected answers
    std::vector<Session> sessions;  // --sessions: one per connection
};

// CPU seconds (user + system) a process has used so far, from /proc; 0 if unknown.
double cpu_seconds(pid_t pid) {
    if (pid <= 0) return 0;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), {});
    std::size_t close = text.rfind(')');  // the command name may hold spaces
    if (close == std::string::npos) return 0;
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    double ticks = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i == 14 || i == 15) ticks += std::stod(field);  // utime, stime
    }
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

Target connect_target(int port, pid_t pid = 0) {
    Target target;
    target.port = port;
    target.pid = pid;
    target.pairs = offerings(port);
    return target;
}

// The one-time codes the server wrote to its outbox folder, by phone.
std::map<std::string, std::string> codes_in_outbox(const std::string& outbox) {
    std::map<std::string, std::string> codes;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(outbox, ec)) {
        std::ifstream in(entry.path());
        std::string text((std::istreambuf_iterator<char>(in)), {});
        std::size_t to = text.find("To: ");
        if (to == std::string::npos || text.find("Kind: verification") == std::string::npos) {
            continue;
        }
        std::string phone = text.substr(to + 4, text.find('\n', to) - to - 4);
        for (std::size_t at = text.find(": "); at != std::string::npos; at = text.find(": ", at + 1)) {
            std::string digits = text.substr(at + 2, 6);
            if (digits.size() == 6 && digits.find_first_not_of("0123456789") == std::string::npos) {
                codes[phone] = digits;
                break;
            }
        }
    }
    return codes;
}

// `count` verified sessions, each made as a citizen makes it: a code asked for, read (from
// the outbox folder: the server has no gateway here) and confirmed. Every code is asked for
// first and the folder read once per pass, so setup stays linear in `count`.
std::vector<Session> make_sessions(int port, const std::string& outbox, int count) {
    constexpr int kThreads = 8;  // citizens ask at the same time; the writer batches them
    auto in_parallel = [&](const std::function<void(int)>& each) {
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (int i = t; i < count; i += kThreads) each(i);
            });
        }
        for (std::thread& thread : threads) thread.join();
    };
    std::vector<std::string> phones(count);
    for (int i = 0; i < count; ++i) {
        char phone[16];
        std::snprintf(phone, sizeof phone, "+9733%07d", i);
        phones[i] = phone;
    }
    std::atomic<int> refused{0};
    in_parallel([&](int i) {
        Answer sent = fetch(port, {"POST", "/api/v1/verifications",
                                   "{\"phone\":\"" + phones[i] + "\"}", ""});
        if (sent.status != 202) ++refused;
    });
    if (refused > 0) throw std::runtime_error("verification refused for some phones");
    std::map<std::string, std::string> codes;
    for (int wait = 0; wait < 3000 && static_cast<int>(codes.size()) < count; ++wait) {
        codes = codes_in_outbox(outbox);
        if (static_cast<int>(codes.size()) < count) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
    std::vector<Session> sessions(count);
    in_parallel([&](int i) {
        const std::string& phone = phones[i];
        Answer confirmed = fetch(port, {"POST", "/api/v1/verifications/confirm",
                                        "{\"phone\":\"" + phone + "\",\"code\":\"" +
                                            codes[phone] + "\"}",
                                        ""});
        if (confirmed.status != 200) ++refused;
        std::string cookie = confirmed.set_cookie.substr(0, confirmed.set_cookie.find(';'));
        sessions[i] = {phone, "Cookie: " + cookie + "\r\n"};
    });
    if (refused > 0) throw std::runtime_error("no session for some phones");
    return sessions;
}

// (a) hot: every connection races for the same 10 slots; almost every answer is 409.
void run_hot(Target& t, const Options& options) {
    auto slots = free_slots(t.port, t.pairs, 14, 10);
    slots.resize(std::min<std::size_t>(slots.size(), 10));
    StormOutcome hot = storm(t.port, slots, options, t.next_cpr, 1, t.sessions);
    int wrong = verify(t.port, hot.booked);
    print_phase("storm-hot", hot.phase,
                "  201 " + std::to_string(hot.created) + "  409 " + std::to_string(hot.full) +
                    "  other " + std::to_string(hot.other) + "  over-capacity/mismatch " +
                    std::to_string(wrong));
    t.problems += wrong + static_cast<int>(hot.other);
}

// (b) wide: random free slots across every centre and service, so most requests book.
// Returns durable bookings (201s) per second.
double run_wide(Target& t, const Options& options, std::uint64_t seed) {
    auto slots = free_slots(t.port, t.pairs, 30, options.smoke ? 2000 : 200000);
    double cpu_before = cpu_seconds(t.pid);
    StormOutcome wide = storm(t.port, slots, options, t.next_cpr, seed, t.sessions);
    double cpu = cpu_seconds(t.pid) - cpu_before;
    int wrong = verify(t.port, wide.booked);
    double rate = wide.created / wide.phase.seconds;
    // Server CPU per request: unlike requests/s, barely moved by other work on the machine.
    std::string cpu_text;
    if (t.pid > 0 && wide.phase.requests > 0) {
        cpu_text =
            "  server CPU " +
            std::to_string(static_cast<int>(cpu * 1e6 / static_cast<double>(wide.phase.requests))) +
            " us/request";
    }
    char extra[300];
    std::snprintf(extra, sizeof extra,
                  "  201 %llu (%.0f durable bookings/s)  409 %llu  other %llu  "
                  "over-capacity/mismatch %d%s",
                  static_cast<unsigned long long>(wide.created), rate,
                  static_cast<unsigned long long>(wide.full),
                  static_cast<unsigned long long>(wide.other), wrong, cpu_text.c_str());
    print_phase("storm-wide", wide.phase, extra);
    t.problems += wrong + static_cast<int>(wide.other);
    return rate;
}

void run_reads(Target& t, const Options& options) {
    if (options.wants("warm")) {
        PhaseResult warm = reads(t.port, t.pairs, options, false);
        print_phase("reads-warm", warm, "  (GET availability, 7 days from today)");
        t.problems += static_cast<int>(warm.failures);
    }
    if (options.wants("cold")) {
        PhaseResult cold = reads(t.port, t.pairs, options, true);
        print_phase("reads-cold", cold, "  (GET availability, random day and 1-14 days)");
        t.problems += static_cast<int>(cold.failures);
    }
}

// (e) mixed: half the connections book random slots while the other half read fresh
// availability answers. Reads have their own database connections and never wait for the
// writer, so their latency should stay near what reads-cold shows alone.
void run_mixed(Target& t, const Options& options) {
    Options half = options;
    half.connections = std::max(1, options.connections / 2);
    auto slots = free_slots(t.port, t.pairs, 30, options.smoke ? 2000 : 200000);
    std::uint64_t storm_cpr = t.next_cpr;
    StormOutcome booked;
    std::thread booking_thread([&] { booked = storm(t.port, slots, half, storm_cpr, 300, t.sessions); });
    PhaseResult read = reads(t.port, t.pairs, half, true);
    booking_thread.join();
    t.next_cpr = storm_cpr;
    int wrong = verify(t.port, booked.booked);
    char extra[200];
    std::snprintf(extra, sizeof extra, "  201 %llu  409 %llu  over-capacity/mismatch %d",
                  static_cast<unsigned long long>(booked.created),
                  static_cast<unsigned long long>(booked.full), wrong);
    print_phase("mixed-book", booked.phase, extra);
    print_phase("mixed-read", read, "  (reads-cold while the bookings above run)");
    t.problems += wrong + static_cast<int>(booked.other + read.failures);
}

// Everything against one running server (no baseline).
int run_against_port(const Options& options) {
    Target t = connect_target(options.port);
    std::printf("server on port %d\n", options.port);
    if (options.wants("hot")) run_hot(t, options);
    if (options.wants("wide")) run_wide(t, options, 2);
    run_reads(t, options);
    if (options.wants("mixed")) run_mixed(t, options);
    return t.problems;
}

// Two servers started here: group commit and the one-transaction-per-booking baseline. The
// wide storm alternates between them for several rounds, so a machine whose load drifts
// (other work on the same cores) affects both alike; the gain is the median of the rounds.
int run_with_baseline(const Options& options) {
    // About four bookings per citizen in a short storm: citizens who book once or a few
    // times each, within the limits per phone a real server keeps.
    const int kSessions = 4 * options.connections;
    SpawnedServer grouped_server(options, true);
    SpawnedServer baseline_server(options, false);
    Target grouped = connect_target(grouped_server.port(), grouped_server.pid());
    Target baseline = connect_target(baseline_server.port(), baseline_server.pid());
    if (options.sessions) {
        grouped.sessions = make_sessions(grouped.port, grouped_server.outbox(), kSessions);
        baseline.sessions =
            make_sessions(baseline.port, baseline_server.outbox(), kSessions);
        std::printf("%d verified sessions on each server\n", kSessions);
    }
    std::printf("group commit (default)\n");
    if (options.wants("hot")) run_hot(grouped, options);
    run_reads(grouped, options);
    if (options.wants("mixed")) run_mixed(grouped, options);
    std::vector<double> gains;
    if (options.wants("wide")) {
        for (int round = 1; round <= options.rounds; ++round) {
            std::printf("round %d, group commit (default)\n", round);
            double g = run_wide(grouped, options, 100 + round);
            std::printf("round %d, baseline: one transaction per booking (--no-group-commit)\n",
                        round);
            double b = run_wide(baseline, options, 200 + round);
            if (b > 0) gains.push_back(g / b);
            std::printf("round %d: group commit gain %.1fx (%.0f vs %.0f durable bookings/s)\n",
                        round, gains.empty() ? 0.0 : gains.back(), g, b);
        }
    }
    if (!gains.empty()) {
        std::sort(gains.begin(), gains.end());
        std::printf("group commit gain, median of %zu rounds: %.1fx\n", gains.size(),
                    gains[gains.size() / 2]);
    }
    return grouped.problems + baseline.problems;
}

std::optional<Options> parse(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        std::string flag = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::runtime_error(flag + " needs a value");
            return argv[++i];
        };
        if (flag == "--server")
            options.server_binary = value();
        else if (flag == "--catalog")
            options.catalog = value();
        else if (flag == "--port")
            options.port = std::stoi(value());
        else if (flag == "--connections")
            options.connections = std::stoi(value());
        else if (flag == "--seconds")
            options.seconds = std::stoi(value());
        else if (flag == "--smoke")
            options.smoke = true;
        else if (flag == "--phases")
            options.phases = value();
        else if (flag == "--rounds")
            options.rounds = std::stoi(value());
        else if (flag == "--server-arg")
            options.server_args.push_back(value());
        else if (flag == "--sessions")
            options.sessions = true;
        else
            return std::nullopt;
    }
    if (options.server_binary.empty() == (options.port == 0)) return std::nullopt;
    if (options.smoke) {
        options.connections = std::min(options.connections, 16);
        options.seconds = std::min(options.seconds, 5);
        options.rounds = 1;
    }
    return options;
}

}  // namespace

int main(int argc, char** argv) {
    signal(SIGPIPE, SIG_IGN);
    std::optional<Options> options;
    try {
        options = parse(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
    }
    if (!options) {
        std::fprintf(stderr,
                     "usage: mawid-load (--server PATH [--catalog PATH] | --port N)\n"
                     "                  [--connections N] [--seconds S] [--smoke]\n"
                     "                  [--phases hot,wide,warm,cold,mixed] [--rounds N]\n"
                     "                  [--server-arg ARG]... [--sessions]\n");
        return 2;
    }
    try {
        std::printf("mawid-load: %d connections, %d s per phase%s\n", options->connections,
                    options->seconds, options->smoke ? " (smoke run)" : "");
        int wrong = options->port ? run_against_port(*options) : run_with_baseline(*options);
        std::printf(wrong == 0 ? "verified: no slot over capacity, every 201 accounted for\n"
                               : "FAILED: %d problems (over capacity, mismatch or errors)\n",
                    wrong);
        return wrong == 0 ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mawid-load: %s\n", e.what());
        return 1;
    }
}
