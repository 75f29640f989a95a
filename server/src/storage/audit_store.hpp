// The audit trail: who did what, when, at which centre, to which booking. Appended in the
// same transaction as the action it records; never updated (a trigger refuses it), deleted
// only when older than --audit-retention-days. It holds no CPR and no phone.
#pragma once

#include <mawid/civil_time.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

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

// What GET /staff/audit asks for; every filter optional.
struct AuditQuery {
    std::optional<UnixSeconds> from;    // at >= from
    std::optional<UnixSeconds> to;      // at < to
    std::optional<std::string> centre;  // that centre's entries only (not those with none)
    std::string username;               // "" = everyone
    std::string action;                 // "" = every action
    std::int64_t before = 0;            // entries with a smaller id only; 0 = from the newest
    int limit = 100;
};

struct StoredAuditEntry {
    std::int64_t id = 0;
    AuditEntry entry;
};

// Up to query.limit entries matching the query, newest (highest id) first.
std::vector<StoredAuditEntry> read_audit(Connection& db, const AuditQuery& query);

}  // namespace mawid::server
