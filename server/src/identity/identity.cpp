#include "identity/identity.hpp"

#include <sodium.h>

#include <cstdio>

#include "http/fetch.hpp"
#include "http/request_parsing.hpp"
#include "storage/citizen_store.hpp"
#include "storage/identity_store.hpp"

namespace mawid::server {
namespace {

// Each worker waits on the provider for one sign-in at a time (10 s at worst per call).
constexpr std::size_t kWorkers = 4;
constexpr std::size_t kWaitingPerWorker = 32;
// A code or a state is tens of characters; a longer one is not the provider's.
constexpr std::size_t kMostParameter = 2048;
constexpr const char* kFailed = "/?identity=failed";

constexpr std::string_view kIdentityCookie = "mawid_identity";
constexpr std::string_view kSecureIdentityCookie = "__Host-mawid_identity";

HttpResponse redirect(const std::string& location) {
    HttpResponse response;
    response.status = 302;
    response.content_type.clear();
    response.headers.emplace_back("Location", location);
    return response;
}

// The answer to any failed sign-in: the app says so. Why goes to the log, without the
// code, the state or anything about the person.
HttpResponse failed(const std::string& why, bool secure) {
    std::fprintf(stderr, "identity: sign-in failed: %s\n", why.c_str());
    HttpResponse response = redirect(kFailed);
    response.headers.emplace_back("Set-Cookie", identity_cookie("", secure));
    return response;
}

// RFC 7636 4.2: BASE64URL(SHA256(verifier)), without padding.
std::string pkce_challenge(const std::string& verifier) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(verifier.data()),
                       verifier.size());
    const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string text(sodium_base64_ENCODED_LEN(sizeof digest, variant), '\0');
    sodium_bin2base64(text.data(), text.size(), digest, sizeof digest, variant);
    text.resize(std::char_traits<char>::length(text.c_str()));
    return text;
}

std::string authorization_url(const std::string& endpoint, const std::string& client_id,
                              const std::string& redirect_uri, const std::string& state,
                              const std::string& nonce, const std::string& verifier) {
    const FormFields query = {{"response_type", "code"},
                              {"client_id", client_id},
                              {"redirect_uri", redirect_uri},
                              {"scope", "openid"},
                              {"state", state},
                              {"nonce", nonce},
                              {"code_challenge", pkce_challenge(verifier)},
                              {"code_challenge_method", "S256"}};
    std::string url = endpoint;
    char separator = endpoint.find('?') == std::string::npos ? '?' : '&';
    for (const auto& [name, value] : query) {
        url += separator + name + "=" + url_escape(value);
        separator = '&';
    }
    return url;
}

// A query parameter the callback takes: present, not empty, not absurdly long.
std::optional<std::string> parameter(std::string_view query, std::string_view name) {
    auto value = query_param(query, name);
    if (!value || value->empty() || value->size() > kMostParameter) return std::nullopt;
    return value;
}

}  // namespace

std::string_view identity_cookie_name(bool secure) {
    return secure ? kSecureIdentityCookie : kIdentityCookie;
}

std::string identity_cookie(std::string_view state, bool secure) {
    std::string cookie = std::string(identity_cookie_name(secure)) + "=" + std::string(state);
    // Path=/ for the __Host- prefix; ten minutes, as long as the sign-in is kept.
    cookie += "; Path=/; HttpOnly; SameSite=Lax; Max-Age=";
    cookie += state.empty() ? "0" : std::to_string(kIdentityLoginSeconds);
    if (secure) cookie += "; Secure";
    return cookie;
}

Identity::Identity(IdentityOptions options, Clock clock, Writer& writer)
    : oidc_(std::move(options.oidc)),
      clock_(clock),
      writer_(writer),
      public_url_(std::move(options.public_url)) {
    if (!enabled()) return;
    for (std::size_t i = 0; i < kWorkers; ++i) {
        workers_.push_back(std::make_unique<TaskQueue>(kWaitingPerWorker));
    }
}

void Identity::set_public_url(std::string url) {
    std::lock_guard lock(mutex_);
    public_url_ = std::move(url);
}

std::string Identity::redirect_uri() const {
    std::lock_guard lock(mutex_);
    return public_url_ + "/api/v1/identity/callback";
}

void Identity::stop() {
    std::vector<std::unique_ptr<TaskQueue>> stopping;
    {
        std::lock_guard lock(mutex_);
        stopping.swap(workers_);
    }
    // Destroyed outside the lock: their last tasks may call post(), which now refuses.
    stopping.clear();
}

bool Identity::post(std::function<void()> task) {
    std::lock_guard lock(mutex_);
    for (std::size_t tried = 0; tried < workers_.size(); ++tried) {
        TaskQueue& worker = *workers_[next_++ % workers_.size()];
        if (worker.post(task)) return true;
    }
    return false;
}

void Identity::start(const HttpRequest& request, Responder& respond) {
    const bool secure = request.https;
    if (!post([this, secure, respond] { begin(secure, respond); })) {
        respond(failed("the identity workers are busy", secure));
    }
}

void Identity::begin(bool secure, Responder respond) {
    auto endpoints = oidc_.endpoints();
    if (!endpoints) return respond(failed("the provider's endpoints are not known", secure));
    const std::string state = new_session_token();
    IdentityLogin login{new_session_token(), new_session_token(), clock_.now()};
    std::string location = authorization_url(endpoints->authorization, oidc_.settings().client_id,
                                             redirect_uri(), state, login.nonce, login.verifier);
    writer_.submit(WriteJob{[state, login, location, secure](WriteStore& store) {
                                insert_identity_login(store.connection(), token_hash(state), login);
                                HttpResponse response = redirect(location);
                                response.headers.emplace_back("Set-Cookie",
                                                              identity_cookie(state, secure));
                                return response;
                            },
                            std::move(respond)});
}

void Identity::callback(const HttpRequest& request, std::string_view query, Responder& respond) {
    const bool secure = request.https;
    auto state = parameter(query, "state");
    if (!state) return respond(failed("no state", secure));
    // The state must be the one this browser was given (login CSRF: a victim's browser
    // must not complete a sign-in someone else began).
    auto bound = cookie_value(request.cookie, identity_cookie_name(secure));
    if (!bound || bound->size() != state->size() ||
        sodium_memcmp(bound->data(), state->data(), state->size()) != 0) {
        return respond(failed("the state is not this browser's", secure));
    }
    // RFC 9207: an answer that names its issuer must name ours (an attacker's provider
    // cannot pass its code off as the national identity's).
    if (auto iss = query_param(query, "iss"); iss && *iss != oidc_.settings().issuer) {
        return respond(failed("the answer names another issuer", secure));
    }
    auto code = parameter(query, "code");
    if (!code) return respond(failed("the provider gave no code", secure));
    // A session this browser had is replaced, not left behind.
    std::string old_hash;
    if (auto old = cookie_value(request.cookie, citizen_cookie_name(secure))) {
        if (!old->empty() && old->size() <= 128) old_hash = token_hash(*old);
    }
    auto taken = std::make_shared<std::optional<IdentityLogin>>();
    const UnixSeconds now = clock_.now();
    writer_.submit(
        WriteJob{[hash = token_hash(*state), now, taken](WriteStore& store) {
                     *taken = take_identity_login(store.connection(), hash, now);
                     return HttpResponse{};
                 },
                 [this, taken, code = *code, old_hash, secure, respond](HttpResponse answer) {
                     if (answer.status != 200 || !*taken) {
                         return respond(failed("the state is unknown, used or expired", secure));
                     }
                     IdentityLogin login = **taken;
                     if (!post([=, this] {
                             finish(code, login.nonce, login.verifier, old_hash, secure, respond);
                         })) {
                         respond(failed("the identity workers are busy", secure));
                     }
                 }});
}

void Identity::finish(std::string code, std::string nonce, std::string verifier,
                      std::string old_hash, bool secure, Responder respond) {
    auto id_token = oidc_.redeem(code, verifier, redirect_uri());
    if (!id_token) return respond(failed("the code was not redeemed", secure));
    IdTokenCheck checked = oidc_.check(*id_token, nonce, clock_.now());
    if (checked.refusal != IdTokenRefusal::none) {
        return respond(failed(
            std::string("the ID token was refused: ") + refusal_name(checked.refusal), secure));
    }
    const UnixSeconds now = clock_.now();
    writer_.submit(WriteJob{
        [cpr = std::move(checked.cpr), old_hash, now, secure](WriteStore& store) {
            Connection& db = store.connection();
            if (!old_hash.empty()) delete_citizen_session(db, old_hash);
            std::string token = new_session_token();
            insert_citizen_session(db, token_hash(token), CitizenSession{"", cpr, now, now, 0});
            HttpResponse response = redirect("/");
            response.headers.emplace_back("Set-Cookie", citizen_cookie(token, secure));
            response.headers.emplace_back("Set-Cookie", identity_cookie("", secure));
            return response;
        },
        [respond, secure](HttpResponse answer) {
            if (answer.status != 302) return respond(failed("the session was not stored", secure));
            std::fprintf(stderr, "identity: signed in\n");
            respond(std::move(answer));
        }});
}

}  // namespace mawid::server
