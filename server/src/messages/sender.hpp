// The sender: its own thread, never the writer. It reads the due rows of the outbox on its
// own read-only connection, writes each message in the booking's language (an SMS text, or
// an e-mail's MIME message), hands it to its channel, and records the outcome through the writer (the one write connection). A message
// the gateway accepted but whose outcome was not yet recorded (kill -9) is sent again after
// a restart with the same idempotency key, so the gateway takes it once.
#pragma once

#include <mawid/strings.hpp>

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "messages/channels.hpp"
#include "state/catalog_cache.hpp"
#include "state/clock.hpp"
#include "storage/writer.hpp"

namespace mawid::server {

struct SenderOptions {
    int retry_seconds = 30;  // the first retry's delay; doubled each time, with jitter
    int max_attempts = 8;    // then the message is failed for good
    std::chrono::seconds retention{42 * 24 * 3600};  // what a channel keeps, kept this long
    std::string public_url;  // the citizen app's address, for links in messages
    int code_seconds = 300;  // a one-time code's life: one still unsent after it is dropped
    std::string mail_from = "noreply@mawid.bh";      // e-mails' From, and their Message-IDs' domain
};

// Where each channel's messages go (channels.hpp).
struct Channels {
    std::unique_ptr<MessageChannel> sms;
    std::unique_ptr<MessageChannel> email;
};

// Every translation table in `folder` (<tag>.json), by tag; throws when there is none.
std::map<std::string, Strings> load_translations(const std::string& folder);

class Sender {
public:
    Sender(const std::string& db_path, Writer& writer, const CatalogCache& catalog,
           std::map<std::string, Strings> tables, Channels channels, Clock clock,
           SenderOptions options);
    // Finishes the message in hand, then stops.
    ~Sender();
    Sender(const Sender&) = delete;
    Sender& operator=(const Sender&) = delete;

private:
    void run(std::string db_path);
    // True when the writer took many requests since the sender last looked: bookings are
    // storming, and the sender should pause between batches.
    bool storm(std::uint64_t jobs_done);
    // Sends what is due; false when nothing was.
    bool send_due(Connection& db, ReadStore& bookings);
    // The SMS text or the e-mail's MIME message; empty when the booking is gone.
    std::string text_of(const OutboxMessage& message, Connection& db, ReadStore& bookings) const;
    std::string ticket_text(const OutboxMessage& message, Connection& db) const;
    // The channel of a message's row; null for a channel this server has none of.
    MessageChannel* channel_of(const OutboxMessage& message) const;
    // The clock messages are due by: the server's, moving on in real time even when --now
    // fixes the booking rules' clock, so retries come due in tests too.
    UnixSeconds now() const;
    struct Attempt {
        OutboxMessage message;
        DeliveryOutcome outcome;
    };
    // Records a batch's outcomes in one writer job, and waits until they are committed.
    void record(const std::vector<Attempt>& attempts);
    // The messages of `due` this server may send now (claim_messages, through the writer).
    std::vector<OutboxMessage> claim(std::vector<OutboxMessage> due);
    // Runs `work` in the writer and waits for its COMMIT; throws when it failed (the
    // database could not be reached), so the loop tries again at its next poll.
    void write_and_wait(std::function<void(WriteStore&)> work);
    // Has the writer queue the reminders now due, and waits until they are committed.
    void queue_reminders();

    Writer& writer_;
    const CatalogCache& catalog_;
    std::map<std::string, Strings> tables_;
    Channels channels_;
    SenderOptions options_;
    std::uint64_t seen_jobs_ = 0;
    std::chrono::steady_clock::time_point seen_at_;
    UnixSeconds started_at_;
    std::chrono::steady_clock::time_point started_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace mawid::server
