#include "request_log.hpp"

#include <unistd.h>

#include <cstdio>
#include <ctime>

namespace mawid::server {
namespace {

constexpr std::size_t kFlushAt = 64 * 1024;

void write_all(const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(STDERR_FILENO, text.data() + done, text.size() - done);
        if (n <= 0) return;  // stderr gone: drop the lines rather than stop serving
        done += static_cast<std::size_t>(n);
    }
}

}  // namespace

RequestLog::RequestLog() : thread_([this] { run(); }) {}

RequestLog::~RequestLog() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void RequestLog::write(std::string_view method, std::string_view path, int status,
                       std::chrono::steady_clock::duration took) {
    auto now = std::chrono::system_clock::now();
    std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    int millis = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
    char line[400];
    int n =
        std::snprintf(line, sizeof line, "%s.%03dZ %.*s %.*s %d %.2fms\n", stamp, millis,
                      static_cast<int>(method.size()), method.data(), static_cast<int>(path.size()),
                      path.data(), status, std::chrono::duration<double, std::milli>(took).count());
    if (n <= 0) return;
    std::size_t length = std::min<std::size_t>(static_cast<std::size_t>(n), sizeof line - 1);
    if (line[length - 1] != '\n') line[length - 1] = '\n';
    bool flush_now;
    {
        std::lock_guard lock(mutex_);
        pending_.append(line, length);
        flush_now = pending_.size() >= kFlushAt;
    }
    if (flush_now) wake_.notify_one();
}

void RequestLog::run() {
    std::string batch;
    for (;;) {
        bool stopping;
        {
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, std::chrono::milliseconds(100),
                           [this] { return stopping_ || pending_.size() >= kFlushAt; });
            batch.swap(pending_);
            stopping = stopping_;
        }
        write_all(batch);
        batch.clear();
        if (stopping) return;
    }
}

}  // namespace mawid::server
