// The audit trail (supervisors, admins): who did what at the centre, newest first, in the
// centre's local time and the chosen language; filtered by day, member and action, and
// downloadable as CSV like the reports.
#include <mawid/civil_time.hpp>
#include <mawid/staff.hpp>

#include "format.hpp"
#include "staff_screens.hpp"

namespace mawid::client::staff::screens {

namespace {

std::string action_words(const Controller& c, std::string_view action) {
    return c.app.tr("staff.audit.action." + std::string(action));
}

// "08:01" on the day filtered by, "Sun 6 Dec 08:01" without one: at the centre's offset,
// which the server wrote into the time.
std::string when_text(const Controller& c, const std::string& at, bool with_date) {
    auto t = parse_rfc3339(at);
    if (!t) return at;
    LocalTime local = to_local(t->instant, t->offset_minutes);
    std::string time = time_text(c.app.tr, local.minute_of_day);
    return with_date ? date_short(c.app.tr, local.date) + " " + time : time;
}

// The booking code as read aloud, and the detail (a new time as the person reads it).
std::string entry_detail(const Controller& c, const AuditItem& e) {
    std::string out;
    if (!e.booking.empty()) out = ltr(code_text(e.booking));
    std::string detail = e.detail;
    if (parse_rfc3339(detail))
        detail = start_text(c.app.tr, detail);
    else if (!detail.empty())
        detail = ltr(detail);
    if (!detail.empty()) out += (out.empty() ? "" : " · ") + detail;
    return out;
}

void action_chips(Controller& c, ui::Column& col) {
    ui::paragraph(col, "staff/audit/action", c.app.tr("staff.audit.action"), ui::TextStyle::small,
                  ui::colour::muted);
    ui::Flow flow(col, 40);
    std::string chosen = c.audit_action;
    if (flow.chip("staff/audit/action/all", c.app.tr("staff.audit.all"), chosen.empty())) {
        chosen.clear();
    }
    for (std::string_view name : kAuditActions) {
        std::string id = "staff/audit/action/" + std::string(name);
        if (flow.chip(id, action_words(c, name), chosen == name)) chosen = std::string(name);
    }
    flow.end();
    if (chosen != c.audit_action) {
        c.audit_action = chosen;
        c.load_audit(false);
    }
}

void entries(Controller& c, ui::Column& col) {
    const bool with_date = c.input(kAuditDay).empty();
    for (const AuditItem& e : c.audit) {
        info_row(col, "staff/audit/entry/" + std::to_string(e.id),
                 when_text(c, e.at, with_date) + " · " + action_words(c, e.action),
                 entry_detail(c, e), e.username.empty() ? "—" : ltr(e.username));
    }
    if (c.audit_loaded && c.audit.empty()) {
        ui::paragraph(col, "staff/audit/none", c.app.tr("staff.audit.empty"), ui::TextStyle::body,
                      ui::colour::muted);
    }
    if (c.audit_next > 0 && ui::button(col, "staff/audit/more", c.app.tr("staff.audit.more"),
                                       ui::Kind::secondary, !c.audit_busy && c.app.online)) {
        c.load_audit(true);
    }
}

}  // namespace

void audit(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    ui::heading(col, "staff/audit/centre", centre_name(c, c.centre_id));
    if (!c.app.online) {
        ui::notice(col, "staff/audit/offline", tr("staff.needs_network"), ui::Tone::warning);
    }
    ui::field(col, kAuditDay, tr("staff.audit.day"), platform::InputKind::date, c.input(kAuditDay),
              {}, tr("staff.audit.day_hint"));
    ui::field(col, kAuditUser, tr("staff.audit.member"), platform::InputKind::text,
              c.input(kAuditUser), {}, tr("staff.audit.member_hint"));
    action_chips(c, col);
    const bool on = !c.audit_busy && c.app.online;
    int a = button_row(
        col,
        {{"staff/audit/show", tr("staff.audit.show")}, {"staff/audit/csv", tr("staff.report.csv")}},
        {on, on});
    if (a == 0) c.load_audit(false);
    if (a == 1) c.export_audit();
    message(c, col, "staff/audit/message", c.audit_message);
    entries(c, col);
}

}  // namespace mawid::client::staff::screens
