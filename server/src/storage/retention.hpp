// Retention: a booking's personal fields (CPR, phone) are erased once its appointment, or
// an earlier cancellation, is older than --retention-days. The row stays, with its code as
// a reference that leads to no one, so reports and the audit trail still count it. Erased
// bytes are really gone: the write connection runs with secure_delete (freed space is
// overwritten with zeros), and the WAL that still held the old pages is truncated.
#pragma once

#include <mawid/civil_time.hpp>

#include "storage/sqlite.hpp"

namespace mawid::server {

// Erases the CPR and phone of at most `limit` bookings due before `due_before` (appointment
// time, or cancellation time if earlier), oldest first; returns how many. Inside the
// caller's transaction.
int erase_personal_data(Connection& db, UnixSeconds due_before, int limit, UnixSeconds now);

// Copies the whole WAL into the database file and truncates the WAL to zero bytes, so
// page images written before an erasure are gone from disk too. Outside any transaction;
// false (and logged) when readers kept it from finishing.
bool truncate_wal(Connection& db);

}  // namespace mawid::server
