// Serves the web app (page shell, service worker, the built client) from one folder,
// with correct MIME types, caching headers and no way out of the folder.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/http_types.hpp"

namespace mawid::server {

class StaticFiles {
public:
    explicit StaticFiles(std::filesystem::path root);

    // GET or HEAD of `path` (already without query). 404 for anything outside the root.
    // Text (and .wasm) goes out gzip-compressed when the client accepts it.
    HttpResponse serve(std::string_view path, std::string_view if_none_match,
                       std::string_view accept_encoding, bool head_only) const;

    // A file's bytes, and its gzip form when that is worth sending; keyed by its ETag.
    struct Cached {
        std::string etag;
        std::string content;
        std::string gzipped;  // empty when not compressible or not smaller
    };

private:
    std::shared_ptr<const Cached> load(const std::filesystem::path& file,
                                       const std::string& etag) const;

    std::filesystem::path root_;
    mutable std::mutex mutex_;
    mutable std::unordered_map<std::string, std::shared_ptr<const Cached>> cache_;
};

// The Content-Type for a file name, by extension; text types carry charset=utf-8.
std::string mime_type_for(std::string_view file_name);

// True when an If-None-Match header value matches the (quoted) ETag.
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace mawid::server
