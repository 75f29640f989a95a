#include "staff/account_change.hpp"

#include <mawid/staff_codec.hpp>

#include "http/json_responses.hpp"
#include "http/request_parsing.hpp"
#include "storage/audit_store.hpp"
#include "storage/staff_store.hpp"

namespace mawid::server {
namespace {

bool enabled_admin(const StaffAccount& account) {
    return account.member.role == Role::admin && !account.disabled;
}

// The account as the change would leave it. An admin keeps no centre: a member made admin
// loses theirs without being told to.
StaffAccount changed(const StaffAccount& before, const AccountChange& change) {
    StaffAccount after = before;
    if (change.role) after.member.role = *change.role;
    if (change.centre) {
        after.member.centre = *change.centre;
    } else if (after.member.role == Role::admin) {
        after.member.centre.clear();
    }
    if (change.disabled) after.disabled = *change.disabled;
    if (change.must_change_password) after.must_change_password = *change.must_change_password;
    return after;
}

std::string centre_text(const std::string& centre) {
    return centre.empty() ? "none" : centre;
}

// "role staff -> supervisor, centre a -> b, password change no longer required": the parts
// of an account_changed entry; "" when role, centre and the password rule are as they were.
std::string change_detail(const StaffAccount& before, const StaffAccount& after) {
    std::string detail;
    auto add = [&detail](const std::string& part) {
        detail += (detail.empty() ? "" : ", ") + part;
    };
    if (before.member.role != after.member.role) {
        add("role " + std::string(role_name(before.member.role)) + " -> " +
            std::string(role_name(after.member.role)));
    }
    if (before.member.centre != after.member.centre) {
        add("centre " + centre_text(before.member.centre) + " -> " +
            centre_text(after.member.centre));
    }
    if (before.must_change_password && !after.must_change_password) {
        add("password change no longer required");
    }
    return detail;
}

// One line of the trail per kind of change, under the centre the account now belongs to
// (its former one for a member made admin).
void record_changes(Connection& db, const AccountChangeWork& work, const StaffAccount& before,
                    const StaffAccount& after) {
    AuditEntry entry;
    entry.at = work.now;
    entry.username = work.admin;
    entry.centre = after.member.centre.empty() ? before.member.centre : after.member.centre;
    const std::string account = "account " + work.username;
    auto record = [&](const char* action, const std::string& detail) {
        entry.action = action;
        entry.detail = detail;
        record_audit(db, entry);
    };
    if (before.disabled != after.disabled) {
        record(after.disabled ? "account_disabled" : "account_enabled", account);
    }
    if (std::string detail = change_detail(before, after); !detail.empty()) {
        record("account_changed", account + ": " + detail);
    }
    if (!before.must_change_password && after.must_change_password) {
        record("password_change_forced", account);
    }
}

// 409 when the change would take the admins' hands off the system: an admin disabling
// themselves, or the last enabled admin disabled or made something else.
std::optional<Error> keeps_an_admin(Connection& db, const AccountChangeWork& work,
                                    const StaffAccount& before, const StaffAccount& after) {
    if (after.disabled && !before.disabled && work.username == work.admin) {
        return make_error(ErrorCode::own_account, "disabled");
    }
    if (enabled_admin(before) && !enabled_admin(after) &&
        count_other_enabled_admins(db, work.username) == 0) {
        return make_error(ErrorCode::last_admin, after.disabled ? "disabled" : "role");
    }
    return std::nullopt;
}

}  // namespace

Status check_member_centre(const StaffMember& member, const Catalog& catalog) {
    if (member.role == Role::admin) {
        if (member.centre.empty()) return Ok{};
        return make_error(ErrorCode::bad_request, "centre",
                          "An admin serves every centre: centre is null.");
    }
    if (member.centre.empty()) {
        return make_error(ErrorCode::bad_request, "centre",
                          "Staff and supervisors belong to one centre.");
    }
    if (!find_centre(catalog, member.centre))
        return make_error(ErrorCode::unknown_centre, "centre");
    return Ok{};
}

Result<AccountChange> read_account_change(std::string_view body) {
    auto fields = read_body(body, {{"role", FieldType::string, false},
                                   {"centre", FieldType::any, false},
                                   {"disabled", FieldType::boolean},
                                   {"must_change_password", FieldType::boolean}});
    if (!fields) return fields.error();
    const Json& json = fields->json();
    AccountChange change;
    if (json.contains("role")) {
        change.role = parse_role(fields->text("role"));
        if (!change.role) {
            return make_error(ErrorCode::bad_request, "role",
                              "Expected staff, supervisor or admin.");
        }
    }
    if (json.contains("centre")) {
        const Json centre = fields->value("centre");
        if (!centre.is_null() && !centre.is_string()) {
            return make_error(ErrorCode::bad_request, "centre", "Expected a centre id or null.");
        }
        change.centre = centre.is_null() ? std::string() : centre.get<std::string>();
    }
    if (json.contains("disabled")) change.disabled = fields->flag("disabled");
    if (json.contains("must_change_password")) {
        change.must_change_password = fields->flag("must_change_password");
    }
    if (json.empty()) return make_error(ErrorCode::bad_request, {}, "Nothing to change.");
    return change;
}

HttpResponse run_account_change(WriteStore& store, const AccountChangeWork& work,
                                const Catalog& catalog) {
    Connection& db = store.connection();
    auto user = find_user(db, work.username);
    if (!user) return error_response(ErrorCode::not_found);
    const StaffAccount before{user->member, user->disabled, user->must_change_password};
    const StaffAccount after = changed(before, work.change);
    const bool moved =
        before.member.role != after.member.role || before.member.centre != after.member.centre;
    // A centre that has left the catalogue since does not stop an account being disabled.
    if (moved) {
        if (auto valid = check_member_centre(after.member, catalog); !valid) {
            return error_response(valid.error());
        }
    }
    if (auto refused = keeps_an_admin(db, work, before, after)) return error_response(*refused);
    update_account(db, after);
    // New rights apply through a new sign-in; sessions from before a disabling must not
    // come back to life when the account is enabled again.
    if (moved || (before.disabled && !after.disabled)) {
        delete_sessions_of(db, work.username, "");
    }
    record_changes(db, work, before, after);
    return json_response(200, staff_account_to_json(after));
}

}  // namespace mawid::server
