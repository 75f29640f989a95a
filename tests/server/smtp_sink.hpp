// A real SMTP server on loopback for the e-mail tests: aiosmtpd (Debian's python3-aiosmtpd)
// running tests/server/smtp_sink.py as a child process. It parses each message it receives
// with Python's email package and keeps what it found as JSON, one file a message; the
// first messages can be refused with planned SMTP replies (451, 550, ...).
#pragma once

#include <sys/types.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "support.hpp"

namespace mawid::test {

class SmtpSink {
public:
    // Starts the server on a free port and waits until it accepts connections. `answers`
    // are the replies to the first messages' DATA, in order; every later one gets 250.
    explicit SmtpSink(std::vector<std::string> answers = {});
    ~SmtpSink();
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;

    // "smtp://127.0.0.1:PORT", for --smtp.
    std::string url() const;
    // Every message received, refused ones included, in order (see smtp_sink.py's fields).
    std::vector<Json> received() const;
    // The received messages with this Message-ID.
    std::vector<Json> with_id(const std::string& message_id) const;
    // Waits until `n` messages have been received (true) or `seconds` pass (false).
    bool wait_for(std::size_t n, int seconds) const;

private:
    // Starts smtp_sink.py on port_: "" once it listens, else what it said as it exited.
    std::string start(const std::vector<std::string>& answers);

    TempDir folder_;
    int port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace mawid::test
