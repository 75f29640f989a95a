// The command line of mawid-server (the fixed flags of docs/api.md plus our own).
#pragma once

#include <mawid/civil_time.hpp>
#include <mawid/errors.hpp>

#include <optional>
#include <string>

#include "http/trusted_proxies.hpp"

namespace mawid::server {

struct Options {
    unsigned short port = 8080;
    std::string db_path;
    std::string web_dir;
    bool seed_demo = false;
    int rate_limit = 120;  // requests per minute per client IP; 0 = off
    // Ours:
    std::string catalog_path;              // --catalog, the file --seed-demo loads
    std::string host = "127.0.0.1";        // --host
    int threads = 0;                       // --threads, 0 = one per core
    std::optional<UnixSeconds> fixed_now;  // --now RFC3339 (tests only)
    bool group_commit = true;              // --no-group-commit (benchmark baseline)
    bool quiet = false;                    // --quiet: no per-request log lines
    int password_queue = 64;               // --password-queue N: staff password checks waiting
    int client_connections = 256;          // --client-connections N: open at once per address
    TrustedProxies trusted_proxies;        // --trusted-proxy CIDR, repeatable
    bool log_json = false;                 // --log-format text|json: the request log's form
    // --metrics-from CIDR, repeatable: who may read /metrics besides loopback clients.
    TrustedProxies metrics_from;
    int audit_retention_days = 365;        // --audit-retention-days N: the trail kept this long
    // Messages (messages/sender.hpp):
    std::string sms_gateway;               // --sms-gateway URL; none: files in outbox_dir
    std::string sms_from = "Mawid";        // --sms-from NAME
    std::string smtp;                      // --smtp smtp://host:port; none: .eml files in outbox_dir
    std::string mail_from = "noreply@mawid.bh";  // --mail-from ADDR: e-mails' sender
    std::string outbox_dir;                // --outbox-dir DIR; default: "outbox" beside the db
    std::string i18n_dir;                  // --i18n DIR: the translation tables messages use
    int message_retry_seconds = 30;        // --message-retry-seconds N: the first retry's delay
    std::string public_url;  // --public-url URL: where citizens open the app (links in messages)
    bool public_url_given = false;  // else http://HOST:PORT, the port as bound (--port 0)
    int retention_days = 42;               // --retention-days N: then CPR and phone are erased
    // Verified citizens (docs/api.md):
    bool verification = true;      // --verification on|off (off: loopback only)
    int max_active_per_person = 3; // --max-active-per-person N
    int max_cprs_per_phone = 5;    // --max-cprs-per-phone N
    int code_resend_seconds = 60;  // --code-resend-seconds N: between two codes to one phone
    int codes_per_minute = 10;     // --codes-per-minute N: codes asked from one client address
    // Sign-in with the national identity (docs/identity.md); the client secret comes from
    // MAWID_OIDC_SECRET in the environment only.
    std::string oidc_issuer;           // --oidc-issuer URL; none: no such sign-in
    std::string oidc_client_id;        // --oidc-client-id ID
    std::string oidc_cpr_claim = "cpr";  // --oidc-cpr-claim NAME: the ID token's claim with the CPR
    // The centre app (docs/staff-api.md):
    std::string create_admin;  // --create-admin NAME: make an admin and exit
    // Operators:
    std::string backup_to;  // --backup OUT: copy the database (online) to OUT and exit
    // --import-catalog FILE (centres.csv) and/or --import-services FILE (services.csv): check
    // and apply them to the stored catalogue (docs/catalog-csv.md), then exit; --dry-run
    // only checks.
    std::string import_centres;
    std::string import_services;
    bool import_dry_run = false;
    // Test-only: cheapest argon2id, and short session timeouts against the real clock.
    bool fast_password_hashing = false;   // --fast-password-hashing
    int session_idle_seconds = 30 * 60;   // --session-idle-seconds N
    int session_max_seconds = 12 * 3600;  // --session-max-seconds N
};

// True when `host` (--host) is a loopback address or "localhost": the server can only be
// reached from this machine, a developer's, so the demo accounts may keep their known password.
bool is_loopback_host(const std::string& host);

// Parses argv; bad_request with a message naming the flag when something is wrong.
Result<Options> parse_options(int argc, char** argv);

const char* usage();

}  // namespace mawid::server
