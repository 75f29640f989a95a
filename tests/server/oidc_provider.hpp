// A real OpenID provider on loopback for the identity tests: oidc-provider (npm, installed
// into tests/oidc by scripts/setup.sh) running tests/oidc/provider.mjs as a child process,
// with the clients "mawid-rs" (ID tokens signed RS256) and "mawid-es" (ES256), one citizen
// whose CPR it is given, and a scripted login that signs that citizen in at once.
#pragma once

#include <sys/types.h>

#include <string>

#include "support.hpp"

namespace mawid::test {

class OidcProvider {
public:
    // Starts the provider with its clock at `now` (RFC 3339: the test server's clock) and
    // waits until it listens; the clients' secret is `secret`.
    OidcProvider(const std::string& now, const std::string& cpr, const std::string& secret);
    ~OidcProvider();
    OidcProvider(const OidcProvider&) = delete;
    OidcProvider& operator=(const OidcProvider&) = delete;

    // "http://127.0.0.1:PORT", for --oidc-issuer.
    const std::string& issuer() const { return issuer_; }
    // Registers the clients' redirect URI (the server under test's callback) and waits
    // until the provider answers.
    void allow(const std::string& redirect_uri);
    // What it wrote to stderr (its warnings, any error), for a failing test's message.
    std::string log() const;

private:
    std::string read_line();
    TempDir dir_;
    pid_t pid_ = -1;
    int to_ = -1;    // its standard input
    int from_ = -1;  // its standard output
    std::string issuer_;
};

}  // namespace mawid::test
