#include "smtp_sink.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace mawid::test {
namespace {

sockaddr_in loopback(int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

bool accepts(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address = loopback(port);
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

}  // namespace

SmtpSink::SmtpSink(std::vector<std::string> answers) : port_(free_port()) {
    std::vector<std::string> args = {"/usr/bin/python3", MAWID_SMTP_SINK, std::to_string(port_),
                                     folder_.path().string()};
    args.insert(args.end(), answers.begin(), answers.end());
    pid_ = ::fork();
    if (pid_ == 0) {
        std::vector<char*> argv;
        for (auto& arg : args) argv.push_back(arg.data());
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    // Ready when the port accepts a connection; a child that exits first has failed.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!accepts(port_)) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("smtp_sink.py exited (is python3-aiosmtpd installed?)");
        }
        if (std::chrono::steady_clock::now() > deadline) {
            throw std::runtime_error("smtp_sink.py did not start listening");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

SmtpSink::~SmtpSink() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
}

std::string SmtpSink::url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

std::vector<Json> SmtpSink::received() const {
    std::vector<Json> messages;
    for (int n = 1;; ++n) {
        char name[16];
        std::snprintf(name, sizeof name, "%04d.json", n);
        std::ifstream in(folder_.file(name));
        if (!in) return messages;
        messages.push_back(Json::parse(in));
    }
}

std::vector<Json> SmtpSink::with_id(const std::string& message_id) const {
    std::vector<Json> found;
    for (Json& message : received()) {
        if (message["message_id"] == message_id) found.push_back(std::move(message));
    }
    return found;
}

bool SmtpSink::wait_for(std::size_t n, int seconds) const {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (received().size() < n) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

}  // namespace mawid::test
