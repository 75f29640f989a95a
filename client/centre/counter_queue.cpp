#include "counter_queue.hpp"

#include <algorithm>

#include <mawid/booking.hpp>
#include <mawid/booking_code.hpp>
#include <mawid/codec.hpp>
#include <mawid/staff.hpp>

namespace mawid::client::staff {

namespace {

std::optional<CounterAction> action_of(const std::string& action) {
    if (action == "check-in") return CounterAction::check_in;
    if (action == "serve") return CounterAction::serve;
    if (action == "no-show") return CounterAction::no_show;
    return std::nullopt;
}

}  // namespace

bool CounterQueue::add(const std::string& typed_code, const std::string& action) {
    auto code = normalize_code(typed_code);
    if (!code || !is_valid_code(*code) || !action_of(action)) return false;
    QueuedAction item{*code, action};
    if (std::find(items_.begin(), items_.end(), item) == items_.end()) items_.push_back(item);
    return true;
}

void CounterQueue::pop_front() {
    if (!items_.empty()) items_.erase(items_.begin());
}

std::string CounterQueue::to_json() const {
    Json list = Json::array();
    for (const QueuedAction& a : items_) list.push_back({{"code", a.code}, {"action", a.action}});
    return list.dump();
}

void CounterQueue::load_json(const std::string& json) {
    items_.clear();
    Json list = Json::parse(json, nullptr, false);
    if (!list.is_array()) return;
    for (const Json& a : list) {
        if (!a.is_object()) continue;
        add(a.value("code", std::string()), a.value("action", std::string()));
    }
}

std::optional<std::string> predicted_status(const std::string& current, const std::string& action) {
    auto status = parse_status(current);
    auto act = action_of(action);
    if (!status || !act) return std::nullopt;
    auto next = apply_counter_action(*status, *act);
    if (!next.ok()) return std::nullopt;
    return std::string(status_name(next.value()));
}

void apply_queue(std::vector<DayBooking>& bookings, const CounterQueue& queue) {
    for (const QueuedAction& a : queue.items()) {
        for (DayBooking& b : bookings) {
            if (b.code != a.code) continue;
            if (auto next = predicted_status(b.status, a.action)) b.status = *next;
            b.queued = true;
        }
    }
}

}  // namespace mawid::client::staff
