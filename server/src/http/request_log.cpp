#include "http/request_log.hpp"
#include "http/routes.hpp"

#include <unistd.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <ctime>

namespace mawid::server {
namespace {

constexpr std::size_t kFlushAt = 64 * 1024;

// Paths whose next segment is a booking code: a code is enough to cancel a booking.
constexpr std::string_view kStaffBookingsPrefix = "/api/v1/staff/bookings/";

void write_all(const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(STDERR_FILENO, text.data() + done, text.size() - done);
        if (n <= 0) return;  // stderr gone: drop the lines rather than stop serving
        done += static_cast<std::size_t>(n);
    }
}

// "2026-12-01T03:00:00.123Z"
std::string utc_stamp() {
    auto now = std::chrono::system_clock::now();
    std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    int millis = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char stamp[40];
    std::size_t n = std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
    std::snprintf(stamp + n, sizeof stamp - n, ".%03dZ", millis);
    return stamp;
}

// The JSON line of one request; invalid UTF-8, should any reach it, is replaced, never
// passed on.
std::string json_line(const LogEntry& e) {
    nlohmann::ordered_json line = {
        {"time", utc_stamp()},
        {"level", e.status >= 500 ? "error" : "info"},
        {"request_id", e.request_id},
        {"method", e.method},
        {"route", e.route},
        {"status", e.status},
        {"duration_ms",
         std::round(std::chrono::duration<double, std::milli>(e.took).count() * 1000) / 1000},
        {"client", e.client},
    };
    return line.dump(-1, ' ', true, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

// The path of a request that matched a route, with booking codes masked and long runs of
// digits hidden.
std::string masked_path(std::string_view target) {
    std::string_view path = target.substr(0, target.find('?'));
    // The counter's check-in paths carry a code too.
    if (path.substr(0, kStaffBookingsPrefix.size()) == kStaffBookingsPrefix) {
        std::string_view rest = path.substr(kStaffBookingsPrefix.size());
        std::size_t slash = rest.find('/');
        std::string masked(kStaffBookingsPrefix);
        masked += "***";
        if (slash != std::string_view::npos) masked += masked_path(rest.substr(slash));
        return masked;
    }
    if (path.substr(0, kBookingsPrefix.size()) == kBookingsPrefix) {
        std::string_view rest = path.substr(kBookingsPrefix.size());
        if (rest != "lookup") {
            std::size_t slash = rest.find('/');
            std::string masked(kBookingsPrefix);
            masked += "***";
            if (slash != std::string_view::npos) masked += masked_path(rest.substr(slash));
            return masked;
        }
    }
    // Keep the log one line per request whatever the client sent, and keep anything that
    // looks like a CPR or phone number (a long run of digits) out of it.
    std::string clean;
    std::size_t digits = 0;
    for (char c : path.substr(0, 200)) {
        bool digit = c >= '0' && c <= '9';
        digits = digit ? digits + 1 : 0;
        clean += (c < ' ' || c == 127) ? '?' : c;
        if (digits == 6) clean.replace(clean.size() - 6, 6, "######");
        if (digits > 6) clean.back() = '#';
    }
    return clean;
}

}  // namespace

RequestLog::RequestLog(bool json) : json_(json), thread_([this] { run(); }) {}

RequestLog::~RequestLog() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void RequestLog::write(const LogEntry& e) {
    if (json_) {
        std::string line = json_line(e);
        return append(line.data(), line.size());
    }
    std::string stamp = utc_stamp();
    char line[400];
    int n = std::snprintf(line, sizeof line, "%s %.*s %.*s %d %.2fms\n", stamp.c_str(),
                          static_cast<int>(e.method.size()), e.method.data(),
                          static_cast<int>(e.path.size()), e.path.data(), e.status,
                          std::chrono::duration<double, std::milli>(e.took).count());
    if (n <= 0) return;
    std::size_t length = std::min<std::size_t>(static_cast<std::size_t>(n), sizeof line - 1);
    if (line[length - 1] != '\n') line[length - 1] = '\n';
    append(line, length);
}

void RequestLog::append(const char* line, std::size_t length) {
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

std::string loggable_path(std::string_view target, std::size_t route, int status) {
    // A path no route matched, a file that was not served, or a refused request's varying
    // segment (a user, a centre, an id nobody has) is whatever the client typed (a booking
    // code, a phone number, an address): only its pattern is logged.
    const std::string_view pattern = route_name(route);
    const bool varies = pattern.find('{') != std::string_view::npos;
    if (pattern == "/api/{other}" || (varies && status >= 400)) return std::string(pattern);
    return masked_path(target);
}

}  // namespace mawid::server
