// A SQLite VFS that hands the WAL's writes to the kernel in one call per transaction.
// SQLite writes each WAL frame as two calls (its header, then its page), so a batch of
// bookings that dirties a thousand pages costs two thousand system calls before its fsync.
// This VFS gathers contiguous writes to a WAL file in memory and writes them (in calls of
// 64 KiB) before anything that must see them: the fsync that makes a commit durable, a
// read, a truncation, a size check, a file control, a close, the publication of frames to
// readers (the shared memory's barrier) and the release of a lock (so bytes of a
// transaction rolled back never land later on another writer's frames). Every other file,
// and every other call, goes to the default VFS unchanged.
//
// Safe only with synchronous=FULL (the writer's setting, storage/store.cpp): then SQLite
// syncs the WAL at every COMMIT before it publishes the new frames to readers in the
// wal-index, so no reader, and no acknowledged booking, ever depends on bytes still here.
#pragma once

namespace mawid::server::sqlite {

// The VFS's name for sqlite3_open_v2, registered on first call.
const char* wal_buffer_vfs();

}  // namespace mawid::server::sqlite
