// Serves the web app (page shell, service worker, the built client) from one folder,
// with correct MIME types, caching headers and no way out of the folder.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "http_types.hpp"

namespace mawid::server {

class StaticFiles {
public:
    explicit StaticFiles(std::filesystem::path root);

    // GET or HEAD of `path` (already without query). 404 for anything outside the root.
    HttpResponse serve(std::string_view path, std::string_view if_none_match,
                       bool head_only) const;

private:
    std::filesystem::path root_;
};

// The Content-Type for a file name, by extension; text types carry charset=utf-8.
std::string mime_type_for(std::string_view file_name);

// True when an If-None-Match header value matches the (quoted) ETag.
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace mawid::server
