#include "catalog_sync.hpp"

#include <memory>

#include <mawid/codec.hpp>

#include "json_read.hpp"
#include "platform.hpp"

namespace mawid::client {

namespace {
constexpr const char* kCatalogKey = "catalog";
}

void CatalogSync::start() {
    router_.idb_get(*this, kCatalogKey);
}

void CatalogSync::refresh() {
    Json headers = Json::object();
    if (!etag_.empty()) headers["If-None-Match"] = etag_;
    router_.fetch(*this, "GET", "/api/v1/catalog", {}, headers.dump());
}

void CatalogSync::read_soon(std::string json, std::function<void(std::optional<Catalog>)> use) {
    int reading = ++reading_;
    platform::next_task([this, reading, json = std::move(json), use = std::move(use)]() mutable {
        if (reading != reading_) return;
        auto parsed = std::make_shared<Result<Json>>(parse_json(json));
        platform::next_task([this, reading, parsed, use = std::move(use)] {
            if (reading != reading_) return;
            std::optional<Catalog> read;
            if (parsed->ok()) {
                auto cat = catalog_from_json(parsed->value());
                if (cat.ok()) read = std::move(cat.value());
            }
            use(std::move(read));
        });
    });
}

void CatalogSync::stored(int, std::optional<std::string> value) {
    Json kept = value ? parse(*value) : Json();
    if (!kept.is_object()) {
        changed_();
        return refresh();
    }
    read_soon(str(kept, "body"), [this, etag = str(kept, "etag"),
                                  as_of = real(kept, "as_of_ms")](std::optional<Catalog> read) {
        if (read) {
            catalog = std::move(read);
            from_cache = true;
            as_of_ms = as_of;
            etag_ = etag;  // asked with it only when the copy kept could be read
        }
        changed_();
        refresh();
    });
}

void CatalogSync::answer(int, const Answer& a) {
    if (a.status == 200) {
        double now_ms = platform::now_ms();
        return read_soon(a.body, [this, now_ms, etag = a.etag,
                                  body = a.body](std::optional<Catalog> read) {
            if (!read) return missed();
            catalog = std::move(read);
            from_cache = false;
            as_of_ms = now_ms;
            etag_ = etag;
            refresh_failed = false;
            failed = false;
            changed_();
            // Kept for the next start and for offline use, in a task of its own too.
            platform::next_task([etag, now_ms, body] {
                Json snapshot = {{"etag", etag}, {"as_of_ms", now_ms}, {"body", body}};
                platform::idb_put(kCatalogKey, snapshot.dump());
            });
        });
    }
    if (a.status == 304 && catalog) {  // the copy kept is still current
        from_cache = false;
        refresh_failed = false;
        as_of_ms = platform::now_ms();
        return changed_();
    }
    missed();
}

void CatalogSync::missed() {
    if (catalog) {
        refresh_failed = true;
    } else {
        failed = true;
    }
    changed_();
}

}  // namespace mawid::client
