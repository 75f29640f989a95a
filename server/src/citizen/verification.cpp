#include "citizen/verification.hpp"

#include <sodium.h>

#include <mawid/booking.hpp>

#include <algorithm>
#include <cstdio>

#include "citizen/session_cache.hpp"
#include "http/json_responses.hpp"
#include "http/request_parsing.hpp"
#include "messages/outbox_store.hpp"
#include "staff/auth.hpp"
#include "storage/store.hpp"

namespace mawid::server {
namespace {

constexpr std::size_t kSalt = 16;
constexpr std::size_t kCodeDigits = 6;

std::string new_code() {
    char digits[kCodeDigits + 1];
    std::snprintf(digits, sizeof digits, "%06u", randombytes_uniform(1000000));
    return digits;
}

std::string keyed_hash(const std::string& salt, const std::string& phone,
                       const std::string& code) {
    std::string input = salt + phone + ":" + code;
    std::string hash(crypto_generichash_BYTES, '\0');
    crypto_generichash(reinterpret_cast<unsigned char*>(hash.data()), hash.size(),
                       reinterpret_cast<const unsigned char*>(input.data()), input.size(),
                       nullptr, 0);
    return hash;
}

bool is_code(const std::string& text) {
    return text.size() == kCodeDigits &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The per-phone limits: a code at most every `resend` seconds and `per_hour` an hour.
// The seconds to wait, or 0.
int phone_wait(Connection& db, const std::string& phone, UnixSeconds now,
               const VerificationOptions& options) {
    std::vector<UnixSeconds> sent = verifications_since(db, phone, now - 3600);
    if (sent.empty()) return 0;
    UnixSeconds wait = 0;
    if (static_cast<int>(sent.size()) >= options.codes_per_hour) wait = sent.front() + 3600 - now;
    wait = std::max<UnixSeconds>(wait, sent.back() + options.resend_seconds - now);
    return static_cast<int>(std::max<UnixSeconds>(wait, 0));
}

// The phone of a body, normalised, or the error to answer with.
Result<std::string> phone_of(const BodyFields& body) {
    return normalize_phone(body.text("phone"));
}

}  // namespace

std::string hash_code(const std::string& phone, const std::string& code) {
    std::string salt(kSalt, '\0');
    randombytes_buf(salt.data(), salt.size());
    return salt + keyed_hash(salt, phone, code);
}

bool code_matches(const std::string& stored, const std::string& phone, const std::string& code) {
    if (stored.size() != kSalt + crypto_generichash_BYTES) return false;
    std::string expected = keyed_hash(stored.substr(0, kSalt), phone, code);
    return sodium_memcmp(expected.data(), stored.data() + kSalt, expected.size()) == 0;
}

Verification::Verification(std::string db_path, Clock clock, Writer& writer,
                           VerificationOptions options)
    : db_path_(std::move(db_path)), clock_(clock), writer_(writer), options_(options),
      per_client_(options.codes_per_minute) {}

void Verification::send_code(const HttpRequest& request, Responder& respond) {
    auto body = read_body(request.body, {{"phone", FieldType::string},
                                         {"lang", FieldType::string, false}});
    if (!body) return respond(error_response(body.error()));
    auto phone = phone_of(*body);
    if (!phone) return respond(error_response(phone.error()));
    std::string lang = body->text_or("lang", "ar");
    if (!is_language_tag(lang)) {
        return respond(error_response(ErrorCode::bad_request, "lang", "Expected a language tag."));
    }
    if (auto taken = per_client_.take(request.client_ip); taken.retry_after > 0) {
        return respond(per_client_.refusal(taken));
    }
    const UnixSeconds now = clock_.now();
    const VerificationOptions options = options_;
    writer_.submit(WriteJob{
        [phone = *phone, lang, now, options](WriteStore& store) {
            Connection& db = store.connection();
            if (int wait = phone_wait(db, phone, now, options); wait > 0) {
                return rate_limited_response(wait);
            }
            std::string code = new_code();
            insert_verification(db, phone, hash_code(phone, code), now,
                                now + options.code_seconds);
            OutboxMessage message;
            message.recipient = phone;
            message.kind = MessageKind::verification;
            message.due_at = now;
            message.secret = code;
            message.lang = lang;
            enqueue_message(db, message, now);
            return json_response(202, {{"expires_in", options.code_seconds},
                                       {"resend_in", options.resend_seconds}});
        },
        std::move(respond)});
}

void Verification::confirm(const HttpRequest& request, Responder& respond) {
    auto body =
        read_body(request.body, {{"phone", FieldType::string}, {"code", FieldType::string}});
    if (!body) return respond(error_response(body.error()));
    auto phone = phone_of(*body);
    if (!phone) return respond(error_response(phone.error()));
    const std::string code = body->text("code");
    if (!is_code(code)) return respond(error_response(ErrorCode::invalid_verification, "code"));
    // A session this browser had is replaced, not left behind.
    std::string old_hash;
    if (auto old = cookie_value(request.cookie, citizen_cookie_name(request.https))) {
        if (!old->empty() && old->size() <= 128) old_hash = token_hash(*old);
    }
    const UnixSeconds now = clock_.now();
    const int max_tries = options_.max_tries;
    const bool secure = request.https;
    writer_.submit(WriteJob{
        [phone = *phone, code, now, max_tries, secure, old_hash](WriteStore& store) {
            Connection& db = store.connection();
            auto sent = latest_verification(db, phone);
            if (!sent || sent->spent || now >= sent->expires_at) {
                return error_response(ErrorCode::verification_expired, "code");
            }
            if (!code_matches(sent->code_hash, phone, code)) {
                count_verification_try(db, sent->id, max_tries);
                return error_response(ErrorCode::invalid_verification, "code");
            }
            spend_verification(db, sent->id);
            if (!old_hash.empty()) delete_citizen_session(db, old_hash);
            std::string token = new_session_token();
            insert_citizen_session(db, token_hash(token), CitizenSession{phone, "", now, now, 0});
            HttpResponse response = json_response(200, {{"phone", phone}});
            response.headers.emplace_back("Set-Cookie", citizen_cookie(token, secure));
            return response;
        },
        std::move(respond)});
}

void Verification::sign_out(const HttpRequest& request, Responder& respond) {
    auto caller = authenticate(request);
    if (!caller) return respond(error_response(caller.error()));
    const bool secure = request.https;
    writer_.submit(WriteJob{[hash = caller->hash, secure](WriteStore& store) {
                                delete_citizen_session(store.connection(), hash);
                                HttpResponse response = json_response(200, {{"signed_out", true}});
                                response.headers.emplace_back("Set-Cookie",
                                                              citizen_cookie("", secure));
                                return response;
                            },
                            std::move(respond)});
}

Result<SessionCaller> Verification::authenticate(const HttpRequest& request) {
    const Error none = make_error(ErrorCode::verification_required);
    auto token = cookie_value(request.cookie, citizen_cookie_name(request.https));
    if (!token || token->empty() || token->size() > 128) return none;
    std::string hash = token_hash(*token);
    auto cached = cached_citizen_session(hash);
    if (!cached) {
        const std::uint64_t generation = citizen_sessions_generation();
        auto read = find_citizen_session(thread_read_connection(db_path_), hash);
        if (!read) return none;
        cached = CachedSession{std::move(*read), generation};
        keep_citizen_session(hash, *cached);
    }
    CitizenSession& session = cached->session;
    const UnixSeconds now = clock_.now();
    if (now - session.last_seen > options_.idle_seconds ||
        now - session.created_at > options_.max_seconds ||
        session.refusals >= options_.max_refusals) {
        writer_.submit(WriteJob{[hash](WriteStore& store) {
                                    delete_citizen_session(store.connection(), hash);
                                    return HttpResponse{};
                                },
                                [](HttpResponse) {}});
        return none;
    }
    // last_seen moves in steps, so a citizen's requests do not each cost the writer a
    // transaction.
    const UnixSeconds step = std::max(60, options_.idle_seconds / 30);
    if (now - session.last_seen >= step) {
        writer_.submit(WriteJob{[hash, now](WriteStore& store) {
                                    touch_citizen_session(store.connection(), hash, now);
                                    return HttpResponse{};
                                },
                                [](HttpResponse) {}});
        session.last_seen = now;
        note_citizen_session_seen(hash, now);  // this thread's next requests do not touch it
    }
    return SessionCaller{std::move(hash), std::move(session)};
}

}  // namespace mawid::server
