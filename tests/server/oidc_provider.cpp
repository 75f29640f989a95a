#include "oidc_provider.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <vector>

namespace mawid::test {

OidcProvider::OidcProvider(const std::string& now, const std::string& cpr,
                           const std::string& secret) {
    int in[2], out[2];
    if (::pipe(in) != 0 || ::pipe(out) != 0) throw std::runtime_error("pipe failed");
    std::vector<std::string> args = {"node", MAWID_OIDC_PROVIDER, "--now", now, "--cpr",
                                     cpr,    "--secret",          secret};
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        ::dup2(in[0], STDIN_FILENO);
        ::dup2(out[1], STDOUT_FILENO);
        int log = ::open(dir_.file("provider.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (log >= 0) ::dup2(log, STDERR_FILENO);
        for (int fd : {in[0], in[1], out[0], out[1]}) ::close(fd);
        std::vector<char*> argv;
        for (auto& arg : args) argv.push_back(arg.data());
        argv.push_back(nullptr);
        ::execvp(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    to_ = in[1];
    from_ = out[0];
    // "issuer URL" once it listens; anything else means it did not start.
    std::string line = read_line();
    const std::string prefix = "issuer ";
    if (line.rfind(prefix, 0) != 0) {
        throw std::runtime_error(
            "provider.mjs did not start (npm packages in tests/oidc?): " + line + " " + log());
    }
    issuer_ = line.substr(prefix.size());
}

OidcProvider::~OidcProvider() {
    if (to_ >= 0) ::close(to_);
    if (from_ >= 0) ::close(from_);
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
}

void OidcProvider::allow(const std::string& redirect_uri) {
    std::string line = redirect_uri + "\n";
    if (::write(to_, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
        throw std::runtime_error("cannot write to provider.mjs");
    }
    if (read_line() != "ready") throw std::runtime_error("provider.mjs did not get ready");
}

std::string OidcProvider::log() const {
    std::ifstream in(dir_.file("provider.log"));
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string OidcProvider::read_line() {
    std::string line;
    char c;
    while (::read(from_, &c, 1) == 1 && c != '\n') line += c;
    return line;
}

}  // namespace mawid::test
