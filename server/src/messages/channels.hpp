// Where messages go: an SMS gateway over HTTP and an SMTP server for e-mail (both through
// libcurl), or, without them, files in an outbox folder that a developer can read (their
// one-time code, their confirmation).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "messages/outbox_store.hpp"

namespace mawid::server {

struct OutgoingMessage {
    std::int64_t id = 0;          // the outbox row: the gateway's idempotency key
    std::string channel = "sms";  // "sms" or "email"
    std::string to;               // E.164 for an SMS, an address for an e-mail
    std::string body;             // the SMS text, or the whole MIME message of an e-mail
    std::string kind;             // for the folder's file names only
};

class MessageChannel {
public:
    virtual ~MessageChannel() = default;
    // One attempt; never throws.
    virtual DeliveryOutcome send(const OutgoingMessage& message) = 0;
    // Deletes what the channel itself keeps of messages older than `age` (real time).
    virtual void forget_older_than(std::chrono::seconds /*age*/) {}
};

// One file a message in `folder` (created if missing), written whole or not at all, owner
// only: <id>-<kind>.txt for an SMS, <id>-<kind>.eml (the MIME message as sent) for an
// e-mail. Files older than the retention time are deleted (they hold numbers, addresses).
std::unique_ptr<MessageChannel> outbox_folder(const std::string& folder);

// The common REST contract: POST {url}/Messages, form To, From, Body; HTTP Basic
// credentials `user:secret` (from MAWID_SMS_AUTH, never the command line); the header
// Idempotency-Key: mawid-<id>. 2xx accepted; 408, 429, 5xx, a timeout or a network failure
// retried; any other 4xx a permanent failure.
std::unique_ptr<MessageChannel> sms_gateway(const std::string& url, const std::string& from,
                                            const std::string& credentials);

// SMTP through libcurl to `url` (smtp://host:port, or smtps://), envelope sender `from`;
// credentials `user:secret` (from MAWID_SMTP_AUTH, never the command line), which are sent
// only over TLS (STARTTLS required on smtp://). Accepted when the server takes the message;
// a 4xx reply, a timeout or a network failure retried; a 5xx reply a permanent failure.
std::unique_ptr<MessageChannel> smtp_server(const std::string& url, const std::string& from,
                                            const std::string& credentials);

}  // namespace mawid::server
