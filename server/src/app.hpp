// The whole server behind the HTTP front door: the database opened and migrated, the
// catalogue (and, with --seed-demo, the demo accounts) loaded, the writer started, and the
// citizen and staff APIs wired together. main() puts it behind Beast; the request-path fuzz
// target calls it directly.
#pragma once

#include <memory>
#include <optional>

#include "citizen/api.hpp"
#include "http/http_types.hpp"
#include "http/static_files.hpp"
#include "identity/identity.hpp"
#include "messages/sender.hpp"
#include "options.hpp"
#include "staff/staff_api.hpp"
#include "state/catalog_cache.hpp"
#include "state/catalog_watcher.hpp"
#include "storage/writer.hpp"

namespace mawid::server {

class App {
public:
    // Opens everything `options` names; throws std::runtime_error when the database or the
    // catalogue cannot be used (the details are on stderr).
    explicit App(const Options& options);
    // Commits every queued write before the database closes.
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    // Answers one request (/metrics and /readyz here, everything else by the APIs);
    // `respond` is called once, on this thread or the writer's.
    void handle(const HttpRequest& request, Responder respond);
    // Told the port the server listens on (with --port 0, the kernel's choice): without
    // --public-url, the national identity sends citizens back to that port.
    void listening(unsigned short port);
    // How the writer's committed answers reach the network threads (AnswerRound).
    void give_answers_through(AnswerRound round) {
        writer_.give_answers_through(std::move(round));
    }

private:
    std::string host_;               // --host
    bool public_url_given_ = false;  // --public-url
    std::string db_path_;
    TrustedProxies metrics_from_;  // --metrics-from: who may read /metrics besides loopback
    Clock clock_;
    CatalogCache catalog_;
    Writer writer_;
    std::optional<StaticFiles> files_;
    Verification verification_;
    Identity identity_;  // stopped before the writer: its workers submit to it
    Api api_;
    StaffApi staff_;
    std::unique_ptr<Sender> sender_;  // stopped before the writer: it records through it
    std::unique_ptr<CatalogWatcher> watcher_;  // stopped before the writer: it probes it
};

}  // namespace mawid::server
