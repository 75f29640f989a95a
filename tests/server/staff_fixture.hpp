// The staff API under test: a server whose database already has an admin (made with
// --create-admin through standard input, as an operator would), and a client that keeps the
// session cookie and sends X-Mawid-Staff: 1 on state-changing requests, as the centre app does.
#pragma once

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "support.hpp"

#ifndef MAWID_SERVER_BINARY
#error "MAWID_SERVER_BINARY must name the mawid-server executable"
#endif

namespace mawid::test {

inline constexpr const char* kPassword = "correct-horse-1";
inline constexpr const char* kStaffHeader = "X-Mawid-Staff";
inline const std::string kMe = "/api/v1/staff/me";
inline const std::string kClosures = "/api/v1/staff/centres/test-centre/closures";
// The test centre's day view on the second day of the test catalogue.
inline const std::string kDay2 = "/api/v1/staff/centres/test-centre/day?date=2026-12-02";

// The counter's action `what` ("check-in", "no-show", ...) on booking `code`.
inline std::string action(const std::string& code, const std::string& what) {
    return "/api/v1/staff/bookings/" + code + "/" + what;
}

// Runs `mawid-server --db DB --create-admin NAME --fast-password-hashing` with `input` on its
// standard input; returns its exit status. Its messages go to `log_path`.
inline int run_create_admin(const std::string& db, const std::string& name,
                            const std::string& input, const std::string& log_path) {
    int in[2];
    REQUIRE(pipe(in) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        dup2(in[0], STDIN_FILENO);
        FILE* log = std::fopen(log_path.c_str(), "a");
        if (log) dup2(fileno(log), STDERR_FILENO);
        close(in[0]);
        close(in[1]);
        execl(MAWID_SERVER_BINARY, MAWID_SERVER_BINARY, "--db", db.c_str(), "--create-admin",
              name.c_str(), "--fast-password-hashing", static_cast<char*>(nullptr));
        _exit(127);
    }
    close(in[0]);
    std::size_t written = 0;
    while (written < input.size()) {
        ssize_t n = write(in[1], input.data() + written, input.size() - written);
        if (n <= 0) break;
        written += static_cast<std::size_t>(n);
    }
    close(in[1]);
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The flags of test_server_flags with fast hashing; without --now when `fixed_now` is false
// (session expiry needs a clock that moves).
inline std::vector<std::string> staff_server_flags(const TempDir& dir, bool fixed_now,
                                                   const std::vector<std::string>& extra,
                                                   int rate_limit = 0) {
    std::vector<std::string> flags = test_server_flags(dir, rate_limit);
    if (!fixed_now) {
        for (std::size_t i = 0; i + 1 < flags.size(); ++i) {
            if (flags[i] == "--now") flags.erase(flags.begin() + i, flags.begin() + i + 2);
        }
    }
    flags.push_back("--fast-password-hashing");
    flags.insert(flags.end(), extra.begin(), extra.end());
    return flags;
}

// A client of the staff API: keeps the cookie from the last sign-in.
class StaffClient {
public:
    explicit StaffClient(int port, const std::string& from = "127.0.0.1")
        : client_(std::make_unique<Client>(port, from)) {}

    Response sign_in(const std::string& username, const std::string& password = kPassword) {
        Json body = {{"username", username}, {"password", password}};
        // Like a browser, it sends the cookie it has: the server ends that session.
        Response r =
            client_->post("/api/v1/staff/sign-in", body.dump(), with_cookie({{kStaffHeader, "1"}}));
        if (r.status == 200) {
            std::string set = r.header("set-cookie");
            cookie = set.substr(0, set.find(';'));
        }
        return r;
    }
    Response get(const std::string& target) { return client_->get(target, with_cookie({})); }
    Response post(const std::string& target, const Json& body, bool staff_header = true,
                  std::vector<std::pair<std::string, std::string>> headers = {}) {
        if (staff_header) headers.emplace_back(kStaffHeader, "1");
        return client_->post(target, body.dump(), with_cookie(std::move(headers)));
    }
    Client& raw() { return *client_; }

    std::string cookie;  // "mawid_session=..."

private:
    std::vector<std::pair<std::string, std::string>> with_cookie(
        std::vector<std::pair<std::string, std::string>> headers) const {
        if (!cookie.empty()) headers.emplace_back("Cookie", cookie);
        return headers;
    }
    std::unique_ptr<Client> client_;  // a Client cannot move; a StaffClient can
};

// A server with admin `root` and, through the API, supervisor `sup` and staff `clerk` of
// test-centre and staff `far` of other-centre; every password is kPassword.
struct StaffServer {
    explicit StaffServer(std::vector<std::string> extra = {}, bool fixed_now = true,
                         int rate_limit = 0, bool with_users = true)
        : admin_created(run_create_admin(dir.database(), "root",
                                         std::string(kPassword) + "\n", dir.file("server.log"))),
          server(dir.database(), staff_server_flags(dir, fixed_now, extra, rate_limit),
                 dir.file("server.log")),
          admin(server.port()),
          citizen(server.port()) {
        REQUIRE(admin_created == 0);
        if (!with_users) return;
        REQUIRE(admin.sign_in("root").status == 200);
        add_user("sup", "supervisor", "test-centre");
        add_user("clerk", "staff", "test-centre");
        add_user("far", "staff", "other-centre");
    }

    void add_user(const std::string& name, const std::string& role, const std::string& centre) {
        Json body = {
            {"username", name}, {"password", kPassword}, {"role", role}, {"centre", centre}};
        REQUIRE(admin.post("/api/v1/staff/users", body).status == 201);
    }

    // A signed-in client for `user` on its own connection.
    StaffClient signed_in(const std::string& user) {
        StaffClient client(server.port());
        REQUIRE(client.sign_in(user).status == 200);
        return client;
    }

    // A citizen booking at test-centre; returns its code.
    std::string book(const std::string& service, const std::string& start, int cpr_n) {
        Response r = citizen.post("/api/v1/bookings", booking_body(service, start, cpr_n).dump());
        REQUIRE_MESSAGE(r.status == 201, r.body);
        return r.json()["code"].get<std::string>();
    }

    std::string log() const {
        std::ifstream in(dir.file("server.log"));
        return std::string(std::istreambuf_iterator<char>(in), {});
    }

    TempDir dir;
    int admin_created;
    ServerProcess server;
    StaffClient admin;
    Client citizen;
};

}  // namespace mawid::test
