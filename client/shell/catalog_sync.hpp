// The one catalogue sync of the page: the copy kept in IndexedDB is shown at once, then
// refreshed from the server (If-None-Match), and kept again when it changed.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <mawid/catalog.hpp>

#include "router.hpp"

namespace mawid::client {

class CatalogSync : public Asker {
public:
    CatalogSync(Router& router, std::function<void()> changed)
        : router_(router), changed_(std::move(changed)) {}

    void start();    // reads the kept copy, then asks the server
    void refresh();  // asks the server again (a schedule changed, the network is back)
    // Refreshes only when the last attempt failed.
    void retry() {
        if (refresh_failed || failed) refresh();
    }

    std::optional<Catalog> catalog;
    double as_of_ms = 0;
    bool from_cache = false;
    bool failed = false;          // nothing to show: no copy kept and no answer
    bool refresh_failed = false;  // showing the copy kept on this device

    void answer(int request, const Answer& answer) override;
    void stored(int request, std::optional<std::string> value) override;

private:
    // Parses and reads a catalogue's JSON in two tasks after this one (each takes tens of
    // ms on a phone), then calls `use` with it, or with nothing when it is not one. A reading
    // overtaken by a newer one is dropped.
    void read_soon(std::string json, std::function<void(std::optional<Catalog>)> use);
    void missed();  // no catalogue from this attempt

    Router& router_;
    std::function<void()> changed_;
    std::string etag_;
    int reading_ = 0;  // the number of the latest reading
};

}  // namespace mawid::client
