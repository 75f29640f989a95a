#include "app.hpp"

#include <mawid/codec.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "http/json_responses.hpp"
#include "messages/walk_in_notices.hpp"
#include "operations.hpp"
#include "staff/accounts.hpp"
#include "state/demo_plan.hpp"
#include "storage/audit_store.hpp"
#include "storage/citizen_store.hpp"
#include "storage/identity_store.hpp"
#include "storage/retention.hpp"
#include "storage/staff_store.hpp"
#include "storage/store.hpp"

namespace mawid::server {
namespace {

// A retry comes within minutes; a day is generous, and keeps the table small.
constexpr UnixSeconds kIdempotencyKeySeconds = 24 * 3600;
// Bookings erased per round: a round is one transaction that bookings wait behind.
constexpr int kEraseBatch = 500;

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return std::move(text).str();
}

// --seed-demo: loads the demo catalogue into a database that has none, its roll-out plan (if
// the file has one) dated from the centres' today.
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
    auto parsed = catalog_from_json(*json);
    auto catalog = parsed ? apply_demo_plan(std::move(parsed).value(), *json,
                                            to_local(now, kDefaultUtcOffsetMinutes).date)
                          : parsed;
    if (!catalog) {
        std::fprintf(stderr, "seed: %s: %s (field %s)\n", path.c_str(),
                     catalog.error().message.c_str(), catalog.error().field.c_str());
        return false;
    }
    Transaction transaction(store.connection());
    store.save_catalog(StoredCatalog{catalog->version, to_text(catalog_to_json(*catalog))}, now);
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
    auto catalog = catalog_of(*stored);
    if (!catalog) {
        std::fprintf(stderr, "catalog: the stored catalogue is invalid: %s\n",
                     catalog.error().message.c_str());
        return false;
    }
    cache.set(std::move(catalog).value());
    return true;
}

// The database opened and migrated, seeded if asked, its catalogue in `cache`.
std::unique_ptr<Connection> open_database(const Options& options, const Clock& clock,
                                          CatalogCache& cache) {
    auto connection = open_write_connection(options.db_path);
    WriteStore store(*connection);
    const bool fresh = options.seed_demo && !store.load_catalog();
    if (options.seed_demo && !seed_catalog(store, options.catalog_path, clock.now())) {
        throw std::runtime_error("the demo catalogue could not be loaded");
    }
    if (!load_catalog(store, cache)) throw std::runtime_error("the catalogue could not be loaded");
    // Demo accounts come only with the demo catalogue, into a database seeded just now. Their
    // password is in the README: on a server others can reach, it must be changed first.
    // Behind a trusted proxy others reach it too, although it listens on loopback.
    if (fresh) {
        const bool exposed = !is_loopback_host(options.host) || !options.trusted_proxies.empty();
        int added = seed_demo_accounts(*connection, cache.get()->catalog,
                                       options.fast_password_hashing, clock.now(), exposed);
        if (added > 0) {
            std::fprintf(stderr, "seed: added %d demo staff accounts%s\n", added,
                         exposed ? " (each must change its password at first sign-in)" : "");
        }
    }
    return connection;
}

// The hourly round: personal data past retention erased (in batches, so bookings wait for
// one batch at most), old idempotency keys forgotten, staff sessions nobody came back to
// deleted, audit entries past --audit-retention-days deleted (they hold no personal data,
// so their deletion needs no WAL truncation).
Housekeeping housekeeping(const Options& options, Clock clock) {
    int idle = options.session_idle_seconds;
    int longest = options.session_max_seconds;
    UnixSeconds retention = static_cast<UnixSeconds>(options.retention_days) * 24 * 3600;
    UnixSeconds audit_kept = static_cast<UnixSeconds>(options.audit_retention_days) * 24 * 3600;
    return [clock, idle, longest, retention, audit_kept](WriteStore& store) {
        UnixSeconds now = clock.now();
        int forgotten = store.forget_idempotency_before(now - kIdempotencyKeySeconds);
        if (forgotten > 0) std::fprintf(stderr, "writer: forgot %d idempotency keys\n", forgotten);
        delete_expired_sessions(store.connection(), now - idle, now - longest);
        const VerificationOptions citizens;
        // Sessions and codes name a phone: their deletion leaves copies to clear too.
        int phones_forgotten = delete_expired_citizen_sessions(
            store.connection(), now - citizens.idle_seconds, now - citizens.max_seconds);
        // A code names a phone and is spent within minutes: kept a day, for the limits.
        phones_forgotten += forget_verifications(store.connection(), now - 24 * 3600);
        // Sign-ins with the national identity nobody came back to (each is refused after
        // kIdentityLoginSeconds anyway).
        forget_identity_logins(store.connection(), now - kIdentityLoginSeconds);
        int aged = forget_audit_before(store.connection(), now - audit_kept);
        if (aged > 0) {
            std::fprintf(stderr, "writer: deleted %d audit entries past retention\n", aged);
        }
        int erased = erase_personal_data(store.connection(), now - retention, kEraseBatch, now);
        erased += forget_messages(store.connection(), now - retention, kEraseBatch);
        // A walk-in's phone is for its day's "your turn is near" only.
        erased += forget_walk_in_phones(store.connection(), now - 24 * 3600, kEraseBatch);
        if (erased > 0) {
            std::fprintf(stderr, "retention: erased %d bookings' CPR and phone and old messages\n",
                         erased);
        }
        return HousekeepingOutcome{erased >= kEraseBatch, erased + phones_forgotten > 0};
    };
}

// The SMS gateway and the SMTP server when they are named, else the outbox folder a
// developer reads. Credentials come from the environment, never the command line (which
// any user of the machine can read in ps).
Channels message_channels(const Options& options) {
    Channels channels;
    const char* sms_auth = std::getenv("MAWID_SMS_AUTH");
    channels.sms = options.sms_gateway.empty()
                       ? outbox_folder(options.outbox_dir)
                       : sms_gateway(options.sms_gateway, options.sms_from,
                                     sms_auth ? sms_auth : "");
    const char* smtp_auth = std::getenv("MAWID_SMTP_AUTH");
    channels.email = options.smtp.empty()
                         ? outbox_folder(options.outbox_dir)
                         : smtp_server(options.smtp, options.mail_from,
                                       smtp_auth ? smtp_auth : "");
    return channels;
}

SenderOptions sender_options(const Options& options) {
    SenderOptions sender;
    sender.retry_seconds = options.message_retry_seconds;
    sender.retention = std::chrono::hours(24) * options.retention_days;
    sender.public_url = options.public_url;
    sender.mail_from = options.mail_from;
    return sender;
}

VerificationOptions verification_options(const Options& options) {
    VerificationOptions verification;
    verification.required = options.verification;
    verification.resend_seconds = options.code_resend_seconds;
    verification.codes_per_minute = options.codes_per_minute;
    return verification;
}

IdentityOptions identity_options(const Options& options) {
    const char* secret = std::getenv("MAWID_OIDC_SECRET");
    return IdentityOptions{OidcSettings{options.oidc_issuer, options.oidc_client_id,
                                        secret ? secret : "", options.oidc_cpr_claim},
                           options.public_url};
}

StaffOptions staff_options(const Options& options) {
    return StaffOptions{options.fast_password_hashing, options.session_idle_seconds,
                        options.session_max_seconds, options.rate_limit, options.password_queue};
}

}  // namespace

App::App(const Options& options)
    : host_(options.host),
      public_url_given_(options.public_url_given),
      db_path_(options.db_path),
      metrics_from_(options.metrics_from),
      clock_(options.fixed_now),
      writer_(open_database(options, clock_, catalog_), options.db_path, options.group_commit,
              housekeeping(options, clock_)),
      verification_(options.db_path, clock_, writer_, verification_options(options)),
      identity_(identity_options(options), clock_, writer_),
      api_(ApiOptions{options.db_path, clock_, options.rate_limit,
                      PersonLimits{options.max_active_per_person, options.max_cprs_per_phone}},
           catalog_, writer_, verification_, identity_,
           options.web_dir.empty() ? nullptr : &files_.emplace(options.web_dir)),
      staff_(options.db_path, clock_, staff_options(options), catalog_, writer_,
             [this](const HttpRequest& request, const std::string& member, Responder& respond) {
                 api_.book_on_behalf(request, member, respond);
             }) {
    api_.attach_staff([this](const HttpRequest& request, std::string_view path,
                             std::string_view query, Responder respond) {
        staff_.handle(request, path, query, std::move(respond));
    });
    watcher_ = std::make_unique<CatalogWatcher>(options.db_path, catalog_, writer_);
    sender_ = std::make_unique<Sender>(options.db_path, writer_, catalog_,
                                       load_translations(options.i18n_dir),
                                       message_channels(options), clock_,
                                       sender_options(options));
}

App::~App() {
    watcher_.reset();
    sender_.reset();
    identity_.stop();
    writer_.stop();
}

void App::listening(unsigned short port) {
    if (public_url_given_) return;
    // IPv6 addresses go in brackets in a URL.
    const bool v6 = host_.find(':') != std::string::npos;
    identity_.set_public_url("http://" + (v6 ? "[" + host_ + "]" : host_) + ":" +
                             std::to_string(port));
}

void App::handle(const HttpRequest& request, Responder respond) {
    std::string_view path = request.target.substr(0, request.target.find('?'));
    if (path == "/metrics") return respond(metrics_answer(request, db_path_, metrics_from_));
    if (path == "/readyz") return respond(readiness_answer(request, db_path_, writer_));
    api_.handle(request, std::move(respond));
}

}  // namespace mawid::server
