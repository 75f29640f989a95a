// The request log: one line per request on standard error, written by a background thread
// in batches so that a slow or busy stderr never holds up a request. Lines are flushed at
// least every 100 ms and at shutdown; a crash may lose the last 100 ms of log lines.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace mawid::server {

// The request target as it may be logged: no query string, booking codes masked, long runs
// of digits (a CPR, a phone number) hidden.
std::string loggable_path(std::string_view target);

class RequestLog {
public:
    RequestLog();
    ~RequestLog();  // flushes everything
    RequestLog(const RequestLog&) = delete;
    RequestLog& operator=(const RequestLog&) = delete;

    // `path` must already be safe to log (see loggable_path).
    void write(std::string_view method, std::string_view path, int status,
               std::chrono::steady_clock::duration took);

private:
    void run();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::string pending_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace mawid::server
