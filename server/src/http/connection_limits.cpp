#include "http/connection_limits.hpp"

#include <sys/resource.h>

#include <algorithm>

namespace mawid::server {

bool ConnectionLimits::admit(const std::string& client) {
    std::lock_guard lock(mutex_);
    std::size_t& mine = by_client_[client];
    if (open_ >= total_ || mine >= per_client_) {
        if (mine == 0) by_client_.erase(client);
        return false;
    }
    ++mine;
    ++open_;
    return true;
}

void ConnectionLimits::release(const std::string& client) {
    std::lock_guard lock(mutex_);
    auto it = by_client_.find(client);
    if (it == by_client_.end()) return;
    if (--it->second == 0) by_client_.erase(it);
    --open_;
}

std::size_t raise_open_files_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    return static_cast<std::size_t>(limit.rlim_cur);
}

std::size_t connection_cap(std::size_t configured, std::size_t open_files) {
    constexpr std::size_t kReserved = 256;  // SQLite files, logs, static files, the listener
    std::size_t room = open_files > 2 * kReserved ? open_files - kReserved : open_files / 2;
    return std::min(configured, room);
}

}  // namespace mawid::server
