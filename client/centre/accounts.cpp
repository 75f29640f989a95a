// The centre app: the member's own password (forced after sign-in, or chosen from the day)
// and the accounts screen of admins (disable, enable, role and centre, a new password).
#include <algorithm>

#include "api.hpp"
#include "keys.hpp"
#include "staff.hpp"

namespace mawid::client::staff {

// ---------------------------------------------------------------- the member's password

void Controller::password_required() {
    if (!member) return;
    member->must_change_password = true;
    platform::save(kMemberKey, member_json(*member));
    history_.clear();  // nowhere else to go until it is done
    screen = Screen::password;
    password_message = {"staff.password.required", {}, ui::Tone::warning};
    app.scroll_to_top();
    platform::blur_inputs();
}

void Controller::open_password() {
    password_message = {};
    go(Screen::password);
}

void Controller::change_password() {
    if (password_busy) return;
    std::string current = input(kCurrentPassword), next = input(kNewPassword);
    if (current.empty() || next.empty()) {
        password_message = {"staff.password.missing", {}, ui::Tone::error};
        return;
    }
    if (next != input(kRepeatPassword)) {
        password_message = {"staff.password.mismatch", {}, ui::Tone::error};
        return;
    }
    password_busy = true;
    password_message = {};
    send(Purpose::password, {}, "POST", kApi + "/me/password", own_password_body(current, next));
}

void Controller::on_password(int status, const std::string& body) {
    password_busy = false;
    if (status != 204) {
        password_message = error_message(status, body, 0);
        return;
    }
    for (int field : {kCurrentPassword, kNewPassword, kRepeatPassword}) app.set_input(field, "");
    bool forced = member && member->must_change_password;
    if (member) {
        member->must_change_password = false;
        platform::save(kMemberKey, member_json(*member));
    }
    day_notice = {"staff.password.changed", {}, ui::Tone::success};
    if (!forced) return back();
    // The day, and what waited on this device meanwhile.
    history_.clear();
    screen = Screen::day;
    load_day("");
    flush_queue();
}

// ---------------------------------------------------------------- accounts (admins)

void Controller::open_accounts() {
    accounts_message = {};
    account_open.clear();
    go(Screen::accounts);
    load_accounts(false);
}

void Controller::load_accounts(bool more) {
    if (more && (accounts_next.empty() || accounts_more_busy)) return;
    accounts_more_busy = more;
    // A page is asked for after a cursor; its answer counts only while that is still the
    // list's cursor (a reload of the first page meanwhile starts the list again).
    send(Purpose::accounts, more ? "more:" + accounts_next : "", "GET",
         kApi + "/users?limit=" + std::to_string(kDefaultPageSize) + (more ? after_param(accounts_next) : ""));
}

void Controller::on_accounts(const std::string& asked, int status, const std::string& body) {
    const bool more = !asked.empty();
    if (more) accounts_more_busy = false;
    if (more && asked != "more:" + accounts_next) return;  // the list started again meanwhile
    if (status != 200) {
        accounts_message = error_message(status, body, 0);
        return;
    }
    if (!more) accounts.clear();
    for (Account& a : parse_accounts(body)) {
        bool listed = std::any_of(accounts.begin(), accounts.end(),
                                  [&](const Account& b) { return b.username == a.username; });
        if (!listed) accounts.push_back(std::move(a));
    }
    accounts_next = next_after_of(body);
}

void Controller::open_account(const std::string& username) {
    account_confirm_disable = false;
    accounts_message = {};
    app.set_input(kAccountCentreSearch, "");
    if (account_open == username) {
        account_open.clear();
        return;
    }
    account_open = username;
    for (const Account& a : accounts) {
        if (a.username != username) continue;
        account_role = a.role;
        account_centre = a.centre;
    }
}

void Controller::save_account_role() {
    if (accounts_busy || account_open.empty()) return;
    accounts_busy = true;
    accounts_message = {};
    std::string centre = account_role == "admin" ? std::string() : account_centre;
    send(Purpose::account, account_open, "POST", kApi + "/users/" + account_open,
         account_role_body(account_role, centre));
}

void Controller::set_account_flag(const std::string& flag, bool value) {
    if (accounts_busy || account_open.empty()) return;
    accounts_busy = true;
    account_confirm_disable = false;
    accounts_message = {};
    send(Purpose::account, account_open, "POST", kApi + "/users/" + account_open,
         account_flag_body(flag, value));
}

// The answer is the account as it now is: the list shows it, and the message says what
// changed (an admin's own role changed ends their session: the next request signs out).
void Controller::on_account(const std::string& username, int status, const std::string& body) {
    accounts_busy = false;
    auto after = status == 200 ? parse_account(body) : std::nullopt;
    if (!after) {
        accounts_message = error_message(status, body, 0);
        return;
    }
    std::string key = "staff.accounts.saved";
    for (Account& a : accounts) {
        if (a.username != username) continue;
        if (a.disabled != after->disabled) {
            key = after->disabled ? "staff.accounts.disabled" : "staff.accounts.enabled";
        } else if (!a.must_change_password && after->must_change_password) {
            key = "staff.accounts.forced";
        }
        a = *after;
    }
    account_role = after->role;
    account_centre = after->centre;
    accounts_message = {key, {{"name", username}}, ui::Tone::success};
}

}  // namespace mawid::client::staff
