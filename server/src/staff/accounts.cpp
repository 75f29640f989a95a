#include "staff/accounts.hpp"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <iostream>

#include "staff/auth.hpp"
#include "storage/staff_store.hpp"
#include "storage/store.hpp"

namespace mawid::server {
namespace {

// One line from standard input without its line ending; echo off when it is a terminal.
std::optional<std::string> read_secret_line(const char* prompt) {
    const bool tty = isatty(STDIN_FILENO) == 1;
    termios saved{};
    if (tty) {
        std::fprintf(stderr, "%s", prompt);
        std::fflush(stderr);
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::string line;
    const bool got = static_cast<bool>(std::getline(std::cin, line));
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        std::fprintf(stderr, "\n");
    }
    if (!got && line.empty()) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

std::optional<std::string> read_new_password() {
    auto first = read_secret_line("New admin password: ");
    if (!first) return std::nullopt;
    if (isatty(STDIN_FILENO) == 1) {
        auto again = read_secret_line("Repeat the password: ");
        if (!again || *again != *first) {
            std::fprintf(stderr, "create-admin: the two passwords differ\n");
            return std::nullopt;
        }
    }
    return first;
}

}  // namespace

int create_admin_command(const Options& options) {
    const std::string name = lowercase(options.create_admin);
    if (!is_valid_username(name)) {
        std::fprintf(stderr,
                     "create-admin: a user name is 3 to 64 of a-z, 0-9, '.', '_' and '-'\n");
        return 2;
    }
    auto password = read_new_password();
    if (!password) {
        std::fprintf(stderr, "create-admin: no password on standard input\n");
        return 2;
    }
    if (auto problem = password_problem(*password); !problem.empty()) {
        std::fprintf(stderr, "create-admin: weak password: %s\n", problem.c_str());
        return 2;
    }
    auto hash = PasswordHasher(options.fast_password_hashing).hash(*password);
    if (!hash) {
        std::fprintf(stderr, "create-admin: could not hash the password (out of memory)\n");
        return 1;
    }
    auto db = open_write_connection(options.db_path);
    Transaction transaction(*db);
    UserRecord user{StaffMember{name, Role::admin, ""}, *hash};
    const UnixSeconds now = options.fixed_now.value_or(static_cast<UnixSeconds>(time(nullptr)));
    if (!insert_user(*db, user, now)) {
        std::fprintf(stderr, "create-admin: the user %s already exists; nothing changed\n",
                     name.c_str());
        return 3;
    }
    transaction.commit();
    std::fprintf(stderr, "create-admin: admin %s created\n", name.c_str());
    return 0;
}

int seed_demo_accounts(Connection& db, const Catalog& catalog, bool fast_hashing, UnixSeconds now,
                       bool must_change_password) {
    if (!find_centre(catalog, kDemoCentre) || count_users(db) > 0) return 0;
    const PasswordHasher hasher(fast_hashing);
    const StaffMember members[] = {{"admin", Role::admin, ""},
                                   {"isa.supervisor", Role::supervisor, kDemoCentre},
                                   {"isa.staff", Role::staff, kDemoCentre}};
    int added = 0;
    Transaction transaction(db);
    for (const StaffMember& member : members) {
        auto hash = hasher.hash(kDemoPassword);
        if (hash && insert_user(db, UserRecord{member, *hash, false, must_change_password}, now)) {
            ++added;
        }
    }
    transaction.commit();
    return added;
}

}  // namespace mawid::server
