// The staff API for accounts: creating, listing and changing them, and passwords.
#include "staff/staff_api.hpp"

#include <memory>

#include <mawid/staff_codec.hpp>
#include "http/json_responses.hpp"
#include "http/request_parsing.hpp"
#include "staff/account_change.hpp"
#include "storage/audit_store.hpp"
#include "storage/staff_store.hpp"
#include "storage/store.hpp"

namespace mawid::server {

void StaffApi::create_user(const Caller& caller, const HttpRequest& request, Responder& respond) {
    auto body = read_body(request.body, {{"username", FieldType::string},
                                         {"password", FieldType::string},
                                         {"role", FieldType::string},
                                         {"centre", FieldType::any, false}});
    if (!body) return respond(error_response(body.error()));
    const std::string& password = body->text("password");
    auto role = parse_role(body->text("role"));
    if (!role) {
        return respond(
            error_response(ErrorCode::bad_request, "role", "Expected staff, supervisor or admin."));
    }
    std::string name = lowercase(body->text("username"));
    if (!is_valid_username(name)) {
        return respond(error_response(ErrorCode::bad_request, "username",
                                      "3 to 64 of a-z, 0-9, '.', '_' and '-'."));
    }
    if (auto problem = password_problem(password); !problem.empty()) {
        return respond(error_response(ErrorCode::weak_password, "password", problem));
    }
    const Json centre = body->value("centre");
    if (!centre.is_null() && !centre.is_string()) {
        return respond(
            error_response(ErrorCode::bad_request, "centre", "Expected a centre id or null."));
    }
    UserRecord user{StaffMember{name, *role, centre.is_null() ? "" : centre.get<std::string>()},
                    ""};
    if (auto valid = check_member_centre(user.member, catalog_.get()->catalog); !valid) {
        return respond(error_response(valid.error()));
    }
    auto done = std::make_shared<Responder>(std::move(respond));
    auto pw = std::make_shared<std::string>(password);
    bool queued = auth_tasks_.post([this, user, pw, done, by = caller.member.username]() mutable {
        auto hash = hasher_.hash(*pw);
        if (!hash) return (*done)(internal_error_response());
        user.password_hash = *hash;
        writer_.submit(WriteJob{
            [user, by, now = clock_.now()](WriteStore& store) {
                if (!insert_user(store.connection(), user, now)) {
                    return error_response(ErrorCode::user_exists, "username");
                }
                // Under the new account's centre, so its supervisor sees who joined.
                const StaffMember& m = user.member;
                record_audit(store.connection(),
                             AuditEntry{now, by, m.centre, "account_created", "",
                                        m.username + " (" + std::string(role_name(m.role)) + ")"});
                return json_response(201, staff_member_to_json(m));
            },
            std::move(*done)});
    });
    if (!queued) (*done)(busy_response(kHashQueueRetrySeconds));
}

HttpResponse StaffApi::list_accounts(std::string_view query) const {
    auto limit = page_size_param(query);
    if (!limit) return error_response(limit.error());
    std::string after = query_param(query, "after").value_or("");
    if (!after.empty() && !is_valid_username(after)) {
        return error_response(ErrorCode::bad_request, "after", "Expected a user name.");
    }
    std::vector<StaffAccount> users =
        list_users(thread_read_connection(db_path_), after, *limit + 1);
    std::string next_after;
    if (cut_to_page(users, *limit)) next_after = users.back().member.username;
    return json_response(200, staff_accounts_to_json(users, next_after));
}

void StaffApi::change_account(const Caller& caller, const std::string& username,
                              const HttpRequest& request, Responder& respond) {
    auto change = read_account_change(request.body);
    if (!change) return respond(error_response(change.error()));
    AccountChangeWork work{caller.member.username, username, std::move(change).value(),
                           clock_.now()};
    writer_.submit(WriteJob{[work = std::move(work), state = catalog_.get()](WriteStore& store) {
                                return run_account_change(store, work, state->catalog);
                            },
                            std::move(respond)});
}

// The new password is hashed on the auth thread, stored by the writer, and every session of
// the user but `keep` ends: whoever knew the old password is signed out.
void StaffApi::store_password(const std::string& username, std::string password, std::string keep,
                              bool must_change, AuditEntry audit, Responder respond) {
    auto done = std::make_shared<Responder>(std::move(respond));
    bool queued = auth_tasks_.post([this, username, password = std::move(password), keep,
                                    must_change, audit, done]() mutable {
        auto hash = hasher_.hash(password);
        if (!hash) return (*done)(internal_error_response());
        audit.at = clock_.now();
        writer_.submit(WriteJob{
            [username, hash = *hash, keep, must_change, audit](WriteStore& store) {
                if (!set_password_hash(store.connection(), username, hash, must_change)) {
                    return error_response(ErrorCode::not_found);
                }
                delete_sessions_of(store.connection(), username, keep);
                AuditEntry entry = audit;
                if (auto account = find_user(store.connection(), username)) {
                    entry.centre = account->member.centre;
                }
                record_audit(store.connection(), entry);
                HttpResponse response;
                response.status = 204;
                response.content_type.clear();
                return response;
            },
            std::move(*done)});
    });
    if (!queued) (*done)(busy_response(kHashQueueRetrySeconds));
}

void StaffApi::change_own_password(const Caller& caller, const HttpRequest& request,
                                   Responder& respond) {
    auto body =
        read_body(request.body, {{"current", FieldType::string}, {"new", FieldType::string}});
    if (!body) return respond(error_response(body.error()));
    const std::string& next = body->text("new");
    if (auto problem = password_problem(next); !problem.empty()) {
        return respond(error_response(ErrorCode::weak_password, "new", problem));
    }
    const std::string username = caller.member.username;
    const std::string client = request.client_ip;
    // Guessing the current password here counts like failed sign-ins.
    if (int wait = throttle_.retry_after(username, client, clock_.now()); wait > 0) {
        return respond(rate_limited_response(wait));
    }
    auto done = std::make_shared<Responder>(std::move(respond));
    bool queued = auth_tasks_.post([this, username, client, keep = caller.token_hash,
                                    current = body->text("current"), next, done]() mutable {
        // Checked again where the password is: guesses sent together all passed the first
        // check before any of them failed.
        if (int wait = throttle_.retry_after(username, client, clock_.now()); wait > 0) {
            return (*done)(rate_limited_response(wait));
        }
        auto user = find_user(thread_read_connection(db_path_), username);
        if (!user || !hasher_.verify(current, user->password_hash)) {
            throttle_.record_failure(username, client, clock_.now());
            // Not 401: the session is fine, and the app must not think it was signed out.
            return (*done)(error_response(ErrorCode::wrong_password, "current"));
        }
        store_password(username, std::move(next), keep, false,
                       AuditEntry{0, username, "", "password_changed", "", ""}, std::move(*done));
    });
    if (!queued) (*done)(busy_response(kHashQueueRetrySeconds));
}

void StaffApi::reset_password(const Caller& caller, const std::string& username,
                              const HttpRequest& request, Responder& respond) {
    auto body = read_body(request.body, {{"password", FieldType::string}});
    if (!body) return respond(error_response(body.error()));
    const std::string& password = body->text("password");
    if (auto problem = password_problem(password); !problem.empty()) {
        return respond(error_response(ErrorCode::weak_password, "password", problem));
    }
    // The admin knows the password they set: its owner replaces it at next sign-in (unless
    // the admin set their own).
    store_password(username, password, "", username != caller.member.username,
                   AuditEntry{0, caller.member.username, "", "password_reset", "", username},
                   std::move(respond));
}

}  // namespace mawid::server
