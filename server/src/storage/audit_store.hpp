// The audit trail: who did what, when, at which centre, to which booking. Appended in the
// same transaction as the action it records; never updated (a trigger refuses it), deleted
// only when older than --audit-retention-days. It holds no CPR and no phone.
#pragma once

#include <mawid/civil_time.hpp>

#include <string>

#include "storage/sqlite.hpp"

namespace mawid::server {

struct AuditEntry {
    UnixSeconds at = 0;
    std::string username;  // the member who acted (for a failed sign-in: the name tried)
    std::string centre;    // the centre the action concerns; empty for none
    std::string action;    // a stable name: "sign_in", "check_in", "walk_in_issued", ...
    std::string booking;   // the booking code it touched; empty for none
    std::string detail;    // what else a reader needs: a ticket, a new time, an account
};

// Appends `entry` inside the caller's transaction.
void record_audit(Connection& db, const AuditEntry& entry);

// Deletes entries older than `before`; returns how many.
int forget_audit_before(Connection& db, UnixSeconds before);

}  // namespace mawid::server
