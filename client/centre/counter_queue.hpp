// Counter actions (check-in, served, no-show) waiting on this device to be sent.
// Every action goes through the queue, online or not: it is saved first, shown at once,
// and sent in order when the network allows. The server's actions are idempotent, so a
// resend after a lost answer changes nothing; a booking cancelled meanwhile comes back
// 409 not_active and is reported, never overwritten.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "staff_api.hpp"

namespace mawid::client::staff {

// "check-in" | "serve" | "no-show": the last part of the action's URL.
struct QueuedAction {
    std::string code;  // normalised
    std::string action;
    friend bool operator==(const QueuedAction&, const QueuedAction&) = default;
};

class CounterQueue {
public:
    // False (nothing queued) for a mistyped code or an unknown action. The same action on
    // the same code twice is queued once.
    bool add(const std::string& typed_code, const std::string& action);
    bool empty() const { return items_.empty(); }
    size_t size() const { return items_.size(); }
    const QueuedAction& front() const { return items_.front(); }
    void pop_front();
    const std::vector<QueuedAction>& items() const { return items_; }

    std::string to_json() const;
    void load_json(const std::string& json);  // an unreadable value leaves the queue empty

private:
    std::vector<QueuedAction> items_;
};

// The status a booking will have once `action` is done, by shared/'s rule; nullopt when
// the rule refuses (cancelled, or no-show after check-in).
std::optional<std::string> predicted_status(const std::string& current, const std::string& action);

// Shows the queued actions on a day list: statuses as predicted, bookings marked queued.
void apply_queue(std::vector<DayBooking>& bookings, const CounterQueue& queue);

}  // namespace mawid::client::staff
