#include "writer.hpp"

#include <mawid/codec.hpp>

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

}  // namespace

HttpResponse internal_error_response() {
    HttpResponse response;
    response.status = 500;
    response.body = error_to_json(make_error(ErrorCode::internal_error)).dump();
    return response;
}

Writer::Writer(std::unique_ptr<Connection> connection, bool group_commit)
    : connection_(std::move(connection)),
      store_(*connection_),
      group_commit_(group_commit),
      thread_([this] { run(); }) {}

Writer::~Writer() { stop(); }

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
}

std::deque<WriteJob> Writer::take_batch() {
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    std::deque<WriteJob> batch;
    std::size_t limit = group_commit_ ? kMaxBatch : 1;
    while (!queue_.empty() && batch.size() < limit) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
    }
    return batch;
}

void Writer::run() {
    for (;;) {
        std::deque<WriteJob> batch = take_batch();
        if (batch.empty()) return;  // stopping and nothing left
        commit_batch(batch);
    }
}

void Writer::commit_batch(std::deque<WriteJob>& batch) {
    std::vector<HttpResponse> answers;
    answers.reserve(batch.size());
    try {
        Transaction transaction(*connection_);
        for (WriteJob& job : batch) {
            Savepoint savepoint(*connection_, "job");
            try {
                answers.push_back(job.work(store_));
                savepoint.release();
            } catch (const std::exception& e) {
                // The savepoint's destructor undoes this job alone; the others go on.
                log_storage_error("request", e);
                answers.push_back(internal_error_response());
            }
        }
        transaction.commit();
    } catch (const std::exception& e) {
        log_storage_error("commit", e);
        answers.assign(batch.size(), internal_error_response());
    }
    generation_.fetch_add(1, std::memory_order_release);
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(std::move(answers[i]));
}

}  // namespace mawid::server
