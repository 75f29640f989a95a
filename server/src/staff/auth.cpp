#include "staff/auth.hpp"

#include <pthread.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdio>

#include "http/request_parsing.hpp"

namespace mawid::server {

// --- Passwords ------------------------------------------------------------------------------

std::optional<std::string> PasswordHasher::hash(std::string_view password) const {
    char out[crypto_pwhash_STRBYTES];
    const auto ops = fast_ ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    const auto mem = fast_ ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
    if (crypto_pwhash_str(out, password.data(), password.size(), ops, mem) != 0) {
        return std::nullopt;
    }
    return std::string(out);
}

const std::string& PasswordHasher::dummy_hash() {
    if (dummy_.empty()) {
        std::array<unsigned char, 24> random{};
        randombytes_buf(random.data(), random.size());
        std::string password(reinterpret_cast<const char*>(random.data()), random.size());
        dummy_ = hash(password).value_or("");
    }
    return dummy_;
}

bool PasswordHasher::verify(std::string_view password, const std::string& stored) {
    const bool known = !stored.empty();
    const std::string& against = known ? stored : dummy_hash();
    if (against.empty()) return false;
    const bool match =
        crypto_pwhash_str_verify(against.c_str(), password.data(), password.size()) == 0;
    return known && match;
}

std::string password_problem(std::string_view password) {
    if (password.size() < kMinPasswordLength) return "A password is at least 10 characters.";
    if (password.size() > kMaxPasswordLength) return "A password is at most 1024 characters.";
    if (password.find('\0') != std::string_view::npos) return "A password has no NUL character.";
    return {};
}

bool is_valid_username(std::string_view username) {
    if (username.size() < 3 || username.size() > 64) return false;
    return std::all_of(username.begin(), username.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    });
}

std::string lowercase(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

// --- Tokens and the cookie ------------------------------------------------------------------

std::string new_session_token() {
    std::array<unsigned char, 32> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string text(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
    sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), variant);
    text.resize(std::char_traits<char>::length(text.c_str()));
    sodium_memzero(bytes.data(), bytes.size());
    return text;
}

std::string token_hash(std::string_view token) {
    std::string hash(crypto_generichash_BYTES, '\0');
    crypto_generichash(reinterpret_cast<unsigned char*>(hash.data()), hash.size(),
                       reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                       0);
    return hash;
}

std::optional<std::string_view> cookie_value(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        std::size_t semicolon = header.find(';');
        std::string_view pair = trim_blanks(header.substr(0, semicolon));
        std::size_t eq = pair.find('=');
        if (eq != std::string_view::npos && trim_blanks(pair.substr(0, eq)) == name) {
            std::string_view value = trim_blanks(pair.substr(eq + 1));
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
                value = value.substr(1, value.size() - 2);
            }
            return value;
        }
        if (semicolon == std::string_view::npos) break;
        header.remove_prefix(semicolon + 1);
    }
    return std::nullopt;
}

std::string_view session_cookie_name(bool secure) {
    return secure ? kSecureSessionCookie : kSessionCookie;
}

namespace {

std::string cookie_text(std::string_view name, std::string_view token, bool secure) {
    std::string cookie(name);
    cookie += "=";
    cookie += token;
    cookie += "; Path=/; HttpOnly; SameSite=Strict";
    // A deleted cookie: empty value, expired at once.
    if (token.empty()) cookie += "; Max-Age=0";
    if (secure) cookie += "; Secure";
    return cookie;
}

}  // namespace

std::string session_cookie(std::string_view token, bool secure) {
    return cookie_text(session_cookie_name(secure), token, secure);
}

std::string_view citizen_cookie_name(bool secure) {
    return secure ? kSecureCitizenCookie : kCitizenCookie;
}

std::string citizen_cookie(std::string_view token, bool secure) {
    return cookie_text(citizen_cookie_name(secure), token, secure);
}

// --- Throttle -------------------------------------------------------------------------------

int SignInThrottle::wait_for(std::map<std::string, Failures>& table, const std::string& key,
                             int limit, UnixSeconds now) {
    auto it = table.find(key);
    if (it == table.end()) return 0;
    Failures& failures = it->second;
    while (!failures.empty() && failures.front() + limits_.window_seconds <= now) {
        failures.pop_front();
    }
    if (static_cast<int>(failures.size()) < limit) return 0;
    // Allowed again when enough of the oldest failures have left the window.
    UnixSeconds free_at = failures[failures.size() - limit] + limits_.window_seconds;
    return static_cast<int>(std::max<UnixSeconds>(1, free_at - now));
}

void SignInThrottle::forget_old(UnixSeconds now) {
    if (now - last_sweep_ < 60) return;
    last_sweep_ = now;
    for (auto* table : {&by_user_client_, &by_user_, &by_client_}) {
        std::erase_if(*table, [&](const auto& entry) {
            return entry.second.empty() || entry.second.back() + limits_.window_seconds <= now;
        });
    }
}

namespace {
std::string pair_key(const std::string& user, const std::string& client) {
    return user + '\n' + client;
}
}  // namespace

int SignInThrottle::retry_after(const std::string& user, const std::string& client,
                                UnixSeconds now) {
    std::lock_guard lock(mutex_);
    forget_old(now);
    const std::string pair = pair_key(user, client);
    int wait = std::max(wait_for(by_user_client_, pair, limits_.per_user_client, now),
                        wait_for(by_client_, client, limits_.per_client, now));
    // wait_for has dropped what left the window: a client with a failure left is a guesser.
    auto failed = by_user_client_.find(pair);
    if (failed != by_user_client_.end() && !failed->second.empty()) {
        wait = std::max(wait, wait_for(by_user_, user, limits_.per_user, now));
    }
    return wait;
}

void SignInThrottle::record_failure(const std::string& user, const std::string& client,
                                    UnixSeconds now) {
    std::lock_guard lock(mutex_);
    by_user_client_[pair_key(user, client)].push_back(now);
    by_user_[user].push_back(now);
    by_client_[client].push_back(now);
}

void SignInThrottle::record_success(const std::string& user, const std::string& client) {
    std::lock_guard lock(mutex_);
    by_user_client_.erase(pair_key(user, client));
}

// --- Background tasks -----------------------------------------------------------------------

TaskQueue::TaskQueue(std::size_t limit) : limit_(limit), thread_([this] { run(); }) {}

TaskQueue::~TaskQueue() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

bool TaskQueue::post(std::function<void()> task) {
    {
        std::lock_guard lock(mutex_);
        if (tasks_.size() >= limit_) return false;
        tasks_.push_back(std::move(task));
    }
    wake_.notify_one();
    return true;
}

void TaskQueue::run() {
    pthread_setname_np(pthread_self(), "mawid-auth");
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
            if (tasks_.empty()) return;
            task = std::move(tasks_.front());
            tasks_.pop_front();
        }
        try {
            task();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "auth: task failed: %s\n", e.what());
        }
    }
}

}  // namespace mawid::server
