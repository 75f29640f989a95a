// Where messages go: an SMS gateway over HTTP (libcurl), or, without one, files in an
// outbox folder that a developer can read (their one-time code, their confirmation).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "messages/outbox_store.hpp"

namespace mawid::server {

struct OutgoingSms {
    std::int64_t id = 0;  // the outbox row: the gateway's idempotency key
    std::string to;       // E.164
    std::string body;
    std::string kind;  // for the folder's file names only
};

class MessageChannel {
public:
    virtual ~MessageChannel() = default;
    // One attempt; never throws.
    virtual DeliveryOutcome send(const OutgoingSms& sms) = 0;
    // Deletes what the channel itself keeps of messages older than `age` (real time).
    virtual void forget_older_than(std::chrono::seconds /*age*/) {}
};

// One file a message in `folder` (created if missing), written whole or not at all, owner
// only; files older than the retention time are deleted (they hold phone numbers).
std::unique_ptr<MessageChannel> outbox_folder(const std::string& folder);

// The common REST contract: POST {url}/Messages, form To, From, Body; HTTP Basic
// credentials `user:secret` (from MAWID_SMS_AUTH, never the command line); the header
// Idempotency-Key: mawid-<id>. 2xx accepted; 408, 429, 5xx, a timeout or a network failure
// retried; any other 4xx a permanent failure.
std::unique_ptr<MessageChannel> sms_gateway(const std::string& url, const std::string& from,
                                            const std::string& credentials);

}  // namespace mawid::server
