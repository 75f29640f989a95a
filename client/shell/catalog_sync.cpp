#include "catalog_sync.hpp"

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

void CatalogSync::use_json(const std::string& json, bool cached, double as_of) {
    auto parsed = parse_json(json);
    if (!parsed.ok()) return;
    auto cat = catalog_from_json(parsed.value());
    if (!cat.ok()) return;
    catalog = std::move(cat.value());
    from_cache = cached;
    as_of_ms = as_of;
}

void CatalogSync::stored(int, std::optional<std::string> value) {
    std::string etag;
    if (value) {
        Json j = parse(*value);
        etag = str(j, "etag");
        use_json(str(j, "body"), true, real(j, "as_of_ms"));
    }
    etag_ = catalog ? etag : std::string();
    changed_();
    refresh();
}

void CatalogSync::answer(int, const Answer& a) {
    if (a.status == 200) {
        double now_ms = platform::now_ms();
        use_json(a.body, false, now_ms);
        etag_ = a.etag;
        Json snapshot = {{"etag", a.etag}, {"as_of_ms", now_ms}, {"body", a.body}};
        platform::idb_put(kCatalogKey, snapshot.dump());
        refresh_failed = false;
        failed = false;
    } else if (a.status == 304 && catalog) {  // the copy kept is still current
        from_cache = false;
        refresh_failed = false;
        as_of_ms = platform::now_ms();
    } else if (!catalog) {
        failed = true;
    } else {
        refresh_failed = true;
    }
    changed_();
}

}  // namespace mawid::client
