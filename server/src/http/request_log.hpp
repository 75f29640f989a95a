// The request log: one line per request on standard error, written by a background thread
// in batches so that a slow or busy stderr never holds up a request. Lines are flushed at
// least every 100 ms and at shutdown; a crash may lose the last 100 ms of log lines.
// Plain text by default; with --log-format json one JSON object a line, for log shippers.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace mawid::server {

// The request target as it may be logged, for the route `route` (routes.hpp) answered with
// `status`: no query string, booking codes masked, long runs of digits (a CPR, a phone
// number) hidden; only the pattern of a path no route matched, or of a refused request on a
// route with a varying segment (a file not served, a user or centre that is not there).
std::string loggable_path(std::string_view target, std::size_t route, int status);

// One answered request, as logged. Nothing in it may hold personal data.
struct LogEntry {
    std::string_view method;
    std::string_view path;        // already safe to log (see loggable_path); text lines only
    std::string_view route;       // the route pattern (routes.hpp); JSON lines only
    std::string_view request_id;  // X-Request-Id, as answered
    std::string_view client;      // the client's address (through a trusted proxy)
    int status = 0;
    std::chrono::steady_clock::duration took{};
};

class RequestLog {
public:
    // json: one JSON object a line (time, level, request_id, method, route, status,
    // duration_ms, client) instead of the plain text line.
    explicit RequestLog(bool json = false);
    ~RequestLog();  // flushes everything
    RequestLog(const RequestLog&) = delete;
    RequestLog& operator=(const RequestLog&) = delete;

    // Queues the line of one request.
    void write(const LogEntry& entry);

private:
    void run();
    void append(const char* line, std::size_t length);

    const bool json_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::string pending_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace mawid::server
