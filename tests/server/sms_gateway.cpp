#include "sms_gateway.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <stdexcept>

namespace mawid::test {
namespace {

std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// application/x-www-form-urlencoded, decoded.
std::map<std::string, std::string> decode_form(const std::string& body) {
    auto decode = [](const std::string& text) {
        std::string out;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '+') {
                out += ' ';
            } else if (text[i] == '%' && i + 2 < text.size()) {
                out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
                i += 2;
            } else {
                out += text[i];
            }
        }
        return out;
    };
    std::map<std::string, std::string> form;
    std::size_t start = 0;
    while (start <= body.size()) {
        std::size_t end = body.find('&', start);
        if (end == std::string::npos) end = body.size();
        std::string pair = body.substr(start, end - start);
        std::size_t eq = pair.find('=');
        if (eq != std::string::npos) form[decode(pair.substr(0, eq))] = decode(pair.substr(eq + 1));
        start = end + 1;
    }
    return form;
}

void send_all(int fd, const std::string& text) {
    std::size_t sent = 0;
    while (sent < text.size()) {
        ssize_t n = ::send(fd, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return;
        sent += static_cast<std::size_t>(n);
    }
}

}  // namespace

StandInGateway::StandInGateway() {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        listen(listener_, 64) != 0) {
        throw std::runtime_error("the stand-in gateway cannot listen");
    }
    socklen_t length = sizeof address;
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { serve(); });
}

StandInGateway::~StandInGateway() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        released_ = true;
    }
    changed_.notify_all();
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    acceptor_.join();
    for (auto& worker : workers_) worker.join();
}

std::string StandInGateway::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

void StandInGateway::plan(std::vector<int> statuses) {
    std::lock_guard lock(mutex_);
    plan_.assign(statuses.begin(), statuses.end());
}

void StandInGateway::release() {
    {
        std::lock_guard lock(mutex_);
        released_ = true;
    }
    changed_.notify_all();
}

std::vector<GatewayRequest> StandInGateway::requests() {
    std::lock_guard lock(mutex_);
    return requests_;
}

std::vector<GatewayRequest> StandInGateway::accepted() {
    std::lock_guard lock(mutex_);
    std::vector<GatewayRequest> taken;
    for (const auto& key : accepted_order_) taken.push_back(accepted_.at(key));
    return taken;
}

bool StandInGateway::wait_for_accepted(std::size_t n, int seconds) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(seconds),
                             [&] { return accepted_.size() >= n; });
}

bool StandInGateway::wait_for_requests(std::size_t n, int seconds) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(seconds),
                             [&] { return requests_.size() >= n; });
}

void StandInGateway::serve() {
    for (;;) {
        int fd = accept(listener_, nullptr, nullptr);
        if (fd < 0) return;
        std::lock_guard lock(mutex_);
        if (stopping_) {
            close(fd);
            return;
        }
        workers_.emplace_back([this, fd] {
            answer(fd);
            close(fd);
        });
    }
}

// One request per connection (libcurl's are short-lived here): read it, record it, answer.
void StandInGateway::answer(int fd) {
    std::string data;
    char buffer[4096];
    std::size_t header_end = std::string::npos;
    std::size_t length = 0;
    while (header_end == std::string::npos || data.size() < header_end + 4 + length) {
        ssize_t n = recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) return;
        data.append(buffer, static_cast<std::size_t>(n));
        if (header_end == std::string::npos && (header_end = data.find("\r\n\r\n")) != std::string::npos) {
            std::string head = lowercase(data.substr(0, header_end));
            std::size_t at = head.find("content-length:");
            if (at != std::string::npos) length = std::stoul(head.substr(at + 15));
        }
    }
    GatewayRequest request;
    std::string head = data.substr(0, header_end);
    std::size_t line = head.find("\r\n");
    while (line != std::string::npos) {
        std::size_t next = head.find("\r\n", line + 2);
        std::string header = head.substr(line + 2, next == std::string::npos ? std::string::npos : next - line - 2);
        std::size_t colon = header.find(':');
        if (colon != std::string::npos) {
            std::string name = lowercase(header.substr(0, colon));
            std::string value = header.substr(colon + 1);
            value.erase(0, value.find_first_not_of(' '));
            if (name == "idempotency-key") request.key = value;
            if (name == "authorization") request.authorization = value;
        }
        line = next;
    }
    request.form = decode_form(data.substr(header_end + 4, length));

    int status = 201;
    {
        std::unique_lock lock(mutex_);
        requests_.push_back(request);
        if (!plan_.empty()) {
            status = plan_.front();
            plan_.pop_front();
        }
        bool hold = status == kHold;
        if (hold) status = 201;
        if (status >= 200 && status < 300 && !accepted_.count(request.key)) {
            accepted_[request.key] = request;  // a repeated key is answered, not taken again
            accepted_order_.push_back(request.key);
        }
        changed_.notify_all();
        // Taken, but the answer waits: the sender never hears of it if it dies meanwhile.
        if (hold) changed_.wait(lock, [&] { return released_; });
        if (stopping_) return;
    }
    send_all(fd, "HTTP/1.1 " + std::to_string(status) +
                     " Planned\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                     "Connection: close\r\n\r\n{}");
}

}  // namespace mawid::test
