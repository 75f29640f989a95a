// The catalogue in memory, shared by both APIs: the citizen API serves it, the staff API
// replaces it after an edit has committed.
#pragma once

#include <mawid/catalog.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "http/compression.hpp"

namespace mawid::server {

// The catalogue with its JSON answer ready to send: body, ETag (the version, quoted) and a
// gzip form made once per version by the first request that accepts it (set() runs on the
// writer thread after a commit, so it does not compress).
class CatalogCache {
public:
    struct State {
        Catalog catalog;
        std::shared_ptr<const PreparedAnswer> answer;
    };
    CatalogCache();
    std::shared_ptr<const State> get() const;
    void set(Catalog catalog);
    // Calls `newer` with the version served now, under the lock set() takes, and serves
    // what it returns instead: a change read from the database by one thread then never
    // overwrites a newer one another thread has set meanwhile.
    void refresh(
        const std::function<std::optional<Catalog>(const std::string& version)>& newer);

private:
    void replace(Catalog catalog);

    std::mutex replacing_;
    // Read on every catalogue and availability request, replaced only when it changes.
    std::atomic<std::shared_ptr<const State>> state_;
};

}  // namespace mawid::server
