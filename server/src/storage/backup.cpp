#include "storage/backup.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "storage/database.hpp"

namespace mawid::server {
namespace {

[[noreturn]] void fail_errno(const std::string& step) {
    throw std::runtime_error(step + ": " + std::strerror(errno));
}

bool exists(const std::string& path) {
    struct stat info {};
    return lstat(path.c_str(), &info) == 0;  // a dangling symbolic link counts too
}

void fsync_path(const std::string& path, int flags) {
    int fd = open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) fail_errno("open " + path);
    int rc = fsync(fd);
    int saved = errno;
    close(fd);
    errno = saved;
    if (rc != 0) fail_errno("fsync " + path);
}

// The temporary copy: a new file of its own beside `out` (so the final link stays on one
// file system), removed with whatever SQLite left beside it unless kept.
class PartialFile {
public:
    explicit PartialFile(const std::string& out) {
        std::vector<char> name(out.begin(), out.end());
        const std::string suffix = ".partial-XXXXXX";
        name.insert(name.end(), suffix.begin(), suffix.end());
        name.push_back('\0');
        int fd = mkstemp(name.data());
        if (fd < 0) fail_errno("create a temporary file beside " + out);
        close(fd);
        path_ = name.data();
    }
    ~PartialFile() {
        for (const char* extra : {"", "-journal", "-wal", "-shm"}) {
            unlink((path_ + extra).c_str());
        }
    }
    PartialFile(const PartialFile&) = delete;
    PartialFile& operator=(const PartialFile&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// Copies every page of `source` into `target` in one step, so in one read transaction.
//
// Why the backup API, in one step, rather than VACUUM INTO or a copy in slices: in WAL mode a
// read transaction is a consistent snapshot, and it never blocks the server's writer (nor does
// the writer block it), so bookings go on being committed while the copy runs. One step holds
// that snapshot for the shortest time a consistent copy can take: pages are copied as they
// are, where VACUUM INTO rebuilds every table and index row by row (several times slower, and
// meanwhile the WAL cannot be reset, so it grows). A copy in slices (backup_step(N)) lets go
// of the snapshot between slices and starts over whenever another process commits: under
// steady booking it would never finish.
void copy_snapshot(Connection& source, Connection& target) {
    sqlite3* to = target.sqlite_handle();
    sqlite3_backup* backup = sqlite3_backup_init(to, "main", source.sqlite_handle(), "main");
    if (!backup) throw std::runtime_error(sqlite3_errmsg(to));
    int step = sqlite3_backup_step(backup, -1);
    int finish = sqlite3_backup_finish(backup);
    if (step != SQLITE_DONE) {
        throw std::runtime_error(std::string("copying failed: ") + sqlite3_errstr(step));
    }
    if (finish != SQLITE_OK) throw std::runtime_error(sqlite3_errmsg(to));
}

// Makes the copy one self-contained file (not WAL), checks it, and reads what it holds.
BackupSummary check_copy(Connection& copy) {
    // The pages came with the live database's WAL flag; a rollback journal means the backup
    // is complete without any -wal or -shm beside it, and opens on a read-only medium. The
    // server turns WAL back on when it opens a restored copy.
    if (copy.query_text("PRAGMA journal_mode = DELETE") != "delete") {
        throw std::runtime_error("could not take the copy out of WAL mode");
    }
    if (copy.query_text("PRAGMA quick_check") != "ok") {
        throw std::runtime_error("the copy fails SQLite's quick_check");
    }
    BackupSummary summary;
    try {
        summary.schema_version = std::stoi(copy.query_text("SELECT version FROM schema_version"));
        summary.bookings = std::stoll(copy.query_text("SELECT count(*) FROM bookings"));
    } catch (const std::exception&) {
        throw std::runtime_error("the database is not a Mawid database");
    }
    return summary;
}

// Gives the finished copy its name. link(), not rename(): link never replaces a file, so a
// file that appeared at `out` during the copy is left alone.
void publish(const std::string& partial, const std::string& out) {
    if (link(partial.c_str(), out.c_str()) != 0) {
        if (errno == EEXIST) throw BackupTargetExists(out + " exists already");
        fail_errno("link " + out);
    }
    std::filesystem::path folder = std::filesystem::path(out).parent_path();
    fsync_path(folder.empty() ? "." : folder.string(), O_RDONLY | O_DIRECTORY);
}

}  // namespace

BackupSummary backup_database(const std::string& db_path, const std::string& out_path) {
    if (exists(out_path)) throw BackupTargetExists(out_path + " exists already");
    // Read-only: a missing database is an error here, never created empty.
    Connection source(db_path, Connection::Mode::read_only);
    PartialFile partial(out_path);
    BackupSummary summary;
    {
        Connection copy(partial.path(), Connection::Mode::read_write);
        copy_snapshot(source, copy);
        summary = check_copy(copy);
    }
    fsync_path(partial.path(), O_RDONLY);  // SQLite has synced; this makes sure of every byte
    publish(partial.path(), out_path);
    struct stat info {};
    if (stat(out_path.c_str(), &info) == 0)
        summary.bytes = static_cast<std::uint64_t>(info.st_size);
    summary.path = out_path;
    return summary;
}

}  // namespace mawid::server
