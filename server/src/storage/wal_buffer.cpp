#include "storage/wal_buffer.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <mutex>
#include <new>
#include <string>

namespace mawid::server::sqlite {
namespace {

constexpr const char* kName = "mawid-wal-buffer";
// Past this many bytes gathered, they are written at once (a transaction larger than this
// writes in pieces of this size).
constexpr std::size_t kMostBuffered = 4 * 1024 * 1024;
// The default VFS writes at most 128 KiB in one call (it masks larger counts), so the
// gathered bytes go in calls of this size: one call for sixteen frames instead of 32.
constexpr std::size_t kMostPerCall = 64 * 1024;

sqlite3_vfs* g_default = nullptr;

// A file of the default VFS (`real`, allocated right after this struct) and, for a WAL,
// the writes not yet handed to it. A database file and its WAL know each other: SQLite
// publishes frames and releases its locks through the database file's shared memory.
struct BufferedFile {
    sqlite3_file base;
    sqlite3_file* real;
    bool wal;              // its writes are gathered
    std::string* pending;  // contiguous bytes to write at pending_offset
    sqlite3_int64 pending_offset;
    BufferedFile* peer;  // a database's open WAL, or a WAL's database
};

BufferedFile* buffered(sqlite3_file* file) {
    return reinterpret_cast<BufferedFile*>(file);
}

int flush(BufferedFile* f) {
    if (!f->pending || f->pending->empty()) return SQLITE_OK;
    int rc = SQLITE_OK;
    for (std::size_t done = 0; rc == SQLITE_OK && done < f->pending->size(); done += kMostPerCall) {
        const std::size_t part = std::min(kMostPerCall, f->pending->size() - done);
        rc = f->real->pMethods->xWrite(f->real, f->pending->data() + done, static_cast<int>(part),
                                       f->pending_offset + static_cast<sqlite3_int64>(done));
    }
    f->pending->clear();
    return rc;
}

// Writes what the WAL of database file `db` holds back, if anything.
int flush_wal_of(BufferedFile* db) {
    return db->peer ? flush(db->peer) : SQLITE_OK;
}

int x_close(sqlite3_file* file) {
    BufferedFile* f = buffered(file);
    int flushed = flush(f);
    if (f->peer) f->peer->peer = nullptr;
    int rc = f->real->pMethods ? f->real->pMethods->xClose(f->real) : SQLITE_OK;
    delete f->pending;
    f->pending = nullptr;
    return flushed != SQLITE_OK ? flushed : rc;
}

int x_read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
    BufferedFile* f = buffered(file);
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
    return f->real->pMethods->xRead(f->real, out, amount, offset);
}

int x_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
    BufferedFile* f = buffered(file);
    if (!f->wal) return f->real->pMethods->xWrite(f->real, data, amount, offset);
    const auto end = f->pending_offset + static_cast<sqlite3_int64>(f->pending->size());
    const bool follows = !f->pending->empty() && offset == end;
    if (!follows) {
        if (int rc = flush(f); rc != SQLITE_OK) return rc;
        f->pending_offset = offset;
    }
    try {
        f->pending->append(static_cast<const char*>(data), static_cast<std::size_t>(amount));
    } catch (const std::bad_alloc&) {
        // No exception may cross SQLite's C frames; write what is held, then this directly.
        if (int rc = flush(f); rc != SQLITE_OK) return rc;
        return f->real->pMethods->xWrite(f->real, data, amount, offset);
    }
    return f->pending->size() >= kMostBuffered ? flush(f) : SQLITE_OK;
}

int x_truncate(sqlite3_file* file, sqlite3_int64 size) {
    BufferedFile* f = buffered(file);
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
    return f->real->pMethods->xTruncate(f->real, size);
}

int x_sync(sqlite3_file* file, int flags) {
    BufferedFile* f = buffered(file);
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
    return f->real->pMethods->xSync(f->real, flags);
}

int x_file_size(sqlite3_file* file, sqlite3_int64* size) {
    BufferedFile* f = buffered(file);
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
    return f->real->pMethods->xFileSize(f->real, size);
}

int x_lock(sqlite3_file* file, int level) {
    BufferedFile* f = buffered(file);
    return f->real->pMethods->xLock(f->real, level);
}

int x_unlock(sqlite3_file* file, int level) {
    BufferedFile* f = buffered(file);
    return f->real->pMethods->xUnlock(f->real, level);
}

int x_check_reserved_lock(sqlite3_file* file, int* out) {
    BufferedFile* f = buffered(file);
    return f->real->pMethods->xCheckReservedLock(f->real, out);
}

int x_file_control(sqlite3_file* file, int op, void* arg) {
    BufferedFile* f = buffered(file);
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
    return f->real->pMethods->xFileControl(f->real, op, arg);
}

int x_sector_size(sqlite3_file* file) {
    BufferedFile* f = buffered(file);
    return f->real->pMethods->xSectorSize(f->real);
}

int x_device_characteristics(sqlite3_file* file) {
    BufferedFile* f = buffered(file);
    return f->real->pMethods->xDeviceCharacteristics(f->real);
}

int x_shm_map(sqlite3_file* file, int page, int size, int extend, void volatile** out) {
    BufferedFile* f = buffered(file);
    return f->real->pMethods->xShmMap(f->real, page, size, extend, out);
}

int x_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
    BufferedFile* f = buffered(file);
    // Nothing held back outlives a lock: frames of a transaction that spilled and then
    // rolled back are written while this connection still holds the write lock, so they
    // can never land on another writer's frames later.
    const int flushed = (flags & SQLITE_SHM_UNLOCK) ? flush_wal_of(f) : SQLITE_OK;
    const int rc = f->real->pMethods->xShmLock(f->real, offset, n, flags);
    return rc != SQLITE_OK ? rc : flushed;
}

void x_shm_barrier(sqlite3_file* file) {
    BufferedFile* f = buffered(file);
    // SQLite publishes new frames to readers between two barriers; they are in the file
    // first. (After a commit's sync nothing is held back; this is the safety net.)
    flush_wal_of(f);
    f->real->pMethods->xShmBarrier(f->real);
}

int x_shm_unmap(sqlite3_file* file, int delete_flag) {
    BufferedFile* f = buffered(file);
    return f->real->pMethods->xShmUnmap(f->real, delete_flag);
}

int x_fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
    BufferedFile* f = buffered(file);
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
    return f->real->pMethods->xFetch(f->real, offset, amount, out);
}

int x_unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
    BufferedFile* f = buffered(file);
    return f->real->pMethods->xUnfetch(f->real, offset, page);
}

const sqlite3_io_methods kMethods = {
    .iVersion = 3,
    .xClose = x_close,
    .xRead = x_read,
    .xWrite = x_write,
    .xTruncate = x_truncate,
    .xSync = x_sync,
    .xFileSize = x_file_size,
    .xLock = x_lock,
    .xUnlock = x_unlock,
    .xCheckReservedLock = x_check_reserved_lock,
    .xFileControl = x_file_control,
    .xSectorSize = x_sector_size,
    .xDeviceCharacteristics = x_device_characteristics,
    .xShmMap = x_shm_map,
    .xShmLock = x_shm_lock,
    .xShmBarrier = x_shm_barrier,
    .xShmUnmap = x_shm_unmap,
    .xFetch = x_fetch,
    .xUnfetch = x_unfetch,
};

int x_open(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
    BufferedFile* f = buffered(file);
    f->real = reinterpret_cast<sqlite3_file*>(f + 1);
    f->real->pMethods = nullptr;
    f->wal = (flags & SQLITE_OPEN_WAL) != 0;
    f->pending = nullptr;
    f->pending_offset = 0;
    f->peer = nullptr;
    int rc = g_default->xOpen(g_default, name, f->real, flags, out_flags);
    // SQLite calls xClose after a failed open only when pMethods is set.
    file->pMethods = f->real->pMethods ? &kMethods : nullptr;
    if (rc == SQLITE_OK) f->pending = new (std::nothrow) std::string();
    if (rc == SQLITE_OK && !f->pending) {
        f->real->pMethods->xClose(f->real);
        file->pMethods = nullptr;
        return SQLITE_NOMEM;
    }
    if (rc == SQLITE_OK && f->wal) {
        // Without powersafe overwrite SQLite pads commits to a sector and writes part of a
        // frame after its sync: such a WAL is written as SQLite asks, call by call.
        const int device = f->real->pMethods->xDeviceCharacteristics(f->real);
        f->wal = (device & SQLITE_IOCAP_POWERSAFE_OVERWRITE) != 0;
        BufferedFile* db = buffered(sqlite3_database_file_object(name));
        f->peer = db;
        db->peer = f;
    }
    return rc;
}

// The rest of the VFS (names, randomness, time, sleep...) is the default one's.
sqlite3_vfs g_vfs;

}  // namespace

const char* wal_buffer_vfs() {
    static std::once_flag once;
    std::call_once(once, [] {
        g_default = sqlite3_vfs_find(nullptr);
        g_vfs = *g_default;
        g_vfs.pNext = nullptr;
        g_vfs.zName = kName;
        g_vfs.szOsFile = static_cast<int>(sizeof(BufferedFile)) + g_default->szOsFile;
        g_vfs.xOpen = x_open;
        sqlite3_vfs_register(&g_vfs, /*makeDflt=*/0);
    });
    return kName;
}

}  // namespace mawid::server::sqlite
