// Verified citizens (docs/api.md, "Verified citizens"): one-time codes sent by SMS through
// the outbox, the sessions a right code opens (an HttpOnly cookie bound to the verified
// phone), and the check of that cookie on every request that books or changes a booking.
// Beast-free: it sees HttpRequest and answers through a Responder.
#pragma once

#include <mawid/errors.hpp>

#include <string>

#include "http/http_types.hpp"
#include "http/rate_limiter.hpp"
#include "state/clock.hpp"
#include "storage/citizen_store.hpp"
#include "storage/writer.hpp"

namespace mawid::server {

struct VerificationOptions {
    bool required = true;          // --verification on|off
    int code_seconds = 300;        // a code is good for five minutes
    int max_tries = 5;             // wrong tries before a code is spent
    int resend_seconds = 60;       // between two codes to one phone
    int codes_per_hour = 5;        // to one phone
    int codes_per_minute = 10;     // from one client address (carriers share addresses)
    int idle_seconds = 7 * 24 * 3600;
    int max_seconds = 30 * 24 * 3600;
    int max_refusals = 20;         // refused CPRs before a session is ended (a bot's)
};

// The caller's session: the hash it is stored under and what it is bound to.
struct SessionCaller {
    std::string hash;
    CitizenSession session;
};

class Verification {
public:
    Verification(std::string db_path, Clock clock, Writer& writer, VerificationOptions options);

    bool required() const { return options_.required; }
    const VerificationOptions& options() const { return options_; }

    // POST /api/v1/verifications {phone, lang}: 202 and a code by SMS.
    void send_code(const HttpRequest& request, Responder& respond);
    // POST /api/v1/verifications/confirm {phone, code}: 200 and the session cookie.
    void confirm(const HttpRequest& request, Responder& respond);
    // POST /api/v1/me/sign-out: the session ends and the cookie is deleted.
    void sign_out(const HttpRequest& request, Responder& respond);
    // The caller's live session; verification_required without one.
    Result<SessionCaller> authenticate(const HttpRequest& request);

private:
    std::string db_path_;
    Clock clock_;
    Writer& writer_;
    VerificationOptions options_;
    RateLimiter per_client_;
};

// The stored form of a code: a random salt and the BLAKE2b hash of salt, phone and code.
std::string hash_code(const std::string& phone, const std::string& code);
// True when `code` is the one `stored` was made from (compared in constant time).
bool code_matches(const std::string& stored, const std::string& phone, const std::string& code);

}  // namespace mawid::server
