#include "smtp_sink.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace mawid::test {

SmtpSink::SmtpSink(std::vector<std::string> answers) {
    start_on_a_free_port(port_, [&] { return start(answers); });
}

std::string SmtpSink::start(const std::vector<std::string>& answers) {
    const std::string log = folder_.file("sink.log");
    const std::string listening = folder_.file("listening");
    std::vector<std::string> args = {"/usr/bin/python3", MAWID_SMTP_SINK, std::to_string(port_),
                                     folder_.path().string()};
    args.insert(args.end(), answers.begin(), answers.end());
    pid_ = ::fork();
    if (pid_ == 0) {
        int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) ::dup2(fd, STDERR_FILENO);
        std::vector<char*> argv;
        for (auto& arg : args) argv.push_back(arg.data());
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    // Ready when the sink says it has bound its port (a connection that is accepted could be
    // another program's, on a port taken meanwhile); a child that exits first has failed.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!std::filesystem::exists(listening)) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return "smtp_sink.py exited (is python3-aiosmtpd installed?): " + file_bytes(log);
        }
        if (std::chrono::steady_clock::now() > deadline) {
            throw std::runtime_error("smtp_sink.py did not start listening");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return "";
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
