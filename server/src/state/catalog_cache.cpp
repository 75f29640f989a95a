#include "state/catalog_cache.hpp"

#include <mawid/codec.hpp>

#include <chrono>

#include "http/json_responses.hpp"
#include "state/clock.hpp"

namespace mawid::server {

UnixSeconds Clock::now() const {
    if (fixed_) return *fixed_;
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

CatalogCache::CatalogCache() {
    replace(Catalog{});
}

std::shared_ptr<const CatalogCache::State> CatalogCache::get() const {
    return state_.load(std::memory_order_acquire);
}

void CatalogCache::set(Catalog catalog) {
    std::lock_guard lock(replacing_);
    replace(std::move(catalog));
}

void CatalogCache::refresh(
    const std::function<std::optional<Catalog>(const std::string& version)>& newer) {
    std::lock_guard lock(replacing_);
    if (auto catalog = newer(get()->catalog.version)) replace(std::move(*catalog));
}

void CatalogCache::replace(Catalog catalog) {
    auto state = std::make_shared<State>();
    // The version is opaque to clients; keep the ETag to characters a header may hold.
    std::string tag;
    for (char c : catalog.version) {
        if (c > ' ' && c < 127 && c != '"') tag += c;
    }
    state->answer = std::make_shared<const PreparedAnswer>(
        to_text(catalog_to_json(catalog)),
        "\"" + (tag.empty() ? std::string("empty") : tag) + "\"");
    state->catalog = std::move(catalog);
    state_.store(std::move(state), std::memory_order_release);
}

}  // namespace mawid::server
