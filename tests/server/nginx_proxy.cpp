#include "nginx_proxy.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "support.hpp"

namespace mawid::test {
namespace {

std::string config(const std::string& dir, const std::vector<int>& servers, int port) {
    std::string upstream;
    for (int server : servers) {
        // A server that refuses a connection is left out for a second, then tried again.
        upstream +=
            "    server 127.0.0.1:" + std::to_string(server) + " max_fails=1 fail_timeout=1s;\n";
    }
    return "daemon off;\nmaster_process off;\npid " + dir + "/nginx.pid;\nerror_log " + dir +
           "/nginx-error.log;\nevents { worker_connections 4096; }\nhttp {\n"
           "  access_log off;\n"
           "  client_body_temp_path " +
           dir +
           "/nginx-body;\n"
           "  proxy_temp_path " +
           dir +
           "/nginx-proxy;\n"
           "  fastcgi_temp_path " +
           dir +
           "/nginx-fastcgi;\n"
           "  uwsgi_temp_path " +
           dir +
           "/nginx-uwsgi;\n"
           "  scgi_temp_path " +
           dir +
           "/nginx-scgi;\n"
           "  upstream mawid {\n" +
           upstream +
           "    keepalive 64;\n  }\n"
           "  server {\n"
           "    listen 127.0.0.1:" +
           std::to_string(port) +
           ";\n"
           "    location / {\n"
           "      proxy_pass http://mawid;\n"
           "      proxy_http_version 1.1;\n"
           "      proxy_set_header Connection \"\";\n"
           // A booking is not sent twice by the proxy (non_idempotent is not listed): a
           // client retries it with its Idempotency-Key.
           "      proxy_next_upstream error timeout;\n"
           "    }\n  }\n}\n";
}

}  // namespace

NginxProxy::NginxProxy(const std::string& dir, const std::vector<int>& server_ports) {
    try {
        start_on_a_free_port(port_, [&] { return start(dir, server_ports); });
    } catch (const std::runtime_error& e) {
        throw std::runtime_error(std::string("nginx did not start: ") + e.what());
    }
}

std::string NginxProxy::start(const std::string& dir, const std::vector<int>& server_ports) {
    const std::string conf = dir + "/nginx.conf";
    const std::string error_log = dir + "/nginx-error.log";
    std::ofstream(conf) << config(dir, server_ports, port_);
    std::filesystem::remove(error_log);
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        ::execl("/usr/sbin/nginx", "nginx", "-p", dir.c_str(), "-e", error_log.c_str(), "-c",
                conf.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    // Ready when it answers: /healthz passes through to a server.
    auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!server_alive(port_)) {
        int status = 0;
        bool exited = ::waitpid(pid_, &status, WNOHANG) == pid_;
        if (exited || std::chrono::steady_clock::now() > give_up) {
            if (!exited) {
                ::kill(pid_, SIGKILL);
                ::waitpid(pid_, &status, 0);
            }
            pid_ = -1;
            std::string text = file_bytes(error_log);
            return text.empty() ? std::string("no answer") : text;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return {};
}

NginxProxy::~NginxProxy() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
}

}  // namespace mawid::test
