// The centre app's audit trail (supervisors, admins): who did what at the centre, asked
// page by page with the screen's filters, and the same entries as a CSV download.
#include "api.hpp"
#include "keys.hpp"
#include "staff.hpp"

namespace mawid::client::staff {

AuditFilter Controller::audit_filter() const {
    return {centre_id, input(kAuditDay), input(kAuditUser), audit_action};
}

// Opens on today's entries at the centre unless a day was chosen before.
void Controller::open_audit() {
    if (input(kAuditDay).empty()) app.set_input(kAuditDay, today());
    audit_message = {};
    go(Screen::audit);
    load_audit(false);
}

void Controller::load_audit(bool more) {
    if (audit_busy || centre_id.empty() || (more && audit_next == 0)) return;
    const std::string& day = input(kAuditDay);
    if (!day.empty() && !parse_date(day)) {
        audit_message = {"staff.book.bad_day", {}, ui::Tone::error};
        return;
    }
    audit_busy = true;
    audit_message = {};
    send(Purpose::audit, more ? "more" : "", "GET",
         kApi + "/audit" + audit_query(audit_filter(), more ? audit_next : 0, false));
}

void Controller::on_audit(bool more, int status, const std::string& body) {
    audit_busy = false;
    if (status != 200) {
        audit_message = error_message(status, body, 0);
        return;
    }
    AuditList list = parse_audit(body);
    if (!more) audit.clear();
    audit.insert(audit.end(), list.entries.begin(), list.entries.end());
    audit_next = list.next_before;
    audit_loaded = true;
}

void Controller::export_audit() {
    if (centre_id.empty()) return;
    send(Purpose::audit_csv, {}, "GET", kApi + "/audit" + audit_query(audit_filter(), 0, true));
}

void Controller::on_audit_csv(int status, const std::string& body) {
    if (status != 200) {
        audit_message = error_message(status, body, 0);
        return;
    }
    const std::string day = input(kAuditDay).empty() ? "all" : input(kAuditDay);
    platform::download("mawid-audit-" + centre_id + "-" + day + ".csv", "text/csv;charset=utf-8",
                       body);
}

}  // namespace mawid::client::staff
