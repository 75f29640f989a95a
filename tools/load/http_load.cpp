#include "http_load.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace mawid::load {
namespace {

using Clock = std::chrono::steady_clock;

int connect_loopback(int port, bool blocking) {
    int fd = socket(AF_INET, SOCK_STREAM | (blocking ? 0 : SOCK_NONBLOCK), 0);
    if (fd < 0) throw std::runtime_error("socket failed");
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 &&
        errno != EINPROGRESS) {
        close(fd);
        throw std::runtime_error(std::string("connect failed: ") + std::strerror(errno));
    }
    return fd;
}

std::string serialize(const Request& request) {
    std::string bytes = request.method + " " + request.target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!request.body.empty() || request.method == "POST") {
        bytes += "Content-Type: application/json\r\nContent-Length: " +
                 std::to_string(request.body.size()) + "\r\n";
    }
    bytes += request.headers;
    bytes += "\r\n";
    bytes += request.body;
    return bytes;
}

// Parses one complete response from the front of `in`; false when more bytes are needed.
bool take_response(std::string& in, Answer& answer) {
    std::size_t end = in.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    std::size_t length = 0;
    // Header names are matched case-insensitively; Beast writes "Content-Length".
    answer.set_cookie.clear();
    for (std::size_t pos = in.find("\r\n"); pos < end; pos = in.find("\r\n", pos + 2)) {
        if (strncasecmp(in.data() + pos + 2, "content-length:", 15) == 0) {
            length = std::strtoul(in.data() + pos + 17, nullptr, 10);
        } else if (strncasecmp(in.data() + pos + 2, "set-cookie: ", 12) == 0) {
            std::size_t from = pos + 14;
            answer.set_cookie = in.substr(from, in.find("\r\n", from) - from);
        }
    }
    if (in.size() < end + 4 + length) return false;
    answer.status = std::atoi(in.data() + 9);
    answer.body = in.substr(end + 4, length);
    in.erase(0, end + 4 + length);
    return true;
}

struct Connection {
    int fd = -1;
    int index = 0;
    std::string out;
    std::size_t written = 0;
    std::string in;
    Request request;
    Clock::time_point sent_at;
    bool busy = false;
};

}  // namespace

double PhaseResult::percentile(double p) const {
    if (latencies_ms.empty()) return 0;
    std::vector<double> sorted = latencies_ms;
    std::size_t rank = static_cast<std::size_t>(p / 100.0 * (sorted.size() - 1) + 0.5);
    std::nth_element(sorted.begin(), sorted.begin() + rank, sorted.end());
    return sorted[rank];
}

PhaseResult run_phase(const PhaseConfig& config, const std::function<Request(int)>& next,
                      const std::function<void(const Request&, const Answer&)>& done) {
    PhaseResult result;
    int epoll = epoll_create1(0);
    std::vector<Connection> connections(config.connections);
    std::uint64_t sent = 0;
    const auto start = Clock::now();
    const auto stop_at = start + config.duration;
    int open = 0;

    auto send_next = [&](Connection& c) {
        if (Clock::now() >= stop_at || (config.max_requests && sent >= config.max_requests)) {
            c.busy = false;
            return false;
        }
        c.request = next(c.index);
        c.out = serialize(c.request);
        c.written = 0;
        c.busy = true;
        c.sent_at = Clock::now();
        ++sent;
        return true;
    };
    auto flush = [&](Connection& c) {
        while (c.written < c.out.size()) {
            ssize_t n =
                send(c.fd, c.out.data() + c.written, c.out.size() - c.written, MSG_NOSIGNAL);
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) break;
            if (n <= 0) return false;
            c.written += static_cast<std::size_t>(n);
        }
        epoll_event event{};
        event.events =
            EPOLLIN | (c.written < c.out.size() ? static_cast<std::uint32_t>(EPOLLOUT) : 0u);
        event.data.u32 = static_cast<std::uint32_t>(c.index);
        epoll_ctl(epoll, EPOLL_CTL_MOD, c.fd, &event);
        return true;
    };
    auto drop = [&](Connection& c) {
        if (c.busy) ++result.failures;
        c.busy = false;
        epoll_ctl(epoll, EPOLL_CTL_DEL, c.fd, nullptr);
        close(c.fd);
        c.fd = -1;
        --open;
    };

    for (int i = 0; i < config.connections; ++i) {
        Connection& c = connections[i];
        c.index = i;
        c.fd = connect_loopback(config.port, false);
        epoll_event event{};
        event.events = EPOLLOUT;
        event.data.u32 = static_cast<std::uint32_t>(i);
        epoll_ctl(epoll, EPOLL_CTL_ADD, c.fd, &event);
        ++open;
        if (!send_next(c)) {
            drop(c);
            continue;
        }
    }

    std::vector<epoll_event> events(1024);
    char buffer[65536];
    while (open > 0) {
        int n = epoll_wait(epoll, events.data(), static_cast<int>(events.size()), 100);
        if (n < 0 && errno == EINTR) continue;
        if (Clock::now() > stop_at + std::chrono::seconds(30)) break;  // a stuck server
        for (int e = 0; e < n; ++e) {
            Connection& c = connections[events[e].data.u32];
            if (c.fd < 0) continue;
            if (events[e].events & EPOLLOUT) {
                if (!flush(c)) {
                    drop(c);
                    continue;
                }
            }
            if (!(events[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
            ssize_t got = recv(c.fd, buffer, sizeof buffer, 0);
            if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
            if (got <= 0) {
                drop(c);
                continue;
            }
            c.in.append(buffer, static_cast<std::size_t>(got));
            Answer answer;
            bool alive = true;
            while (alive && take_response(c.in, answer)) {
                auto took = Clock::now() - c.sent_at;
                result.latencies_ms.push_back(
                    std::chrono::duration<double, std::milli>(took).count());
                ++result.requests;
                done(c.request, answer);
                alive = send_next(c) && flush(c);
            }
            if (!alive) drop(c);
        }
    }
    for (Connection& c : connections) {
        if (c.fd >= 0) drop(c);
    }
    close(epoll);
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return result;
}

Answer fetch(int port, const Request& request) {
    int fd = connect_loopback(port, true);
    std::string out = serialize(request);
    std::size_t written = 0;
    while (written < out.size()) {
        ssize_t n = send(fd, out.data() + written, out.size() - written, MSG_NOSIGNAL);
        if (n <= 0) {
            close(fd);
            throw std::runtime_error("send failed");
        }
        written += static_cast<std::size_t>(n);
    }
    std::string in;
    Answer answer;
    char buffer[65536];
    while (!take_response(in, answer)) {
        ssize_t n = recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) {
            close(fd);
            throw std::runtime_error("connection closed before the answer");
        }
        in.append(buffer, static_cast<std::size_t>(n));
    }
    close(fd);
    return answer;
}

}  // namespace mawid::load
