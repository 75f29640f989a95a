#include "options.hpp"

#include <mawid/booking.hpp>

#include <arpa/inet.h>
#include <curl/curl.h>

#include <charconv>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <thread>

#include "storage/database.hpp"

#ifndef MAWID_DEFAULT_I18N
#define MAWID_DEFAULT_I18N "assets/i18n"
#endif
#ifndef MAWID_DEFAULT_CATALOG
#define MAWID_DEFAULT_CATALOG "assets/catalog.json"
#endif

namespace mawid::server {
namespace {

std::optional<long> parse_number(std::string_view text, long low, long high) {
    long value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < low || value > high) {
        return std::nullopt;
    }
    return value;
}

Error flag_error(std::string_view flag, std::string_view problem) {
    return make_error(ErrorCode::bad_request, std::string(flag),
                      std::string(flag) + ": " + std::string(problem));
}

// --oidc-issuer: an https:// URL, or http:// to a loopback address (a test provider on this
// machine); no query or fragment (the issuer is compared with each ID token's `iss`).
bool is_issuer_url(const std::string& text) {
    CURLU* url = curl_url();
    bool ok = url && curl_url_set(url, CURLUPART_URL, text.c_str(), 0) == CURLUE_OK;
    char* scheme = nullptr;
    char* host = nullptr;
    char* query = nullptr;
    char* fragment = nullptr;
    ok = ok && curl_url_get(url, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
         curl_url_get(url, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
         curl_url_get(url, CURLUPART_QUERY, &query, 0) == CURLUE_NO_QUERY &&
         curl_url_get(url, CURLUPART_FRAGMENT, &fragment, 0) == CURLUE_NO_FRAGMENT;
    if (ok) {
        std::string name = host;
        if (name.size() > 2 && name.front() == '[') name = name.substr(1, name.size() - 2);
        ok = std::string_view(scheme) == "https" ||
             (std::string_view(scheme) == "http" && is_loopback_host(name));
    }
    for (char* part : {scheme, host, query, fragment}) curl_free(part);
    curl_url_cleanup(url);
    return ok;
}

// A client id or claim name: 1 to `most` printable ASCII characters, no spaces.
bool is_printable_name(std::string_view text, std::size_t most) {
    if (text.empty() || text.size() > most) return false;
    for (char c : text) {
        if (c <= ' ' || c > '~') return false;
    }
    return true;
}

}  // namespace

bool is_loopback_host(const std::string& host) {
    if (host == "localhost") return true;
    in_addr v4{};
    // 127.0.0.0/8: the first byte of the address in network order.
    if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
        return reinterpret_cast<const unsigned char*>(&v4)[0] == 127;
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, host.c_str(), &v6) != 1) return false;
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
}

const char* usage() {
    return "usage: mawid-server --port N --db PATH [--web DIR] [--seed-demo]\n"
           "                    [--rate-limit PER_MINUTE] [--catalog PATH] [--host ADDR]\n"
           "                    [--threads N] [--quiet] [--password-queue N]\n"
           "                    [--client-connections N] [--trusted-proxy CIDR]...\n"
           "                    [--log-format text|json] [--metrics-from CIDR]...\n"
           "                    [--retention-days N] [--audit-retention-days N]\n"
           "                    [--sms-gateway URL] [--sms-from NAME] [--outbox-dir DIR]\n"
           "                    [--smtp smtp://HOST:PORT] [--mail-from ADDR] [--i18n DIR]\n"
           "                    [--public-url URL] [--verification on|off]\n"
           "                    [--max-active-per-person N] [--max-cprs-per-phone N]\n"
           "                    [--code-resend-seconds N] [--codes-per-minute N]\n"
           "                    [--oidc-issuer URL --oidc-client-id ID [--oidc-cpr-claim NAME]]\n"
           "       (credentials: MAWID_SMS_AUTH and MAWID_SMTP_AUTH, user:secret, and\n"
           "        MAWID_OIDC_SECRET, the identity client's secret, in the environment)\n"
           "       mawid-server --db PATH --create-admin NAME   (password on standard input)\n"
           "       mawid-server --db PATH --backup OUT          (while a server runs, too)\n"
           "       mawid-server --db PATH [--import-catalog CENTRES.csv]\n"
           "                    [--import-services SERVICES.csv] [--dry-run]\n"
           "       (checks the catalogue's CSV files, docs/catalog-csv.md, and prints every\n"
           "        problem and change; applies them in one transaction unless --dry-run or\n"
           "        a problem was found: exit 0 clean, 3 problems, 1 failure. Restart a\n"
           "        running server afterwards so it reads the new catalogue)\n";
}

Result<Options> parse_options(int argc, char** argv) {
    Options options;
    options.catalog_path = MAWID_DEFAULT_CATALOG;
    options.i18n_dir = MAWID_DEFAULT_I18N;
    bool have_port = false;
    for (int i = 1; i < argc; ++i) {
        std::string_view flag = argv[i];
        auto value = [&]() -> std::optional<std::string_view> {
            if (i + 1 >= argc) return std::nullopt;
            return std::string_view(argv[++i]);
        };
        if (flag == "--seed-demo") {
            options.seed_demo = true;
        } else if (flag == "--no-group-commit") {
            options.group_commit = false;
        } else if (flag == "--dry-run") {
            options.import_dry_run = true;
        } else if (flag == "--quiet") {
            options.quiet = true;
        } else if (flag == "--fast-password-hashing") {
            options.fast_password_hashing = true;
        } else if (flag == "--import-catalog" || flag == "--import-services") {
            auto text = value();
            if (!text || text->empty()) return flag_error(flag, "needs a file name");
            (flag == "--import-catalog" ? options.import_centres : options.import_services) = *text;
        } else if (flag == "--create-admin" || flag == "--backup" ||
                   flag == "--session-idle-seconds" || flag == "--session-max-seconds" ||
                   flag == "--password-queue" || flag == "--client-connections" ||
                   flag == "--audit-retention-days") {
            auto text = value();
            if (!text) return flag_error(flag, "needs a value");
            if (flag == "--create-admin") {
                options.create_admin = *text;
            } else if (flag == "--backup") {
                if (text->empty()) return flag_error(flag, "needs a file name");
                options.backup_to = *text;
            } else if (flag == "--audit-retention-days") {
                auto n = parse_number(*text, 1, 36500);
                if (!n) return flag_error(flag, "expected 1..36500 days");
                options.audit_retention_days = static_cast<int>(*n);
            } else if (flag == "--password-queue" || flag == "--client-connections") {
                auto n = parse_number(*text, 1, 100000);
                if (!n) return flag_error(flag, "expected 1..100000");
                (flag == "--password-queue" ? options.password_queue : options.client_connections) =
                    static_cast<int>(*n);
            } else {
                auto n = parse_number(*text, 1, 7 * 24 * 3600);
                if (!n) return flag_error(flag, "expected 1..604800 seconds");
                (flag == "--session-idle-seconds" ? options.session_idle_seconds
                                                  : options.session_max_seconds) =
                    static_cast<int>(*n);
            }
        } else if (flag == "--sms-gateway" || flag == "--sms-from" || flag == "--outbox-dir" ||
                   flag == "--i18n") {
            auto text = value();
            if (!text || text->empty()) return flag_error(flag, "needs a value");
            (flag == "--sms-gateway"  ? options.sms_gateway
             : flag == "--sms-from"   ? options.sms_from
             : flag == "--outbox-dir" ? options.outbox_dir
                                      : options.i18n_dir) = *text;
        } else if (flag == "--public-url") {
            auto text = value();
            if (!text || !(text->starts_with("https://") || text->starts_with("http://"))) {
                return flag_error(flag, "expected an http:// or https:// address");
            }
            options.public_url = *text;
            options.public_url_given = true;
            while (options.public_url.ends_with('/')) options.public_url.pop_back();
        } else if (flag == "--smtp") {
            auto text = value();
            bool url = text && (text->rfind("smtp://", 0) == 0 || text->rfind("smtps://", 0) == 0);
            if (!url || text->find('@') != std::string_view::npos) {
                // No user:secret@ in the URL: credentials come from MAWID_SMTP_AUTH only.
                return flag_error(flag, "expected smtp://HOST:PORT or smtps://HOST:PORT "
                                        "(credentials in MAWID_SMTP_AUTH)");
            }
            options.smtp = *text;
        } else if (flag == "--mail-from") {
            auto text = value();
            if (!text || !validate_email(*text)) return flag_error(flag, "expected an e-mail address");
            options.mail_from = *text;
        } else if (flag == "--message-retry-seconds") {
            auto text = value();
            auto seconds = text ? parse_number(*text, 1, 3600) : std::nullopt;
            if (!seconds) return flag_error(flag, "expected 1..3600 seconds");
            options.message_retry_seconds = static_cast<int>(*seconds);
        } else if (flag == "--verification") {
            auto text = value();
            if (!text || (*text != "on" && *text != "off")) return flag_error(flag, "expected on or off");
            options.verification = *text == "on";
        } else if (flag == "--codes-per-minute") {
            auto text = value();
            auto n = text ? parse_number(*text, 1, 100000) : std::nullopt;
            if (!n) return flag_error(flag, "expected 1..100000");
            options.codes_per_minute = static_cast<int>(*n);
        } else if (flag == "--oidc-issuer") {
            auto text = value();
            if (!text || !is_issuer_url(std::string(*text))) {
                return flag_error(flag, "expected an https:// address (http:// on loopback only)");
            }
            options.oidc_issuer = *text;
        } else if (flag == "--oidc-client-id" || flag == "--oidc-cpr-claim") {
            auto text = value();
            if (!text || !is_printable_name(*text, 255)) {
                return flag_error(flag, "expected 1..255 printable characters");
            }
            (flag == "--oidc-client-id" ? options.oidc_client_id : options.oidc_cpr_claim) = *text;
        } else if (flag == "--code-resend-seconds") {
            auto text = value();
            auto n = text ? parse_number(*text, 0, 3600) : std::nullopt;
            if (!n) return flag_error(flag, "expected 0..3600 seconds");
            options.code_resend_seconds = static_cast<int>(*n);
        } else if (flag == "--max-active-per-person" || flag == "--max-cprs-per-phone") {
            auto text = value();
            auto n = text ? parse_number(*text, 1, 100) : std::nullopt;
            if (!n) return flag_error(flag, "expected 1..100");
            (flag == "--max-active-per-person" ? options.max_active_per_person
                                               : options.max_cprs_per_phone) = static_cast<int>(*n);
        } else if (flag == "--retention-days") {
            auto text = value();
            auto days = text ? parse_number(*text, 1, 3650) : std::nullopt;
            if (!days) return flag_error(flag, "expected 1..3650 days");
            options.retention_days = static_cast<int>(*days);
        } else if (flag == "--trusted-proxy") {
            auto text = value();
            if (!text || !options.trusted_proxies.add(*text)) {
                return flag_error(flag, "expected an address or CIDR, e.g. 10.0.0.0/8");
            }
        } else if (flag == "--metrics-from") {
            auto text = value();
            if (!text || !options.metrics_from.add(*text)) {
                return flag_error(flag, "expected an address or CIDR, e.g. 10.0.0.0/8");
            }
        } else if (flag == "--log-format") {
            auto text = value();
            if (!text || (*text != "text" && *text != "json")) {
                return flag_error(flag, "expected text or json");
            }
            options.log_json = *text == "json";
        } else if (flag == "--port" || flag == "--rate-limit" || flag == "--threads" ||
                   flag == "--db" || flag == "--web" || flag == "--catalog" || flag == "--host" ||
                   flag == "--now") {
            auto text = value();
            if (!text) return flag_error(flag, "needs a value");
            if (flag == "--port") {
                auto n = parse_number(*text, 0, 65535);
                if (!n) return flag_error(flag, "expected 0..65535");
                options.port = static_cast<unsigned short>(*n);
                have_port = true;
            } else if (flag == "--rate-limit") {
                auto n = parse_number(*text, 0, 1000000);
                if (!n) return flag_error(flag, "expected 0..1000000 requests a minute");
                options.rate_limit = static_cast<int>(*n);
            } else if (flag == "--threads") {
                auto n = parse_number(*text, 0, 256);
                if (!n) return flag_error(flag, "expected 0..256");
                options.threads = static_cast<int>(*n);
            } else if (flag == "--now") {
                auto instant = parse_rfc3339(*text);
                if (!instant) return flag_error(flag, "expected an RFC 3339 time");
                options.fixed_now = instant->instant;
            } else if (flag == "--db") {
                options.db_path = *text;
            } else if (flag == "--web") {
                options.web_dir = *text;
            } else if (flag == "--catalog") {
                options.catalog_path = *text;
            } else {
                options.host = *text;
            }
        } else {
            return flag_error(flag, "unknown flag");
        }
    }
    // --create-admin and --backup only touch the database: no port to listen on.
    const bool importing = !options.import_centres.empty() || !options.import_services.empty();
    const bool one_shot = !options.create_admin.empty() || !options.backup_to.empty() || importing;
    if (!options.create_admin.empty() && !options.backup_to.empty()) {
        return flag_error("--backup", "cannot be combined with --create-admin");
    }
    if (importing && (!options.create_admin.empty() || !options.backup_to.empty())) {
        return flag_error("--import-catalog", "cannot be combined with --create-admin or --backup");
    }
    if (options.import_dry_run && !importing) {
        return flag_error("--dry-run", "goes with --import-catalog or --import-services");
    }
    if (!have_port && !one_shot) return flag_error("--port", "is required");
    // Without verification anyone books for any CPR: for load tests on this machine only.
    if (!options.verification && !is_loopback_host(options.host)) {
        return flag_error("--verification", "off is only for a server listening on loopback");
    }
    if (options.oidc_issuer.empty() != options.oidc_client_id.empty()) {
        return flag_error("--oidc-client-id", "and --oidc-issuer go together");
    }
    // An identity's session binds bookings to its CPR only where citizens must be verified.
    if (!options.oidc_issuer.empty() && !options.verification) {
        return flag_error("--oidc-issuer", "needs --verification on");
    }
    if (options.db_path.empty()) return flag_error("--db", "is required");
    const bool postgresql = engine_of(options.db_path) == Engine::postgresql;
    if (postgresql && !options.backup_to.empty()) {
        return flag_error("--backup", "copies a SQLite file; back PostgreSQL up with its own "
                                      "tools (pg_dump, base backups)");
    }
    if (options.outbox_dir.empty()) {
        // Beside the SQLite file; for a PostgreSQL URI, in the working folder.
        options.outbox_dir =
            postgresql ? std::string("outbox")
                       : (std::filesystem::path(options.db_path).parent_path() / "outbox").string();
    }
    if (options.public_url.empty()) {
        options.public_url = "http://" + options.host + ":" + std::to_string(options.port);
    }
    if (options.threads == 0) {
        options.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    }
    return options;
}

}  // namespace mawid::server
