// Sign-in with the national identity (docs/identity.md): the server as an OpenID Connect
// client, authorization code flow with PKCE (S256), state and nonce. GET
// /api/v1/identity/start sends the browser to the provider; GET /api/v1/identity/callback
// takes it back, redeems the code, checks the ID token and opens a citizen session bound
// to the identity's CPR. The network calls run on a few worker threads of their own, never
// on the HTTP threads or in the writer: the booking path never waits for the provider.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "http/http_types.hpp"
#include "identity/oidc_client.hpp"
#include "staff/auth.hpp"
#include "state/clock.hpp"
#include "storage/writer.hpp"

namespace mawid::server {

struct IdentityOptions {
    OidcSettings oidc;
    std::string public_url;  // the callback is {public_url}/api/v1/identity/callback
};

class Identity {
public:
    Identity(IdentityOptions options, Clock clock, Writer& writer);
    ~Identity() { stop(); }
    Identity(const Identity&) = delete;
    Identity& operator=(const Identity&) = delete;

    // True when --oidc-issuer is set.
    bool enabled() const { return !oidc_.settings().issuer.empty(); }
    // The server's own address, once it listens, when no --public-url was given.
    void set_public_url(std::string url);
    // Finishes what the workers hold and stops them; sign-ins after it fail. Idempotent.
    void stop();

    // GET /api/v1/identity/start: 302 to the provider (or to /?identity=failed).
    void start(const HttpRequest& request, Responder& respond);
    // GET /api/v1/identity/callback?code&state: 302 to / with the session cookie, or to
    // /?identity=failed.
    void callback(const HttpRequest& request, std::string_view query, Responder& respond);

private:
    // Runs `task` on a worker; false when they are all busy or stopped.
    bool post(std::function<void()> task);
    std::string redirect_uri() const;
    // start's work on a worker: the provider's endpoints, then the sign-in kept.
    void begin(bool secure, Responder respond);
    // The callback's work on a worker, once its sign-in was taken: the code redeemed, the
    // ID token checked, the session opened.
    void finish(std::string code, std::string nonce, std::string verifier, std::string old_hash,
                bool secure, Responder respond);

    OidcClient oidc_;
    Clock clock_;
    Writer& writer_;
    mutable std::mutex mutex_;
    std::string public_url_;
    std::vector<std::unique_ptr<TaskQueue>> workers_;
    std::size_t next_ = 0;
};

// The Set-Cookie value that binds a sign-in's state to the browser that began it, or
// (state empty) deletes it; SameSite=Lax, as the provider sends the browser back by a
// cross-site navigation.
std::string identity_cookie(std::string_view state, bool secure);
std::string_view identity_cookie_name(bool secure);

}  // namespace mawid::server
