// What operators and their tools ask of a running server (docs/operations.md): /metrics in
// the Prometheus text format, and /readyz, which says whether the server can take bookings
// now. /healthz (the citizen API) only says that the process answers.
#pragma once

#include <chrono>
#include <string>

#include "http/http_types.hpp"
#include "http/trusted_proxies.hpp"
#include "storage/writer.hpp"

namespace mawid::server {

// A transaction open longer than this means the writer is stalled (waiting on a lock or a
// disk): the server is not ready.
inline constexpr std::chrono::milliseconds kWriterStall{2000};

// GET /metrics: for loopback clients and those in `allowed` (--metrics-from) only, 403
// forbidden for anyone else; the client is the one a trusted proxy names, so the public
// behind the proxy is refused too.
HttpResponse metrics_answer(const HttpRequest& request, const std::string& db_path,
                            const TrustedProxies& allowed);

// GET /readyz: 200 when the database answers a read and the writer is draining
// (Writer::draining); 503 otherwise. Each call also queues a writer probe, so that an idle
// writer that cannot take the write lock is noticed, and a recovered one too.
HttpResponse readiness_answer(const HttpRequest& request, const std::string& db_path,
                              Writer& writer);

}  // namespace mawid::server
