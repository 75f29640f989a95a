// Keeps the catalogue this server serves the same as the database's, whoever changed it:
// another server on the same PostgreSQL database, or `mawid-server import` run beside a
// running server. A change shows here within kWatchEvery.
#pragma once

#include <mawid/catalog.hpp>
#include <mawid/errors.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "state/catalog_cache.hpp"
#include "storage/store.hpp"
#include "storage/writer.hpp"

namespace mawid::server {

// How often the database's catalogue version is read: a change made elsewhere is served here
// within this time.
inline constexpr std::chrono::milliseconds kWatchEvery{250};

// The stored catalogue, parsed.
Result<Catalog> catalog_of(const StoredCatalog& stored);

class CatalogWatcher {
public:
    // Starts watching `db_path`; a catalogue read from it replaces the one in `cache`, and an
    // empty transaction through `writer` then ends the availability answers cached before.
    CatalogWatcher(std::string db_path, CatalogCache& cache, Writer& writer);
    ~CatalogWatcher();
    CatalogWatcher(const CatalogWatcher&) = delete;
    CatalogWatcher& operator=(const CatalogWatcher&) = delete;

private:
    void run();
    // Reads the stored version; the catalogue when it differs from `served`.
    std::optional<Catalog> changed_since(Connection& db, const std::string& served);

    const std::string db_path_;
    CatalogCache& cache_;
    Writer& writer_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace mawid::server
