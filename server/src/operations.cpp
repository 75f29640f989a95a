#include "operations.hpp"

#include <cstdio>

#include "http/json_responses.hpp"
#include "http/metrics.hpp"
#include "options.hpp"
#include "storage/store.hpp"

namespace mawid::server {
namespace {

// Messages pending and failed, read on this thread's read connection.
ScrapeFacts scrape_facts(const std::string& db_path) {
    ScrapeFacts facts;
    try {
        Connection& db = thread_read_connection(db_path);
        Statement count = db.prepare(
            "SELECT count(*) FILTER (WHERE state = 'pending'), "
            "count(*) FILTER (WHERE state = 'failed') FROM outbox");
        if (count.step()) {
            facts.outbox_pending = count.column_int(0);
            facts.outbox_failed = count.column_int(1);
        }
    } catch (const std::exception& e) {
        // The rest of the metrics are still worth reading; the gauges keep their last value.
        std::fprintf(stderr, "metrics: outbox not read: %s\n", e.what());
    }
    return facts;
}

// True when a read on this thread's read connection succeeds.
bool database_answers(const std::string& db_path) {
    try {
        Statement check = thread_read_connection(db_path).prepare("SELECT count(*) FROM catalog");
        return check.step();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "readyz: the database does not answer: %s\n", e.what());
        return false;
    }
}

}  // namespace

HttpResponse metrics_answer(const HttpRequest& request, const std::string& db_path,
                            const TrustedProxies& allowed) {
    if (request.method != "GET") return method_not_allowed("GET");
    if (!is_loopback_host(request.client_ip) && !allowed.contains(request.client_ip)) {
        return error_response(ErrorCode::forbidden);
    }
    HttpResponse response;
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.body = render_metrics(scrape_facts(db_path));
    return response;
}

HttpResponse readiness_answer(const HttpRequest& request, const std::string& db_path,
                              Writer& writer) {
    if (request.method != "GET") return method_not_allowed("GET");
    const bool database = database_answers(db_path);
    const bool draining = writer.draining(kWriterStall);
    writer.probe();
    if (database && draining) return json_response(200, {{"status", "ready"}});
    HttpResponse response =
        json_response(503, {{"status", "not_ready"},
                            {"database", database ? "ok" : "failing"},
                            {"writer", draining ? "ok" : "stalled"}});
    response.headers.emplace_back("Retry-After", "1");
    return response;
}

}  // namespace mawid::server
