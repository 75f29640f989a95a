// Retention: a booking's personal fields (CPR, phone, e-mail) are erased once its
// appointment, or an earlier cancellation, is older than --retention-days. The row stays,
// with its code as a reference that leads to no one, so reports and the audit trail still
// count it. Erased bytes are really gone: the write connection runs with secure_delete
// (freed space is overwritten with zeros), and the WAL that still held the old pages is
// truncated.
#pragma once

#include <mawid/civil_time.hpp>

#include <string>
#include <vector>

#include "storage/database.hpp"

namespace mawid::server {

// The centres that have bookings, in order (one index seek each, however many bookings).
std::vector<std::string> centres_with_bookings(Connection& db);

// Erases the CPR, phone and e-mail of at most `limit` bookings due before `due_before`
// (appointment time, or cancellation time if earlier); returns how many. Inside the
// caller's transaction. Cancelled bookings are found through an index of their own; the
// others centre by centre by start, each from its centre's mark in erasure_marks (every
// booking of the centre not erased starts at or after it, or is cancelled). That holds
// because a mark only ever moves to a time already due, in the past, and bookings are only
// made or moved to slots to come.
int erase_personal_data(Connection& db, UnixSeconds due_before, int limit, UnixSeconds now);

// Deletes at most `limit` outbox messages created before `created_before` (each holds a
// phone number or an e-mail address); returns how many. Inside the caller's transaction.
int forget_messages(Connection& db, UnixSeconds created_before, int limit);

// Copies the whole WAL into the database file and truncates the WAL to zero bytes, so
// page images written before an erasure are gone from disk too. Outside any transaction;
// false (and logged) when readers kept it from finishing.
bool truncate_wal(Connection& db);

}  // namespace mawid::server
