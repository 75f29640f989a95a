// A stand-in SMS gateway on loopback for the message tests: it speaks the REST contract
// mawid-server uses (POST /Messages, a form with To, From and Body, HTTP Basic, an
// Idempotency-Key), records what it receives, and answers as a test tells it: accept, fail
// with a status, or take the message but hold the answer until told to let go (to kill the
// server between the gateway's acceptance and its record of it).
// Like a real gateway it takes a message once per Idempotency-Key.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mawid::test {

struct GatewayRequest {
    std::string key;  // the Idempotency-Key header
    std::string authorization;
    std::map<std::string, std::string> form;  // To, From, Body, decoded
};

class StandInGateway {
public:
    static constexpr int kHold = 0;  // a planned answer: take the message, hold the 201 back

    StandInGateway();
    ~StandInGateway();

    // "http://127.0.0.1:PORT", for --sms-gateway.
    std::string url() const;
    // The answers to the next requests, in order; after them every request gets 201.
    void plan(std::vector<int> statuses);
    // Answers every held request with 201 (accepted), as if the network came back.
    void release();

    // Every request received, in order (repeats included).
    std::vector<GatewayRequest> requests();
    // The messages taken: one per Idempotency-Key answered 2xx.
    std::vector<GatewayRequest> accepted();
    // Waits until `n` messages are taken (true) or `seconds` pass (false).
    bool wait_for_accepted(std::size_t n, int seconds);
    // Waits until `n` requests have arrived (true) or `seconds` pass (false).
    bool wait_for_requests(std::size_t n, int seconds);

private:
    void serve();
    void answer(int fd);

    int listener_ = -1;
    int port_ = 0;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<int> plan_;
    std::vector<GatewayRequest> requests_;
    std::map<std::string, GatewayRequest> accepted_;
    std::vector<std::string> accepted_order_;
    bool released_ = false;
    bool stopping_ = false;
    std::vector<std::thread> workers_;
    std::thread acceptor_;
};

}  // namespace mawid::test
