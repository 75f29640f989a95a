// The member's own password, and the accounts of every member of staff (admins): each with
// its role, centre and state; opened, it can be disabled (asked once more) or enabled, given
// another role and centre, or made to change its password at next sign-in.
#include <mawid/catalog.hpp>

#include "format.hpp"
#include "staff_screens.hpp"

namespace mawid::client::staff::screens {

namespace {

constexpr const char* kRoles[] = {"staff", "supervisor", "admin"};
constexpr int kCentreMatches = 6;  // centres offered as chips for what is typed

std::string role_label(const Controller& c, const std::string& role) {
    return c.app.tr("staff.role." + role);
}

// "Supervisor · Isa Town Service Centre"; admins serve every centre.
std::string account_detail(const Controller& c, const Account& a) {
    std::string where =
        a.centre.empty() ? c.app.tr("staff.accounts.every_centre") : centre_name(c, a.centre);
    return role_label(c, a.role) + " · " + where;
}

std::string state_label(const Controller& c, const Account& a) {
    if (a.disabled) return c.app.tr("staff.accounts.state.disabled");
    if (a.must_change_password) return c.app.tr("staff.accounts.state.must_change");
    return c.app.tr("staff.accounts.state.active");
}

// The centre chosen, and the centres whose name matches what is typed (a hundred are too
// many to show at once).
void centre_choice(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    if (!c.app.catalog) return;
    ui::field(col, kAccountCentreSearch, tr("staff.accounts.centre"), platform::InputKind::search,
              c.input(kAccountCentreSearch), {}, tr("staff.accounts.centre_hint"));
    ui::Flow flow(col, 44);
    int shown = 0;
    for (const Centre& centre : c.app.catalog->centres) {
        bool chosen = centre.id == c.account_centre;
        bool match = !c.input(kAccountCentreSearch).empty() &&
                     matches_search(centre.name, c.input(kAccountCentreSearch));
        if (!chosen && (!match || shown >= kCentreMatches)) continue;
        shown += chosen ? 0 : 1;
        if (flow.chip("staff/account/centre/" + centre.id, localized(centre.name, tr.chain()),
                      chosen)) {
            c.account_centre = centre.id;
        }
    }
    flow.end();
}

void disable_or_enable(Controller& c, ui::Column& col, const Account& a, bool on) {
    const Strings& tr = c.app.tr;
    if (a.disabled) {
        if (ui::button(col, "staff/account/enable/" + a.username, tr("staff.accounts.enable"),
                       ui::Kind::secondary, on)) {
            c.set_account_flag("disabled", false);
        }
        return;
    }
    if (!c.account_confirm_disable) {
        if (ui::button(col, "staff/account/disable/" + a.username, tr("staff.accounts.disable"),
                       ui::Kind::danger, on)) {
            c.account_confirm_disable = true;
        }
        return;
    }
    // Disabling signs the member out wherever they are: asked once more.
    ui::notice(col, "staff/account/disable-warning",
               tr.format("staff.accounts.disable_confirm", {{"name", a.username}}),
               ui::Tone::warning);
    int pressed =
        button_row(col,
                   {{"staff/account/confirm/" + a.username, tr("staff.accounts.disable_yes")},
                    {"staff/account/keep/" + a.username, tr("staff.accounts.disable_no")}},
                   {on, true});
    if (pressed == 0) c.set_account_flag("disabled", true);
    if (pressed == 1) c.account_confirm_disable = false;
}

void account_actions(Controller& c, ui::Column& col, const Account& a) {
    const Strings& tr = c.app.tr;
    const bool on = !c.accounts_busy && c.app.online;
    ui::paragraph(col, "staff/account/role-label", tr("staff.accounts.role"),
                  ui::TextStyle::body_bold);
    ui::Flow roles(col, 44);
    for (const char* role : kRoles) {
        if (roles.chip("staff/account/role/" + std::string(role), role_label(c, role),
                       c.account_role == role)) {
            c.account_role = role;
        }
    }
    roles.end();
    const bool admin = c.account_role == "admin";
    if (!admin) centre_choice(c, col);
    const bool changed = c.account_role != a.role || (!admin && c.account_centre != a.centre);
    if (ui::button(col, "staff/account/save/" + a.username, tr("staff.accounts.save"),
                   ui::Kind::primary, on && changed && (admin || !c.account_centre.empty()))) {
        c.save_account_role();
    }
    if (!a.must_change_password &&
        ui::button(col, "staff/account/force/" + a.username, tr("staff.accounts.force"),
                   ui::Kind::secondary, on)) {
        c.set_account_flag("must_change_password", true);
    }
    disable_or_enable(c, col, a, on);
    col.gap(12);
}

}  // namespace

void password(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    const bool forced = c.member && c.member->must_change_password;
    ui::title(col, "staff/password/title", tr("staff.password.heading"));
    ui::paragraph(col, "staff/password/intro",
                  tr(forced ? "staff.password.intro_forced" : "staff.password.intro"),
                  ui::TextStyle::body, ui::colour::muted);
    ui::field(col, kCurrentPassword, tr("staff.password.current"), platform::InputKind::password,
              c.input(kCurrentPassword), {});
    ui::field(col, kNewPassword, tr("staff.password.new"), platform::InputKind::password,
              c.input(kNewPassword), {}, tr("staff.password.new_hint"));
    ui::field(col, kRepeatPassword, tr("staff.password.repeat"), platform::InputKind::password,
              c.input(kRepeatPassword), {});
    message(c, col, "staff/password/message", c.password_message);
    if (ui::button(col, "staff/password/go", tr("staff.password.go"), ui::Kind::primary,
                   !c.password_busy && c.app.online)) {
        c.change_password();
    }
    // Forced, it is the only way out besides this one.
    if (forced && ui::button(col, "staff/signout", tr("staff.signout"), ui::Kind::quiet)) {
        c.sign_out();
    }
}

void accounts(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    if (!c.app.online) {
        ui::notice(col, "staff/accounts/offline", tr("staff.needs_network"), ui::Tone::warning);
    }
    message(c, col, "staff/accounts/message", c.accounts_message);
    if (c.accounts.empty()) {
        ui::paragraph(col, "staff/accounts/loading", tr("common.loading"), ui::TextStyle::body,
                      ui::colour::muted);
        return;
    }
    ui::paragraph(col, "staff/accounts/hint", tr("staff.accounts.hint"), ui::TextStyle::small,
                  ui::colour::muted);
    for (const Account& a : c.accounts) {
        if (ui::row(col, "staff/accounts/" + a.username, a.username, account_detail(c, a),
                    state_label(c, a), true, c.account_open == a.username)) {
            c.open_account(a.username);
        }
        if (c.account_open == a.username) account_actions(c, col, a);
    }
    if (!c.accounts_next.empty() && ui::button(col, "staff/accounts/more", tr("staff.list.more"),
                                               ui::Kind::secondary,
                                               !c.accounts_more_busy && c.app.online)) {
        c.load_accounts(true);
    }
}

}  // namespace mawid::client::staff::screens
