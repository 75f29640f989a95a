#include "storage/writer.hpp"

#include "http/json_responses.hpp"
#include "http/metrics.hpp"
#include "storage/citizen_store.hpp"
#include "storage/retention.hpp"

#include <mawid/codec.hpp>

#include <pthread.h>

#include <cstdio>
#include <vector>

namespace mawid::server {
namespace {

// A batch larger than this waits for the next transaction, which bounds the time the
// first request of a huge burst waits for its COMMIT.
constexpr std::size_t kMaxBatch = 2048;

void log_storage_error(const char* step, const std::exception& e) {
    std::fprintf(stderr, "writer: %s failed: %s\n", step, e.what());
}

std::int64_t steady_nanos() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Marks a transaction open for readiness (Writer::draining) while it lives.
class OpenMark {
public:
    explicit OpenMark(std::atomic<std::int64_t>& since) : since_(since) {
        since_.store(steady_nanos(), std::memory_order_relaxed);
    }
    ~OpenMark() { since_.store(0, std::memory_order_relaxed); }
    OpenMark(const OpenMark&) = delete;
    OpenMark& operator=(const OpenMark&) = delete;

private:
    std::atomic<std::int64_t>& since_;
};

}  // namespace

// A checkpoint is asked for once the WAL holds this many pages (about 32 MB). A storm
// rewrites the same index pages in transaction after transaction; a checkpoint copies each
// page once, however often it was rewritten, so waiting longer copies fewer pages per
// booking (measured: 1,000 pages, 117-122 us of server CPU per booking; 8,000, 104-109 us,
// docs/performance.md).
constexpr int kCheckpointFrames = 8000;
// After a checkpoint is asked for, the next waits until the WAL holds this many pages more.
// Under a storm a checkpoint never catches up with the writer, so without this wait every
// COMMIT past kCheckpointFrames asked for another, each copying only the few hundred pages
// of the last transactions: pages rewritten in transaction after transaction were copied
// again and again (measured: 67.5 us of server CPU per booking, against 60 with this wait,
// docs/performance.md).
constexpr int kCheckpointStep = 6000;
// Under a steady storm the background checkpoints never catch up completely, so SQLite
// never starts the WAL over and it grows without end (hundreds of MB in seconds; every
// commit then extends the file). Past this many pages (64 MB) the writer itself runs a
// RESTART checkpoint between two transactions: the next one writes the WAL from its start.
constexpr int kRestartFrames = 16384;
// A lost connection to the database server is tried again this often.
constexpr std::chrono::seconds kReconnectEvery{1};
// A WAL truncation that readers kept from finishing (SQLite), or a VACUUM that failed
// (PostgreSQL), is tried again this much later.
constexpr std::chrono::seconds kTruncateRetry{10};
// RESTART waits (in SQLite's busy handler) for every reader to leave the WAL. The server's own
// readers leave within milliseconds; a long reader, such as `--backup` copying a large
// database in one snapshot, would hold every commit up for the whole copy, up to the busy
// timeout (measured: 1.2 s on a 300 MB copy under a storm). Past this wait the checkpoint
// gives up as a PASSIVE one would, and a later commit tries again.
constexpr int kRestartWaitMs = 50;

Writer::Writer(std::unique_ptr<Connection> connection, const std::string& db_path,
               bool group_commit, Housekeeping housekeeping,
               std::chrono::seconds housekeeping_every)
    : db_path_(db_path),
      connection_(std::move(connection)),
      store_(std::make_unique<WriteStore>(*connection_)),
      group_commit_(group_commit),
      housekeeping_(std::move(housekeeping)),
      housekeeping_every_(housekeeping_every) {
    if (sqlite3* lite = connection_->sqlite_handle()) {
        // Replaces SQLite's automatic checkpoint, which would run inside the writer's COMMIT.
        // (PostgreSQL checkpoints by itself, off the commit path.)
        sqlite3_wal_hook(lite, &Writer::on_wal_commit, this);
        checkpoint_thread_ =
            std::thread([this, db = open_checkpoint_connection(db_path)]() mutable {
                checkpoint_loop(std::move(db));
            });
    } else if (housekeeping_) {
        // Old versions of rows erased before a stop or a crash may be left: the first round
        // of housekeeping asks for a VACUUM whether or not it erases anything.
        erased_copies_left_ = true;
        checkpoint_thread_ = std::thread([this] { vacuum_loop(); });
    }
    delivery_thread_ = std::thread([this] { delivery_loop(); });
    thread_ = std::thread([this] { run(); });
}

Writer::~Writer() {
    stop();
}

int Writer::on_wal_commit(void* self, sqlite3* db, const char*, int frames) {
    if (frames >= kRestartFrames) {
        // Called by SQLite after COMMIT, in the writer thread: the batch is already durable.
        sqlite3_busy_timeout(db, kRestartWaitMs);
        int rc =
            sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
        sqlite3_busy_timeout(db, kBusyTimeoutMs);
        if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
            std::fprintf(stderr, "writer: restart checkpoint failed: %s\n", sqlite3_errstr(rc));
        }
        return SQLITE_OK;
    }
    auto* writer = static_cast<Writer*>(self);
    if (frames < writer->frames_when_asked_) writer->frames_when_asked_ = 0;  // WAL started over
    if (frames >= kCheckpointFrames && frames - writer->frames_when_asked_ >= kCheckpointStep) {
        writer->frames_when_asked_ = frames;
        {
            std::lock_guard lock(writer->checkpoint_mutex_);
            writer->checkpoint_wanted_ = true;
        }
        writer->checkpoint_wake_.notify_one();
    }
    return SQLITE_OK;
}

void Writer::checkpoint_loop(std::unique_ptr<Connection> connection) {
    pthread_setname_np(pthread_self(), "mawid-checkpt");
    for (;;) {
        {
            std::unique_lock lock(checkpoint_mutex_);
            // Also every second: a quiet server still moves its last pages home.
            checkpoint_wake_.wait_for(lock, std::chrono::seconds(1), [this] {
                return checkpoint_wanted_ || checkpoint_stopping_;
            });
            if (checkpoint_stopping_) return;
            checkpoint_wanted_ = false;
        }
        try {
            // PASSIVE never blocks the writer or the readers; what it cannot copy now it
            // copies next time.
            connection->exec("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (const std::exception& e) {
            log_storage_error("checkpoint", e);
        }
    }
}

namespace {

// Sessions of this database whose snapshot began before `since` (PostgreSQL's own clock):
// VACUUM cannot remove a row version one of them may still see.
std::string older_snapshots_sql(const std::string& since) {
    return "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
           "AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL AND xact_start < '" +
           since + "'";
}

}  // namespace

void Writer::vacuum_loop() {
    pthread_setname_np(pthread_self(), "mawid-vacuum");
    // An UPDATE or DELETE leaves the row's old version, with its index entries, until
    // VACUUM; autovacuum waits for a fifth of a table to change, and may skip the indexes.
    constexpr const char* kVacuumErased =
        "VACUUM (INDEX_CLEANUP ON) bookings, outbox, walk_ins, verifications, citizen_sessions";
    std::unique_ptr<Connection> connection;
    // stop() may run again (the destructor calls it): it must not find a closed connection.
    struct Forget {
        Writer& writer;
        ~Forget() {
            std::lock_guard lock(writer.checkpoint_mutex_);
            writer.vacuum_connection_ = nullptr;
        }
    } forget{*this};
    // Waits `wait` unless the writer stops first; false when it stops.
    auto pause = [this](std::chrono::seconds wait) {
        std::unique_lock lock(checkpoint_mutex_);
        return !checkpoint_wake_.wait_for(lock, wait, [this] { return checkpoint_stopping_; });
    };
    for (;;) {
        {
            std::unique_lock lock(checkpoint_mutex_);
            checkpoint_wake_.wait(lock, [this] { return vacuum_wanted_ || checkpoint_stopping_; });
            if (checkpoint_stopping_) return;
            vacuum_wanted_ = false;  // a purge done while this VACUUM runs asks again
        }
        try {
            if (!connection) {
                auto made = std::make_unique<Connection>(db_path_, Connection::Mode::read_write);
                std::lock_guard lock(checkpoint_mutex_);
                connection = std::move(made);
                vacuum_connection_ = connection.get();  // stop() cancels what it runs
            }
            const std::string older = older_snapshots_sql(connection->query_text("SELECT now()"));
            while (connection->query_text(older.c_str()) != "0") {
                if (!pause(std::chrono::seconds(1))) return;
            }
            connection->exec(kVacuumErased);
            std::fprintf(stderr,
                         "retention: erased data is gone from PostgreSQL's rows and indexes\n");
        } catch (const std::exception& e) {
            {
                std::lock_guard lock(checkpoint_mutex_);
                if (checkpoint_stopping_) return;  // cancelled by stop()
                vacuum_connection_ = nullptr;
                vacuum_wanted_ = true;  // tried again a little later
            }
            connection.reset();
            log_storage_error("vacuum", e);
            if (!pause(kTruncateRetry)) return;
        }
    }
}

void Writer::submit(WriteJob job) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(job));
    }
    wake_.notify_one();
}

void Writer::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
    {
        std::lock_guard lock(delivery_mutex_);
        delivery_stopping_ = true;
    }
    delivery_wake_.notify_one();
    if (delivery_thread_.joinable()) delivery_thread_.join();
    {
        std::lock_guard lock(checkpoint_mutex_);
        checkpoint_stopping_ = true;
        // A VACUUM of a large table takes minutes: the next start asks for it again.
        if (vacuum_connection_) vacuum_connection_->cancel();
    }
    checkpoint_wake_.notify_one();
    if (checkpoint_thread_.joinable()) checkpoint_thread_.join();
}

bool Writer::draining(std::chrono::milliseconds limit) const {
    if (last_failed_.load(std::memory_order_relaxed)) return false;
    std::int64_t since = open_since_.load(std::memory_order_relaxed);
    return since == 0 || steady_nanos() - since <= std::chrono::nanoseconds(limit).count();
}

void Writer::probe() {
    if (probe_queued_.exchange(true)) return;
    submit(WriteJob{[this](WriteStore&) {
                        probe_queued_.store(false);
                        return HttpResponse{};
                    },
                    [](HttpResponse) {}});
}

std::optional<std::deque<WriteJob>> Writer::take_batch(
    std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    wake_.wait_until(lock, deadline, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_ && queue_.empty()) return std::nullopt;
    std::deque<WriteJob> batch;
    std::size_t limit = group_commit_ ? kMaxBatch : 1;
    while (!queue_.empty() && batch.size() < limit) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
    }
    return batch;
}

std::chrono::steady_clock::time_point Writer::run_housekeeping() {
    auto now = std::chrono::steady_clock::now();
    HousekeepingOutcome outcome;
    if (!connected()) return now + kReconnectEvery;
    try {
        OpenMark open(open_since_);
        Transaction transaction(*connection_);
        outcome = housekeeping_(*store_);
        store_->before_commit();
        transaction.commit();
        publish_citizen_session_changes();
    } catch (const std::exception& e) {
        publish_citizen_session_changes();
        log_storage_error("housekeeping", e);
        return now + housekeeping_every_;
    }
    erased_copies_left_ = erased_copies_left_ || outcome.erased;
    if (outcome.more) return now;
    if (erased_copies_left_ && connection_->engine() == Engine::postgresql) {
        erased_copies_left_ = false;
        {
            std::lock_guard lock(checkpoint_mutex_);
            vacuum_wanted_ = true;
        }
        checkpoint_wake_.notify_one();
    } else if (erased_copies_left_) {
        if (!truncate_wal(*connection_)) return now + kTruncateRetry;  // a reader held on
        erased_copies_left_ = false;
        std::fprintf(stderr, "retention: erased data is gone from the database file and WAL\n");
    }
    return now + housekeeping_every_;
}

void Writer::run() {
    pthread_setname_np(pthread_self(), "mawid-writer");
    auto next_housekeeping = std::chrono::steady_clock::now();
    for (;;) {
        if (housekeeping_ && std::chrono::steady_clock::now() >= next_housekeeping) {
            next_housekeeping = run_housekeeping();
        }
        auto deadline = housekeeping_ ? next_housekeeping
                                      : std::chrono::steady_clock::now() + std::chrono::hours(24);
        std::optional<std::deque<WriteJob>> batch = take_batch(deadline);
        if (!batch) break;             // stopping, and every queued job is done
        if (batch->empty()) continue;  // time for housekeeping
        auto started = std::chrono::steady_clock::now();
        jobs_done_ += batch->size();
        commit_batch(std::move(*batch));
        busy_ += std::chrono::steady_clock::now() - started;
    }
    // Leave a tidy SQLite file: everything in the main file, the WAL emptied.
    try {
        if (connection_ && connection_->engine() == Engine::sqlite) {
            connection_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    } catch (const std::exception& e) {
        log_storage_error("final checkpoint", e);
    }
    std::uint64_t transactions = generation_.load();
    if (transactions > 0) {
        using seconds = std::chrono::duration<double>;
        std::fprintf(stderr,
                     "writer: %llu requests in %llu transactions (%.1f per transaction), "
                     "busy %.2f s, of which COMMIT %.2f s\n",
                     static_cast<unsigned long long>(jobs_done_.load()),
                     static_cast<unsigned long long>(transactions),
                     static_cast<double>(jobs_done_.load()) / transactions, seconds(busy_).count(),
                     seconds(committing_).count());
    }
}

bool Writer::connected() {
    if (connection_ && !connection_->broken()) return true;
    auto now = std::chrono::steady_clock::now();
    if (now < next_reconnect_) return false;
    next_reconnect_ = now + kReconnectEvery;
    store_.reset();  // its statements go before their connection
    connection_.reset();
    try {
        connection_ = open_write_connection(db_path_);
        store_ = std::make_unique<WriteStore>(*connection_);
        std::fprintf(stderr, "writer: connected to the database again\n");
        return true;
    } catch (const std::exception& e) {
        store_.reset();
        connection_.reset();
        log_storage_error("reconnect", e);
        return false;
    }
}

void Writer::commit_batch(std::deque<WriteJob> batch) {
    std::vector<HttpResponse> answers;
    answers.reserve(batch.size());
    if (!connected()) {
        answers.assign(batch.size(),
                       failure_response(StorageError(StorageError::Kind::unavailable, "",
                                                     "no connection to the database")));
        fail_batch();
        return deliver(std::move(batch), std::move(answers));
    }
    try {
        OpenMark open(open_since_);
        if (!run_batch(batch, answers, /*savepoint_each=*/false)) {
            answers.clear();
            run_batch(batch, answers, /*savepoint_each=*/true);
        }
        last_failed_.store(false, std::memory_order_relaxed);
    } catch (const std::exception& e) {
        log_storage_error("commit", e);
        // A COMMIT lost with its connection may have happened: a client that retries with
        // its Idempotency-Key is then given the first answer, never a second booking.
        answers.assign(batch.size(), failure_response(e));
        fail_batch();
    }
    publish_citizen_session_changes();
    generation_.fetch_add(1, std::memory_order_release);
    deliver(std::move(batch), std::move(answers));
}

bool Writer::run_batch(std::deque<WriteJob>& batch, std::vector<HttpResponse>& answers,
                       bool savepoint_each) {
    Transaction transaction(*connection_);
    // Jobs run in the order they came. Until the first that may not run again, none has a
    // savepoint: rolling the whole transaction back then undoes only jobs that may run again.
    bool without_savepoints = !savepoint_each;
    for (WriteJob& job : batch) {
        without_savepoints = without_savepoints && job.may_run_again;
        if (without_savepoints) {
            try {
                answers.push_back(job.work(*store_));
            } catch (const std::exception& e) {
                if (connection_->broken()) throw;  // nothing would run again: every job fails
                std::fprintf(stderr,
                             "writer: request failed: %s (its batch runs again, a savepoint "
                             "per request)\n",
                             e.what());
                return false;  // the transaction's destructor rolls everything back
            }
            continue;
        }
        Savepoint savepoint(*connection_, "job");
        try {
            answers.push_back(job.work(*store_));
            savepoint.release();
        } catch (const std::exception& e) {
            // The savepoint's destructor undoes this job alone; the others go on.
            log_storage_error("request", e);
            answers.push_back(failure_response(e));
        }
    }
    store_->before_commit();
    auto commit_started = std::chrono::steady_clock::now();
    transaction.commit();
    auto commit_took = std::chrono::steady_clock::now() - commit_started;
    committing_ += commit_took;
    observe_writer_batch(batch.size(), commit_took);
    return true;
}

void Writer::fail_batch() {
    last_failed_.store(true, std::memory_order_relaxed);
    // A failed probe is not queued any more: the next /readyz queues another.
    probe_queued_.store(false);
}

void Writer::deliver(std::deque<WriteJob> batch, std::vector<HttpResponse> answers) {
    {
        std::lock_guard lock(delivery_mutex_);
        deliveries_.push_back(Delivery{std::move(batch), std::move(answers)});
    }
    delivery_wake_.notify_one();
}

void Writer::give_answers_through(AnswerRound round) {
    std::lock_guard lock(delivery_mutex_);
    answer_round_ = std::move(round);
}

void Writer::delivery_loop() {
    pthread_setname_np(pthread_self(), "mawid-deliver");
    for (;;) {
        std::deque<Delivery> ready;
        AnswerRound round;
        {
            std::unique_lock lock(delivery_mutex_);
            delivery_wake_.wait(lock,
                                [this] { return delivery_stopping_ || !deliveries_.empty(); });
            if (deliveries_.empty()) return;  // stopping, and everything was delivered
            ready.swap(deliveries_);
            round = answer_round_;
        }
        auto give_answers = [&ready] {
            for (Delivery& delivery : ready) {
                for (std::size_t i = 0; i < delivery.jobs.size(); ++i) {
                    try {
                        delivery.jobs[i].done(std::move(delivery.answers[i]));
                    } catch (const std::exception& e) {
                        log_storage_error("delivery", e);  // that client's connection is lost
                    }
                }
            }
        };
        if (round) {
            round(give_answers);
        } else {
            give_answers();
        }
    }
}

}  // namespace mawid::server
