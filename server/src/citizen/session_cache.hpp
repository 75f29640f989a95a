// Citizen sessions recently read, kept per HTTP thread, so that a storm of bookings from
// signed-in citizens does not cost each request a read transaction on the database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/citizen_store.hpp"

namespace mawid::server {

struct CachedSession {
    CitizenSession session;
    std::uint64_t generation = 0;  // citizen_sessions_generation() before it was read
};

// The session stored under `hash` as it was read at most a second ago, and only while
// this server has ended or refused no session since; nullopt when it must be read again.
std::optional<CachedSession> cached_citizen_session(const std::string& hash);
// Remembers for the calling thread the session read under `hash`. Its generation is taken
// before the read, so a change this server made while the row was read makes it stale.
void keep_citizen_session(const std::string& hash, const CachedSession& cached);
// Records in the calling thread's copy (if any) that the session was just seen, without
// trusting that copy any longer than it already is.
void note_citizen_session_seen(const std::string& hash, UnixSeconds now);

}  // namespace mawid::server
