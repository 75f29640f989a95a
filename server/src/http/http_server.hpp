// The HTTP/1.1 front door (Boost.Beast): keep-alive sessions on a thread pool, limits on
// headers, bodies, time and connections, security headers, one log line per request, and a
// clean drain on SIGTERM. Every answer carries an X-Request-Id (a trusted proxy's, else one
// made here) and is counted in the metrics by route pattern and status. The only translation unit that includes Beast.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "http/http_types.hpp"
#include "http/trusted_proxies.hpp"

namespace mawid::server {

struct HttpServerConfig {
    std::string host = "127.0.0.1";
    unsigned short port = 0;
    int threads = 2;
    std::size_t header_limit = 8 * 1024;
    std::size_t body_limit = 16 * 1024;
    // Uploads (the catalogue's CSV files, docs/catalog-csv.md) may be larger: requests whose
    // target starts with `upload_path` get `upload_body_limit` once their header is read.
    std::string upload_path = "/api/v1/staff/catalog/import";
    std::size_t upload_body_limit = 1024 * 1024;
    std::chrono::seconds request_timeout{10};  // a whole request (or the wait for the next one on a
                                               // kept-alive connection) must arrive within this
    std::size_t max_connections = 8192;        // lowered if the open-files limit is too low for it
    std::size_t max_connections_per_client = 256;  // past it: 503 and close
    bool log_requests = true;
    bool log_json = false;  // --log-format json: one JSON object a line
    TrustedProxies trusted_proxies;  // --trusted-proxy: who may say where a request came from
};

// Runs `give_answers` and sends the answers it gives to sessions (through their
// Responders) with one hand-off to each network thread, not one per answer: each hand-off
// takes that thread's lock and may wake it. For a thread that answers many at once, such as
// the writer's delivery of a committed batch.
void answer_together(const std::function<void()>& give_answers);

// Serves until SIGTERM or SIGINT, then stops accepting, finishes the requests in flight and
// returns 0. Calls `on_listening` with the bound port once accepting. Nonzero on failure to
// listen.
int run_http_server(const HttpServerConfig& config, Handler handler,
                    const std::function<void(unsigned short port)>& on_listening);

}  // namespace mawid::server
