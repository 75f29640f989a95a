// The catalogue in memory, shared by both APIs: the citizen API serves it, the staff API
// replaces it after an edit has committed.
#pragma once

#include <mawid/catalog.hpp>

#include <atomic>
#include <memory>
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

private:
    // Read on every catalogue and availability request, replaced only when it changes.
    std::atomic<std::shared_ptr<const State>> state_;
};

}  // namespace mawid::server
