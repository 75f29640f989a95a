// The single writer: one thread owns the write connection. Requests that change data
// are queued to it; it takes everything waiting into one BEGIN IMMEDIATE ... COMMIT
// (group commit), gives each request its own SAVEPOINT so one failure does not undo the
// others (bookings at a batch's head run without one, and it runs again if one fails:
// WriteJob), and
// answers each request only after COMMIT has returned: on disk.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "http/http_types.hpp"
#include "storage/store.hpp"

namespace mawid::server {

struct WriteJob {
    // Runs inside the shared transaction; its statements are all or nothing (see
    // may_run_again). May throw StorageError.
    std::function<HttpResponse(WriteStore&)> work;
    // Receives the answer after COMMIT (or a 500 if the transaction failed).
    Responder done;
    // False: `work` runs within a savepoint of its own, rolled back if it throws. True:
    // running `work` again after its transaction was rolled back does no harm (outside the
    // database it only counts and marks caches stale). At the head of a batch such jobs run
    // without savepoints, which spares SQLite a copy of every page they touch; if one
    // throws, the whole transaction is rolled back and the batch runs again with a savepoint
    // per job.
    bool may_run_again = false;
};

// What a round of housekeeping asks of the writer once it has committed.
struct HousekeepingOutcome {
    bool more = false;    // it stopped at a batch limit: run again right after waiting jobs
    // It erased or deleted personal data: once erasing is done, clear the old copies
    // (SQLite: truncate the WAL; PostgreSQL: VACUUM the old row versions).
    bool erased = false;
};
using Housekeeping = std::function<HousekeepingOutcome(WriteStore&)>;
// Runs `give_answers`, which calls the `done` of a round of committed jobs: the server sends
// what they answer with one hand-off to each network thread (answer_together,
// http/http_server.hpp), instead of one per answer.
using AnswerRound = std::function<void(const std::function<void()>& give_answers)>;

class Writer {
public:
    // group_commit = false runs one transaction per request: the baseline for benchmarks.
    // `db_path` is opened once more by the checkpointer thread, and again by the writer when
    // its connection to a PostgreSQL server was lost. `housekeeping`, if set, runs
    // in its own transaction when the writer starts and then every `housekeeping_every`, or
    // again between two batches of jobs while it says there is more: a long purge never
    // holds bookings back for more than one round.
    Writer(std::unique_ptr<Connection> connection, const std::string& db_path, bool group_commit,
           Housekeeping housekeeping = {},
           std::chrono::seconds housekeeping_every = std::chrono::hours(1));
    ~Writer();
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    void submit(WriteJob job);
    // How the delivery thread gives its rounds of answers from now on (by default, one by
    // one).
    void give_answers_through(AnswerRound round);
    // Counts finished transactions; a cached read made at generation g is stale once this
    // has moved past g.
    std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
    // Counts requests taken through a transaction: how busy writing is, for the sender.
    std::uint64_t jobs_done() const { return jobs_done_.load(std::memory_order_relaxed); }
    // Finishes every queued job, then stops the thread. Idempotent.
    void stop();
    // For /readyz: false while a transaction has been open longer than `limit` (the writer
    // waits on a lock or a disk) or since the last transaction failed.
    bool draining(std::chrono::milliseconds limit) const;
    // Queues an empty transaction unless one is already queued: an idle writer proves it can
    // still take the write lock, and a failed one that it has recovered.
    void probe();

private:
    void run();
    // One round; returns when the next one is due.
    std::chrono::steady_clock::time_point run_housekeeping();
    // Copies committed pages from the WAL into the database file on its own thread and
    // connection, so the writer's transactions do not pay for checkpoints.
    void checkpoint_loop(std::unique_ptr<Connection> connection);
    // On PostgreSQL, removes the old versions of erased rows after a purge (VACUUM), on its
    // own thread and connection, so bookings never wait for it.
    void vacuum_loop();
    static int on_wal_commit(void* self, sqlite3* db, const char* name, int frames);
    // Hands a committed batch's answers to the delivery thread, which calls each `done`:
    // waking a hundred sessions takes time the writer can spend on the next transaction.
    void deliver(std::deque<WriteJob> batch, std::vector<HttpResponse> answers);
    void delivery_loop();
    // The jobs waiting (at most one without group commit), once there are any or at
    // `deadline`; nullopt when stopping with nothing left to do.
    std::optional<std::deque<WriteJob>> take_batch(std::chrono::steady_clock::time_point deadline);
    void commit_batch(std::deque<WriteJob> batch);
    // Runs the batch in one transaction and commits it. With `savepoint_each` false, the jobs
    // that may run again at its head run without savepoints; returns false, rolled back, if
    // one of them threw (it rethrows when the connection was lost: nothing could run).
    bool run_batch(std::deque<WriteJob>& batch, std::vector<HttpResponse>& answers,
                   bool savepoint_each);
    // True when the connection is usable: a lost one (the database server restarted or
    // cannot be reached) is replaced, at most once per kReconnectEvery; until then batches
    // are answered 503 at once rather than left to wait.
    bool connected();
    // Marks the last transaction failed, for readiness.
    void fail_batch();

    const std::string db_path_;
    std::unique_ptr<Connection> connection_;
    std::unique_ptr<WriteStore> store_;
    std::chrono::steady_clock::time_point next_reconnect_{};
    const bool group_commit_;
    Housekeeping housekeeping_;
    std::chrono::seconds housekeeping_every_;
    // Erased personal data may still be in old copies: SQLite's WAL (old page images) or
    // PostgreSQL's old row versions and their index entries.
    bool erased_copies_left_ = false;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<WriteJob> queue_;
    bool stopping_ = false;
    std::atomic<std::uint64_t> generation_{0};
    // Readiness, read by any thread: when the open transaction began (steady clock, in
    // nanoseconds; 0 when none is open), whether the last one failed, and a probe queued.
    std::atomic<std::int64_t> open_since_{0};
    std::atomic<bool> last_failed_{false};
    std::atomic<bool> probe_queued_{false};
    // For the sender and the shutdown summary (how well group commit grouped).
    std::atomic<std::uint64_t> jobs_done_{0};
    std::chrono::steady_clock::duration busy_{};
    std::chrono::steady_clock::duration committing_{};
    std::thread thread_;

    struct Delivery {
        std::deque<WriteJob> jobs;
        std::vector<HttpResponse> answers;
    };
    std::mutex delivery_mutex_;
    std::condition_variable delivery_wake_;
    std::deque<Delivery> deliveries_;
    AnswerRound answer_round_;
    bool delivery_stopping_ = false;
    std::thread delivery_thread_;

    std::mutex checkpoint_mutex_;
    std::condition_variable checkpoint_wake_;
    bool checkpoint_wanted_ = false;
    bool vacuum_wanted_ = false;
    Connection* vacuum_connection_ = nullptr;  // the vacuum thread's, while it has one
    // The WAL's size in pages when a checkpoint was last asked for (the writer thread's only).
    int frames_when_asked_ = 0;
    bool checkpoint_stopping_ = false;
    std::thread checkpoint_thread_;
};

}  // namespace mawid::server
