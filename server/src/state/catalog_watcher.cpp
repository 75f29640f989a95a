#include "state/catalog_watcher.hpp"

#include <mawid/codec.hpp>

#include <pthread.h>

#include <cstdio>

namespace mawid::server {

Result<Catalog> catalog_of(const StoredCatalog& stored) {
    auto json = parse_json(stored.json);
    return json ? catalog_from_json(*json) : Result<Catalog>(json.error());
}

CatalogWatcher::CatalogWatcher(std::string db_path, CatalogCache& cache, Writer& writer)
    : db_path_(std::move(db_path)), cache_(cache), writer_(writer) {
    thread_ = std::thread([this] { run(); });
}

CatalogWatcher::~CatalogWatcher() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

std::optional<Catalog> CatalogWatcher::changed_since(Connection& db, const std::string& served) {
    StatementUse version(db.cached("SELECT version FROM catalog WHERE id = 1"));
    if (!version->step() || version->column_text(0) == served) return std::nullopt;
    StatementUse whole(db.cached("SELECT version, json FROM catalog WHERE id = 1"));
    if (!whole->step()) return std::nullopt;
    auto catalog = catalog_of(StoredCatalog{whole->column_text(0), whole->column_text(1)});
    if (!catalog) {
        // Every writer validates before storing; keep serving the last good one.
        std::fprintf(stderr, "catalog: the stored catalogue is invalid: %s\n",
                     catalog.error().message.c_str());
        return std::nullopt;
    }
    return std::move(catalog).value();
}

void CatalogWatcher::run() {
    pthread_setname_np(pthread_self(), "mawid-catalog");
    std::unique_ptr<Connection> db;
    bool failing = false;  // logged once per outage, not four times a second
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            if (wake_.wait_for(lock, kWatchEvery, [this] { return stopping_; })) return;
        }
        try {
            if (!db || db->broken()) db = open_read_connection(db_path_);
            bool replaced = false;
            cache_.refresh([&](const std::string& served) {
                auto catalog = changed_since(*db, served);
                replaced = catalog.has_value();
                return catalog;
            });
            if (replaced) {
                std::fprintf(stderr, "catalog: version %s, changed in the database\n",
                             cache_.get()->catalog.version.c_str());
                // Availability answers are cached per writer generation: a commit ends
                // those made from the old catalogue.
                writer_.probe();
            }
            failing = false;
        } catch (const std::exception& e) {
            if (!failing) std::fprintf(stderr, "catalog: cannot read the database: %s\n", e.what());
            failing = true;
        }
    }
}

}  // namespace mawid::server
