// Verified citizens as the app sees them (docs/api.md, "Verified citizens"): what the
// server asks (GET /api/v1/config), the session this browser holds (GET /api/v1/me; the
// cookie itself is HttpOnly and never seen by the app), and the decisions that follow.
// Pure: no platform calls, so the client unit tests check the decisions.
#pragma once

#include <optional>
#include <string>

namespace mawid::client {

struct CitizenSession {
    std::optional<bool> verification;  // the server requires it; unknown until config answers
    bool identity_offered = false;     // config "identity": sign-in with the national identity
    std::string phone;                 // the session's verified phone, if it has one
    bool identity = false;             // the national identity's session (it knows the CPR)
};

// Reads GET /api/v1/config; a failed or odd answer leaves the session unknown.
void read_config(CitizenSession& session, int status, const std::string& body);

// Reads GET /api/v1/me: 200 is a session, 401 is none; anything else changes nothing.
void read_me(CitizenSession& session, int status, const std::string& body);

// The session ends (signed out, expired, or a code for another phone is being asked).
void forget_session(CitizenSession& session);

// True when this browser holds a session: a verified phone's or the national identity's.
bool signed_in(const CitizenSession& session);

// True when a booking or change for `phone` (normalised) needs a code first: the server
// requires verification and this browser has no session for that phone (the national
// identity's session books for any phone the citizen gives). Unknown (offline
// at start) is not a reason to stop: the server answers 401 when it is.
bool must_verify(const CitizenSession& session, const std::string& phone);

// True when the app has no session but the server would want one (verification on).
bool needs_session(const CitizenSession& session);

// The details screen asks for the CPR unless the national identity's session gives it.
bool asks_cpr(const CitizenSession& session);

// The verify step offers "Sign in with national identity".
bool offers_identity(const CitizenSession& session);

// Where that button goes (a full-page navigation; the server comes back to /).
inline constexpr const char* kIdentityStart = "/api/v1/identity/start";
// Where the booking under way waits (local storage) while the citizen signs in there.
inline constexpr const char* kIdentityReturn = "identity_return";

}  // namespace mawid::client
