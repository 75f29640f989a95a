// Staff authentication pieces that know nothing of HTTP routing: password hashing
// (argon2id through libsodium), session tokens and their hashes, the session cookie, and the
// throttle on failed sign-ins. Beast-free.
#pragma once

#include <mawid/civil_time.hpp>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace mawid::server {

// Passwords shorter than this are refused (staff-api.md).
inline constexpr std::size_t kMinPasswordLength = 10;
// libsodium's crypto_pwhash_str takes at most this many bytes of password; we cap lower.
inline constexpr std::size_t kMaxPasswordLength = 1024;

// argon2id hashing. `fast` uses libsodium's minimum cost: for tests only
// (--fast-password-hashing), where hundreds of sign-ins must not take minutes.
class PasswordHasher {
public:
    explicit PasswordHasher(bool fast = false) : fast_(fast) {}

    // The crypto_pwhash_str string (algorithm, cost and salt included); nullopt when
    // libsodium cannot allocate the memory the cost asks for.
    std::optional<std::string> hash(std::string_view password) const;

    // True when `password` matches `stored`. Verifies against a dummy hash of the same cost
    // when `stored` is empty, so an unknown user takes as long as a wrong password.
    bool verify(std::string_view password, const std::string& stored);

private:
    const std::string& dummy_hash();
    bool fast_;
    std::string dummy_;
};

// "" when the password is acceptable; otherwise what is wrong with it, in English.
std::string password_problem(std::string_view password);

// True for a user name we accept: 3..64 of a-z, 0-9, '.', '_' and '-' (already lowercased).
bool is_valid_username(std::string_view username);

// Lowercases ASCII letters: user names are case-insensitive.
std::string lowercase(std::string_view text);

// A fresh session token: 32 random bytes, base64url without padding (43 characters).
std::string new_session_token();

// What the database keeps of a token: its BLAKE2b hash (crypto_generichash, 32 bytes).
std::string token_hash(std::string_view token);

// The value of cookie `name` in a Cookie header; nullopt when absent.
std::optional<std::string_view> cookie_value(std::string_view cookie_header, std::string_view name);

// The session cookie's name: over https (the client's scheme, not the Host header) it carries
// the __Host- prefix, which browsers accept only with Secure, Path=/ and no Domain, so no
// other site or plain-http page can plant or overwrite it.
inline constexpr std::string_view kSessionCookie = "mawid_session";
inline constexpr std::string_view kSecureSessionCookie = "__Host-mawid_session";
std::string_view session_cookie_name(bool secure);

// The Set-Cookie value that hands out `token`, or (token empty) that deletes the cookie;
// `secure` when the client uses https.
std::string session_cookie(std::string_view token, bool secure);

// The citizens' session cookie (docs/api.md, "Verified citizens"): the same rules, its own
// name, so a counter PC's staff session and a citizen's never stand in for each other.
inline constexpr std::string_view kCitizenCookie = "mawid_citizen";
inline constexpr std::string_view kSecureCitizenCookie = "__Host-mawid_citizen";
std::string_view citizen_cookie_name(bool secure);
std::string citizen_cookie(std::string_view token, bool secure);

// Failed sign-ins (and password changes) within a sliding window. A client that failed
// `per_user_client` times for one user waits before trying that user again, even with the
// right password; a client that failed `per_client` times waits whatever the user. A user
// guessed at from many addresses is slowed down without locking its owner out: once it has
// `per_user` failures, every client that has failed for it waits, while a client that has
// not failed is never refused. Times come from the server's clock. Thread-safe.
class SignInThrottle {
public:
    struct Limits {
        int per_user_client = 5;
        int per_client = 20;
        int per_user = 20;
        UnixSeconds window_seconds = 15 * 60;
    };
    SignInThrottle() : SignInThrottle(Limits{}) {}
    explicit SignInThrottle(Limits limits) : limits_(limits) {}

    // 0 when an attempt may go ahead; otherwise the seconds to wait (for Retry-After).
    int retry_after(const std::string& user, const std::string& client, UnixSeconds now);
    void record_failure(const std::string& user, const std::string& client, UnixSeconds now);
    // A right password clears this client's failures for the user (not the client's own).
    void record_success(const std::string& user, const std::string& client);

private:
    using Failures = std::deque<UnixSeconds>;
    int wait_for(std::map<std::string, Failures>& table, const std::string& key, int limit,
                 UnixSeconds now);
    void forget_old(UnixSeconds now);

    Limits limits_;
    std::mutex mutex_;
    std::map<std::string, Failures> by_user_client_;  // key: user, '\n', client
    std::map<std::string, Failures> by_user_;
    std::map<std::string, Failures> by_client_;
    UnixSeconds last_sweep_ = 0;
};

// One background thread running tasks in order: password hashing costs tens of
// milliseconds and 64 MiB each, so it runs here rather than on the HTTP threads, one at a time.
class TaskQueue {
public:
    // At most `limit` tasks wait; past that post() refuses, so a flood of sign-ins costs
    // memory and time in proportion to the limit, not to the flood.
    explicit TaskQueue(std::size_t limit);
    ~TaskQueue();  // runs what is queued, then stops
    TaskQueue(const TaskQueue&) = delete;
    TaskQueue& operator=(const TaskQueue&) = delete;
    // False (and the task dropped) when `limit` tasks already wait.
    [[nodiscard]] bool post(std::function<void()> task);

private:
    void run();
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> tasks_;
    bool stopping_ = false;
    std::size_t limit_;
    std::thread thread_;
};

}  // namespace mawid::server
