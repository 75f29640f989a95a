// mawid-server: the booking server. See docs/api.md for the command line.
#include <sodium.h>
#include <mawid/codec.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "citizen/api.hpp"
#include "http/http_server.hpp"
#include "options.hpp"
#include "staff/accounts.hpp"
#include "staff/staff_api.hpp"
#include "storage/staff_store.hpp"
#include "storage/store.hpp"
#include "storage/writer.hpp"

using namespace mawid;
using namespace mawid::server;

namespace {

constexpr UnixSeconds kIdempotencyKeySeconds = 24 * 3600;

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return std::move(text).str();
}

// --seed-demo: loads the demo catalogue into a database that has none.
bool seed_catalog(WriteStore& store, const std::string& path, UnixSeconds now) {
    if (store.load_catalog()) {
        std::fprintf(stderr, "seed: the database already has a catalogue; left as it is\n");
        return true;
    }
    auto text = read_file(path);
    if (!text) {
        std::fprintf(stderr, "seed: cannot read %s\n", path.c_str());
        return false;
    }
    auto json = parse_json(*text);
    if (!json) {
        std::fprintf(stderr, "seed: %s is not JSON\n", path.c_str());
        return false;
    }
    auto catalog = catalog_from_json(*json);
    if (!catalog) {
        std::fprintf(stderr, "seed: %s: %s (field %s)\n", path.c_str(),
                     catalog.error().message.c_str(), catalog.error().field.c_str());
        return false;
    }
    Transaction transaction(store.connection());
    store.save_catalog(StoredCatalog{catalog->version, *text}, now);
    transaction.commit();
    std::fprintf(stderr, "seed: loaded %zu centres and %zu services from %s\n",
                 catalog->centres.size(), catalog->services.size(), path.c_str());
    return true;
}

// The catalogue stored in the database, parsed; an empty one when there is none yet.
bool load_catalog(WriteStore& store, CatalogCache& cache) {
    auto stored = store.load_catalog();
    if (!stored) {
        std::fprintf(stderr, "catalog: none in the database (use --seed-demo)\n");
        return true;
    }
    auto json = parse_json(stored->json);
    auto catalog = json ? catalog_from_json(*json) : Result<Catalog>(json.error());
    if (!catalog) {
        std::fprintf(stderr, "catalog: the stored catalogue is invalid: %s\n",
                     catalog.error().message.c_str());
        return false;
    }
    cache.set(std::move(catalog).value());
    return true;
}

int serve(const Options& options) {
    if (options.fast_password_hashing) {
        std::fprintf(stderr,
                     "server: --fast-password-hashing is for tests only: staff passwords "
                     "are hashed at the lowest cost\n");
    }
    Clock clock(options.fixed_now);
    auto connection = open_write_connection(options.db_path);
    CatalogCache catalog;
    {
        WriteStore store(*connection);
        const bool fresh = options.seed_demo && !store.load_catalog();
        if (options.seed_demo && !seed_catalog(store, options.catalog_path, clock.now())) return 1;
        if (!load_catalog(store, catalog)) return 1;
        // Demo accounts come only with the demo catalogue, into a database seeded just now.
        if (fresh) {
            int added = seed_demo_accounts(*connection, catalog.get()->catalog,
                                           options.fast_password_hashing, clock.now());
            if (added > 0) std::fprintf(stderr, "seed: added %d demo staff accounts\n", added);
        }
    }
    // A retry comes within minutes; a day is generous, and keeps the table small.
    auto forget_old_keys = [clock](WriteStore& store) {
        int forgotten = store.forget_idempotency_before(clock.now() - kIdempotencyKeySeconds);
        if (forgotten > 0) std::fprintf(stderr, "writer: forgot %d idempotency keys\n", forgotten);
    };
    // Staff sessions nobody comes back to are deleted by the same hourly round.
    auto housekeeping = [forget_old_keys, clock, &options](WriteStore& store) {
        forget_old_keys(store);
        delete_expired_sessions(store.connection(), clock.now() - options.session_idle_seconds,
                                clock.now() - options.session_max_seconds);
    };
    Writer writer(std::move(connection), options.db_path, options.group_commit, housekeeping);
    std::optional<StaticFiles> files;
    if (!options.web_dir.empty()) files.emplace(options.web_dir);
    Api api(ApiOptions{options.db_path, clock, options.rate_limit}, catalog, writer,
            files ? &*files : nullptr);
    StaffOptions staff_options{options.fast_password_hashing, options.session_idle_seconds,
                               options.session_max_seconds, options.rate_limit,
                               options.password_queue};
    StaffApi staff(options.db_path, clock, staff_options, catalog, writer,
                   [&api](const HttpRequest& request, Responder& respond) {
                       api.book_on_behalf(request, respond);
                   });
    api.attach_staff(
        [&staff](const HttpRequest& request, std::string_view path, std::string_view query,
                 Responder respond) { staff.handle(request, path, query, std::move(respond)); });

    HttpServerConfig config;
    config.host = options.host;
    config.port = options.port;
    config.threads = options.threads;
    config.log_requests = !options.quiet;
    config.max_connections_per_client = options.client_connections;
    config.trusted_proxies = options.trusted_proxies;
    int status = run_http_server(
        config,
        [&api](const HttpRequest& request, Responder respond) {
            api.handle(request, std::move(respond));
        },
        [&options](unsigned short port) {
            // IPv6 addresses go in brackets in a URL.
            bool v6 = options.host.find(':') != std::string::npos;
            std::printf("listening on http://%s%s%s:%u\n", v6 ? "[" : "", options.host.c_str(),
                        v6 ? "]" : "", port);
            std::fflush(stdout);
        });
    writer.stop();  // every queued write is committed before the database closes
    std::fprintf(stderr, "server: stopped\n");
    return status;
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
        return serve(*options);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "server: %s\n", e.what());
        return 1;
    }
}
