// How many connections the server holds open, in all and per client address. A client that
// opens connections and sends nothing must not use up the server's file descriptors and lock
// everyone else out. Beast-free; thread-safe.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace mawid::server {

class ConnectionLimits {
public:
    ConnectionLimits(std::size_t total, std::size_t per_client)
        : total_(total), per_client_(per_client) {}

    // Counts a new connection from `client`; false (nothing counted) when either cap is
    // reached.
    bool admit(const std::string& client);
    // A connection admitted for `client` has closed.
    void release(const std::string& client);

private:
    std::mutex mutex_;
    std::size_t total_;
    std::size_t per_client_;
    std::size_t open_ = 0;
    std::unordered_map<std::string, std::size_t> by_client_;
};

// Raises this process's soft limit on open files to its hard limit (the soft one is often
// 1,024); returns the limit now in force.
std::size_t raise_open_files_limit();

// The connection cap to use under `open_files`: what the configuration asks for, but always
// leaving room for the database, logs and static files.
std::size_t connection_cap(std::size_t configured, std::size_t open_files);

}  // namespace mawid::server
