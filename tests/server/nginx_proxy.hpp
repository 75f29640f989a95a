// Debian's nginx on loopback as the load balancer in front of several mawid-server
// processes, as docs/scaling.md deploys them: round robin over the servers, a server that
// refuses connections skipped for a while. Started as a child process in the foreground,
// with every file in `dir`; stopped at the end of the scope.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace mawid::test {

class NginxProxy {
public:
    // Throws std::runtime_error (with nginx's error log) when it does not start.
    NginxProxy(const std::string& dir, const std::vector<int>& server_ports);
    ~NginxProxy();
    NginxProxy(const NginxProxy&) = delete;
    NginxProxy& operator=(const NginxProxy&) = delete;

    int port() const { return port_; }

private:
    // Starts nginx on port_; "" when it answers, else why it did not (its error log).
    std::string start(const std::string& dir, const std::vector<int>& server_ports);

    pid_t pid_ = -1;
    int port_ = 0;
};

}  // namespace mawid::test
