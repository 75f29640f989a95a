// mawid-server: the booking server. See docs/api.md for the command line.
#include <sodium.h>

#include <csignal>
#include <cstdio>
#include <memory>

#include "app.hpp"
#include "catalog/import_command.hpp"
#include "http/http_server.hpp"
#include "options.hpp"
#include "staff/accounts.hpp"
#include "storage/backup.hpp"

using namespace mawid;
using namespace mawid::server;

namespace {

int serve(const Options& options) {
    if (options.fast_password_hashing) {
        std::fprintf(stderr,
                     "server: --fast-password-hashing is for tests only: staff passwords "
                     "are hashed at the lowest cost\n");
    }
    HttpServerConfig config;
    config.host = options.host;
    config.port = options.port;
    config.threads = options.threads;
    config.log_requests = !options.quiet;
    config.log_json = options.log_json;
    config.max_connections_per_client = options.client_connections;
    config.trusted_proxies = options.trusted_proxies;
    auto app = std::make_unique<App>(options);
    app->give_answers_through(answer_together);
    int status = run_http_server(
        config,
        [&app](const HttpRequest& request, Responder respond) {
            app->handle(request, std::move(respond));
        },
        [&options, &app](unsigned short port) {
            app->listening(port);
            // IPv6 addresses go in brackets in a URL.
            bool v6 = options.host.find(':') != std::string::npos;
            std::printf("listening on http://%s%s%s:%u\n", v6 ? "[" : "", options.host.c_str(),
                        v6 ? "]" : "", port);
            std::fflush(stdout);
        });
    app.reset();  // every queued write is committed before the database closes
    std::fprintf(stderr, "server: stopped\n");
    return status;
}

// --backup OUT: exit 0 with the backup written, 2 when OUT exists (left untouched), 1 when
// the copy failed (nothing left at OUT). The summary and any problem go to stderr.
int backup_command(const Options& options) {
    try {
        BackupSummary summary = backup_database(options.db_path, options.backup_to);
        std::fprintf(stderr, "backup: wrote %s (%llu bytes), schema version %d, %lld bookings\n",
                     summary.path.c_str(), static_cast<unsigned long long>(summary.bytes),
                     summary.schema_version, static_cast<long long>(summary.bookings));
        return 0;
    } catch (const BackupTargetExists& e) {
        std::fprintf(stderr, "backup: refused: %s; nothing written\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "backup: failed: %s; nothing written to %s\n", e.what(),
                     options.backup_to.c_str());
        return 1;
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_IGN);
    if (sodium_init() < 0) {
        std::fprintf(stderr, "libsodium failed to initialise\n");
        return 1;
    }
    auto options = parse_options(argc, argv);
    if (!options) {
        std::fprintf(stderr, "%s\n%s", options.error().message.c_str(), usage());
        return 2;
    }
    try {
        if (!options->create_admin.empty()) return create_admin_command(*options);
        if (!options->backup_to.empty()) return backup_command(*options);
        if (!options->import_centres.empty() || !options->import_services.empty()) {
            return import_command(*options);
        }
        return serve(*options);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "server: %s\n", e.what());
        return 1;
    }
}
