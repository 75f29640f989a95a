// The staff API: construction, routing, sessions (sign-in, sign-out, the session check).
#include "staff/staff_api.hpp"

#include <cstdio>

#include <mawid/staff_codec.hpp>
#include "http/json_responses.hpp"
#include "http/request_parsing.hpp"
#include "storage/audit_store.hpp"
#include "storage/staff_store.hpp"
#include "storage/store.hpp"
#include "http/routes.hpp"

namespace mawid::server {

namespace {


// The name a failed sign-in tried, as the trail keeps it: only a well-formed user name with a
// letter in it. Anything else is kept as "" (it could be a CPR or a phone number typed in the
// wrong box, or a long string meant to fill the trail).
std::string tried_name(const std::string& username) {
    const bool letter = username.find_first_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos;
    return is_valid_username(username) && letter ? username : std::string();
}

}  // namespace

StaffApi::StaffApi(std::string db_path, Clock clock, StaffOptions options, CatalogCache& catalog,
                   Writer& writer, BookHandler book)
    : db_path_(std::move(db_path)),
      clock_(clock),
      options_(options),
      catalog_(catalog),
      writer_(writer),
      book_(std::move(book)),
      anonymous_limiter_(options.rate_limit_per_minute),
      hasher_(options.fast_password_hashing),
      auth_tasks_(options.password_queue) {}

// --- Routing --------------------------------------------------------------------------------

void StaffApi::handle(const HttpRequest& request, std::string_view path, std::string_view query,
                      Responder respond) {
    // Staff answers name people and sessions: never kept by a browser or a proxy.
    Responder reply = [respond = std::move(respond)](HttpResponse response) {
        response.headers.emplace_back("Cache-Control", "no-store");
        respond(std::move(response));
    };
    try {
        answer(request, path, query, reply);
    } catch (const std::exception& e) {
        // Answered here, where the way back is still held: a read the database could not
        // serve (PostgreSQL restarting) gets its 503, not the 500 of an answer lost on the
        // way. A handler that already handed `reply` to the writer does not throw after.
        if (!reply) throw;
        std::fprintf(stderr, "staff api: %s\n", e.what());
        reply(failure_response(e));
    }
}

void StaffApi::answer(const HttpRequest& request, std::string_view path, std::string_view query,
                      Responder& reply) {
    // A cross-site form cannot set a custom header: this is the CSRF guard (with SameSite).
    if (changes_state(request.method) && request.staff_header != "1") {
        return reply(
            error_response(ErrorCode::forbidden, {},
                           "State-changing staff requests need the header X-Mawid-Staff: 1."));
    }
    std::string_view rest = path.substr(kStaffPrefix.size());
    if (rest == "sign-in") {
        if (request.method != "POST") return reply(method_not_allowed("POST"));
        return sign_in(request, reply);
    }
    auto caller = authenticate(request);
    if (!caller) {
        // A disabled account's session is told so: the app says why it was signed out.
        if (caller.error().code == ErrorCode::account_disabled) {
            return reply(error_response(caller.error()));
        }
        // Only requests without a session share the citizens' per-client limit: a centre's
        // counters often sit behind one address, and their work must not be throttled.
        if (auto taken = anonymous_limiter_.take(request.client_ip); taken.retry_after > 0) {
            return reply(anonymous_limiter_.refusal(taken));
        }
        return reply(error_response(ErrorCode::unauthorized));
    }
    route(*caller, request, rest, query, reply);
}

Result<StaffApi::Caller> StaffApi::authenticate(const HttpRequest& request) {
    const Error none = make_error(ErrorCode::unauthorized);
    auto token = cookie_value(request.cookie, session_cookie_name(request.https));
    if (!token || token->empty() || token->size() > 128) return none;
    std::string hash = token_hash(*token);
    auto session = find_session(thread_read_connection(db_path_), hash);
    if (!session) return none;
    const UnixSeconds now = clock_.now();
    if (now - session->last_seen > options_.session_idle_seconds ||
        now - session->created_at > options_.session_max_seconds) {
        writer_.submit(WriteJob{[hash](WriteStore& store) {
                                    delete_session(store.connection(), hash);
                                    return HttpResponse{};
                                },
                                [](HttpResponse) {}});
        return none;
    }
    // The account is read with the session on every request, so disabling it ends the
    // session at once. The session is kept (refused, it expires as idle), so every request
    // it sends meanwhile gets the same answer; enabling the account deletes it.
    if (session->disabled) return make_error(ErrorCode::account_disabled);
    // last_seen moves in steps (a minute for the 30-minute timeout), so a busy counter does
    // not cost the writer a transaction per request.
    const UnixSeconds step = std::max(1, options_.session_idle_seconds / 30);
    if (now - session->last_seen >= step) {
        writer_.submit(WriteJob{[hash, now](WriteStore& store) {
                                    touch_session(store.connection(), hash, now);
                                    return HttpResponse{};
                                },
                                [](HttpResponse) {}});
    }
    return Caller{std::move(session->member), std::move(hash), session->must_change_password};
}

void StaffApi::route(const Caller& caller, const HttpRequest& request, std::string_view rest,
                     std::string_view query, Responder& respond) {
    const bool get = request.method == "GET";
    const bool post = request.method == "POST";
    std::size_t slash = rest.find('/');
    std::string_view head = rest.substr(0, slash);
    std::string_view tail = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
    const bool admin = caller.member.role == Role::admin;

    if (rest == "me") {
        StaffAccount me{caller.member, false, caller.must_change_password};
        return respond(get ? json_response(200, staff_account_to_json(me))
                           : method_not_allowed("GET"));
    }
    if (rest == "sign-out") {
        if (!post) return respond(method_not_allowed("POST"));
        return sign_out(caller, request, respond);
    }
    if (rest == "me/password") {
        if (!post) return respond(method_not_allowed("POST"));
        return change_own_password(caller, request, respond);
    }
    // A password someone else knows (an admin's reset, the published demo one) is replaced
    // before the member does anything else.
    if (caller.must_change_password) {
        return respond(error_response(ErrorCode::password_change_required));
    }
    if (rest == "users" && get) {
        if (!admin) return respond(error_response(ErrorCode::forbidden));
        return respond(list_accounts(query));
    }
    if (rest == "users" || rest == "holidays" || rest == "holidays/remove") {
        if (!post) return respond(method_not_allowed(rest == "users" ? "GET, POST" : "POST"));
        if (!admin) return respond(error_response(ErrorCode::forbidden));
        if (rest == "users") return create_user(caller, request, respond);
        if (rest == "holidays") return add_holiday(caller, request, respond);
        return remove_from_catalog(caller, Removal::holiday, "", request, respond);
    }
    if (rest == "outbox") {
        if (!get) return respond(method_not_allowed("GET"));
        if (!admin) return respond(error_response(ErrorCode::forbidden));
        return respond(outbox_health());
    }
    if (head == "service-accounts") {
        if (!admin) return respond(error_response(ErrorCode::forbidden));
        return route_service_accounts(caller, request, tail, respond);
    }
    if (rest == "audit") {
        if (!get) return respond(method_not_allowed("GET"));
        return audit(caller, query, request, respond);
    }
    if (head == "rollout") {
        if (!admin) return respond(error_response(ErrorCode::forbidden));
        return rollout(caller, request, rest, query, respond);
    }
    if (head == "catalog" && !tail.empty()) {
        if (!admin) return respond(error_response(ErrorCode::forbidden));
        return catalog(caller, request, tail, query, respond);
    }
    std::size_t second = tail.find('/');
    std::string_view id = tail.substr(0, second);
    std::string_view what = second == std::string_view::npos ? "" : tail.substr(second + 1);
    if (head == "centres" && !id.empty()) {
        auto centre = percent_decode(id, false);
        if (!centre) return respond(error_response(ErrorCode::not_found));
        return route_centre(caller, request, *centre, what, query, respond);
    }
    if (head == "bookings" && !id.empty()) {
        std::optional<CounterAction> action;
        if (what == "check-in") action = CounterAction::check_in;
        if (what == "serve") action = CounterAction::serve;
        if (what == "no-show") action = CounterAction::no_show;
        if (what == "cancel" || what == "reschedule") {
            if (!post) return respond(method_not_allowed("POST"));
            if (what == "cancel") return staff_cancel(caller, id, request, respond);
            return staff_reschedule(caller, id, request, respond);
        }
        if (!action) return respond(error_response(ErrorCode::not_found));
        if (!post) return respond(method_not_allowed("POST"));
        return counter_action(caller, id, *action, respond);
    }
    if (head == "users" && !id.empty() && (what == "password" || what.empty())) {
        if (!post) return respond(method_not_allowed("POST"));
        if (!admin) return respond(error_response(ErrorCode::forbidden));
        auto name = percent_decode(id, false);
        if (!name) return respond(error_response(ErrorCode::not_found));
        if (what.empty()) return change_account(caller, lowercase(*name), request, respond);
        return reset_password(caller, lowercase(*name), request, respond);
    }
    if (head == "walk-ins" && !id.empty() && what == "served") {
        if (!post) return respond(method_not_allowed("POST"));
        return walk_in_served(caller, id, respond);
    }
    respond(error_response(ErrorCode::not_found));
}

void StaffApi::route_centre(const Caller& caller, const HttpRequest& request,
                            const std::string& centre, std::string_view what,
                            std::string_view query, Responder& respond) {
    const bool get = request.method == "GET";
    const bool post = request.method == "POST";
    const bool serving =
        what == "day" || what == "walk-ins" || what == "bookings" || what == "stranded";
    const bool administering = what == "schedule" || what == "closures" || what == "report" ||
                               what == "schedule/remove" || what == "closures/remove";
    if (!serving && !administering) return respond(error_response(ErrorCode::not_found));
    // Who may act first, then whether the centre exists: a stranger learns nothing.
    const bool allowed = serving ? can_serve_centre(caller.member, centre)
                                 : can_administer_centre(caller.member, centre);
    if (!allowed) return respond(error_response(ErrorCode::forbidden));
    if (!find_centre(catalog_.get()->catalog, centre)) {
        return respond(error_response(ErrorCode::unknown_centre));
    }
    if (what == "day") return respond(get ? day(centre, query) : method_not_allowed("GET"));
    if (what == "stranded") {
        return respond(get ? stranded(centre, query) : method_not_allowed("GET"));
    }
    if (what == "report") {
        if (!get) return respond(method_not_allowed("GET"));
        return report(caller, centre, query, respond);
    }
    if (what == "schedule") {
        if (get) return respond(schedule(centre));
        if (post) return change_schedule(caller, centre, request, respond);
        return respond(method_not_allowed("GET, POST"));
    }
    if (!post) return respond(method_not_allowed("POST"));
    if (what == "walk-ins") return issue_walk_in(caller, centre, request, respond);
    if (what == "bookings") return book_for_citizen(caller, centre, request, respond);
    if (what == "closures") return add_closure(caller, centre, request, respond);
    remove_from_catalog(caller,
                        what == "closures/remove" ? Removal::closure : Removal::schedule_change,
                        centre, request, respond);
}

// --- Sessions -------------------------------------------------------------------------------

void StaffApi::sign_in(const HttpRequest& request, Responder& respond) {
    auto body =
        read_body(request.body, {{"username", FieldType::string}, {"password", FieldType::string}});
    if (!body) return respond(error_response(body.error()));
    std::string user = lowercase(body->text("username"));
    // A throttle key must not be a way to fill memory; the '~' keeps a cut name from ever
    // matching a real (shorter) one.
    if (user.size() > 64) user = user.substr(0, 64) + "~";
    const std::string client = request.client_ip;
    if (int wait = throttle_.retry_after(user, client, clock_.now()); wait > 0) {
        return respond(rate_limited_response(wait));
    }
    auto attempt = std::make_shared<SignInAttempt>();
    attempt->username = std::move(user);
    attempt->password = body->text("password");
    attempt->client = client;
    attempt->secure = request.https;
    // The session this browser had, if any, ends when the new one starts.
    auto old_token = cookie_value(request.cookie, session_cookie_name(request.https));
    if (old_token && !old_token->empty()) attempt->replaced = token_hash(*old_token);
    auto done = std::make_shared<Responder>(std::move(respond));
    bool queued = auth_tasks_.post([this, attempt, done] {
        try {
            finish_sign_in(*attempt, *done);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "staff: sign-in failed: %s\n", e.what());
            (*done)(failure_response(e));
        }
    });
    if (!queued) (*done)(busy_response(kHashQueueRetrySeconds));
}

// On the auth thread: one password check at a time, then the session through the writer.
void StaffApi::finish_sign_in(const SignInAttempt& attempt, Responder& respond) {
    const std::string& username = attempt.username;
    const std::string& client = attempt.client;
    const UnixSeconds now = clock_.now();
    // Checked again here: attempts queued together must not slip past the limit.
    if (int wait = throttle_.retry_after(username, client, now); wait > 0) {
        return respond(rate_limited_response(wait));
    }
    auto user = is_valid_username(username) ? find_user(thread_read_connection(db_path_), username)
                                            : std::nullopt;
    // Unknown users are checked against a dummy hash: the same answer in the same time.
    if (!hasher_.verify(attempt.password, user ? user->password_hash : std::string())) {
        throttle_.record_failure(username, client, now);
        // Answered once the failure is on record (never the password tried).
        AuditEntry failed{
            now, tried_name(username), user ? user->member.centre : "", "sign_in_failed", "", ""};
        return writer_.submit(WriteJob{[failed](WriteStore& store) {
                                           record_audit(store.connection(), failed);
                                           return error_response(ErrorCode::bad_credentials);
                                       },
                                       std::move(respond)});
    }
    throttle_.record_success(username, client);
    // Said only to whoever knows the password (a wrong one is bad_credentials, as for any
    // account): the member learns to ask an admin rather than retry or ask for a reset.
    // The refusal is on the trail too: someone holds a disabled account's password.
    if (user->disabled) {
        return answer_recorded(AuditEntry{0, user->member.username, user->member.centre,
                                          "sign_in_failed", "", "account disabled"},
                               error_response(ErrorCode::account_disabled), std::move(respond));
    }
    std::string token = new_session_token();
    StaffAccount account{user->member, false, user->must_change_password};
    const UnixSeconds idle_before = now - options_.session_idle_seconds;
    const UnixSeconds created_before = now - options_.session_max_seconds;
    writer_.submit(WriteJob{
        [hash = token_hash(token), replaced = attempt.replaced, account, now, idle_before,
         created_before](WriteStore& store) {
            delete_expired_sessions(store.connection(), idle_before, created_before);
            if (!replaced.empty()) delete_session(store.connection(), replaced);
            insert_session(store.connection(), hash, account.member.username, now);
            record_audit(store.connection(), AuditEntry{now, account.member.username,
                                                        account.member.centre, "sign_in", "", ""});
            HttpResponse response = json_response(200, staff_account_to_json(account));
            return response;
        },
        [token, secure = attempt.secure, respond = std::move(respond)](HttpResponse response) {
            // The cookie is added after COMMIT, outside the writer: the token never sits in
            // the database or a stored answer.
            if (response.status == 200) {
                response.headers.emplace_back("Set-Cookie", session_cookie(token, secure));
            }
            respond(std::move(response));
        }});
}

void StaffApi::sign_out(const Caller& caller, const HttpRequest& request, Responder& respond) {
    const bool secure = request.https;
    AuditEntry entry{
        clock_.now(), caller.member.username, caller.member.centre, "sign_out", "", ""};
    writer_.submit(WriteJob{[hash = caller.token_hash, entry](WriteStore& store) {
                                delete_session(store.connection(), hash);
                                record_audit(store.connection(), entry);
                                HttpResponse response;
                                response.status = 204;
                                response.content_type.clear();
                                return response;
                            },
                            [secure, respond = std::move(respond)](HttpResponse response) {
                                if (response.status == 204) {
                                    response.headers.emplace_back("Set-Cookie",
                                                                  session_cookie("", secure));
                                }
                                respond(std::move(response));
                            }});
}

}  // namespace mawid::server
