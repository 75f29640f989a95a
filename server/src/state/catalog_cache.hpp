// The catalogue in memory, shared by both APIs: the citizen API serves it, the staff API
// replaces it after an edit has committed.
#pragma once

#include <mawid/catalog.hpp>

#include <atomic>
#include <memory>
#include <string>

namespace mawid::server {

// The catalogue with its JSON answer ready to send and its ETag.
class CatalogCache {
public:
    struct State {
        Catalog catalog;
        std::string json;
        std::string etag;  // quoted, as sent in the ETag header
    };
    CatalogCache();
    std::shared_ptr<const State> get() const;
    void set(Catalog catalog);

private:
    // Read on every catalogue and availability request, replaced only when it changes.
    std::atomic<std::shared_ptr<const State>> state_;
};

}  // namespace mawid::server
