#include "http/static_files.hpp"

#include <mawid/codec.hpp>

#include <algorithm>
#include <array>
#include <fstream>
#include <optional>
#include <sstream>
#include <utility>

#include "http/compression.hpp"
#include "http/json_responses.hpp"
#include "http/request_parsing.hpp"

namespace mawid::server {
namespace {

namespace fs = std::filesystem;

HttpResponse not_found() {
    HttpResponse response;
    response.status = 404;
    response.body = error_to_json(make_error(ErrorCode::not_found)).dump();
    return response;
}

// True for a name the web build gave a hash of the content: "app.1a2b3c4d5e.js" (ten
// lowercase hex digits between the name and its extension).
bool is_versioned_name(const std::string& name) {
    std::size_t dot = name.find('.');
    if (dot == std::string::npos || name.size() < dot + 12 || name[dot + 11] != '.') return false;
    return std::all_of(name.begin() + static_cast<long>(dot) + 1,
                       name.begin() + static_cast<long>(dot) + 11,
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Pages and the service worker must be revalidated so a new release reaches every phone;
// a file named by its content never changes, so it is kept a year; everything else may be
// reused for a short while and then revalidated by ETag.
std::string cache_control_for(const fs::path& file) {
    std::string ext = file.extension().string();
    if (ext == ".html" || file.filename() == "sw.js" || ext == ".webmanifest") return "no-cache";
    if (is_versioned_name(file.filename().string())) {
        return "public, max-age=31536000, immutable";
    }
    return "public, max-age=300";
}

std::string etag_for(const fs::path& file, std::error_code& ec) {
    auto size = fs::file_size(file, ec);
    if (ec) return {};
    auto mtime = fs::last_write_time(file, ec).time_since_epoch().count();
    if (ec) return {};
    std::ostringstream out;
    out << '"' << std::hex << size << '-' << mtime << '"';
    return out.str();
}

// True when a decoded path has no "..", backslash, NUL or hidden segment.
bool is_safe_relative_path(const std::string& path) {
    if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos) return false;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        std::string_view segment(path.data() + start, end - start);
        if (!segment.empty() && segment.front() == '.') return false;  // "..", ".git", ...
        start = end + 1;
    }
    return true;
}

constexpr std::size_t kMaxCachedFiles = 256;

// Text compresses well; images, wasm.gz and fonts are compressed already. Plain .wasm is
// compressible (the client prefers its own mawid.wasm.gz, but a fallback gets this).
bool is_compressible(const std::string& type) {
    return type.rfind("text/", 0) == 0 || type.rfind("application/json", 0) == 0 ||
           type.rfind("application/manifest+json", 0) == 0 || type.rfind("image/svg", 0) == 0 ||
           type == "application/wasm";
}

}  // namespace

std::string mime_type_for(std::string_view file_name) {
    static const std::array<std::pair<std::string_view, std::string_view>, 17> kTypes = {{
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
        {".webmanifest", "application/manifest+json; charset=utf-8"},
        {".wasm", "application/wasm"},
        {".png", "image/png"},
        {".svg", "image/svg+xml; charset=utf-8"},
        {".ico", "image/x-icon"},
        {".ics", "text/calendar; charset=utf-8"},
        {".txt", "text/plain; charset=utf-8"},
        {".woff2", "font/woff2"},
        {".jpg", "image/jpeg"},
        {".webp", "image/webp"},
        {".map", "application/json; charset=utf-8"},
        {".gz", "application/gzip"},
    }};
    for (const auto& [ext, type] : kTypes) {
        if (file_name.size() >= ext.size() &&
            file_name.substr(file_name.size() - ext.size()) == ext) {
            return std::string(type);
        }
    }
    return "application/octet-stream";
}

bool etag_matches(std::string_view header, std::string_view etag) {
    while (!header.empty()) {
        std::size_t comma = header.find(',');
        std::string_view item = header.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (item.substr(0, 2) == "W/") item.remove_prefix(2);
        if (item == "*" || item == etag) return true;
        if (comma == std::string_view::npos) break;
        header.remove_prefix(comma + 1);
    }
    return false;
}

StaticFiles::StaticFiles(fs::path root) {
    std::error_code ec;
    root_ = fs::weakly_canonical(root, ec);
    if (ec) root_ = std::move(root);
}

std::shared_ptr<const StaticFiles::Cached> StaticFiles::load(const fs::path& file,
                                                             const std::string& etag) const {
    {
        std::lock_guard lock(mutex_);
        auto it = cache_.find(file.string());
        if (it != cache_.end() && it->second->etag == etag) return it->second;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return nullptr;
    std::ostringstream content;
    content << in.rdbuf();
    auto cached = std::make_shared<Cached>();
    cached->etag = etag;
    cached->content = std::move(content).str();
    if (is_compressible(mime_type_for(file.filename().string())) && cached->content.size() >= 256) {
        if (auto packed = gzip(cached->content, 9);
            packed && packed->size() < cached->content.size()) {
            cached->gzipped = std::move(*packed);
        }
    }
    std::lock_guard lock(mutex_);
    if (cache_.size() >= kMaxCachedFiles) cache_.clear();
    cache_[file.string()] = cached;
    return cached;
}

HttpResponse StaticFiles::serve(std::string_view raw_path, std::string_view if_none_match,
                                std::string_view accept_encoding, bool head_only) const {
    auto decoded = percent_decode(raw_path, false);
    if (!decoded || decoded->empty() || decoded->front() != '/') return not_found();
    std::string relative = decoded->substr(1);
    if (relative.empty() || relative.back() == '/') relative += "index.html";
    if (!is_safe_relative_path(relative)) return not_found();

    std::error_code ec;
    fs::path file = fs::weakly_canonical(root_ / relative, ec);
    // Also refuses symbolic links that lead out of the root.
    auto [root_end, file_it] = std::mismatch(root_.begin(), root_.end(), file.begin(), file.end());
    if (ec || root_end != root_.end() || !fs::is_regular_file(file, ec)) return not_found();

    std::string etag = etag_for(file, ec);
    if (ec) return not_found();
    auto cached = load(file, etag);
    if (!cached) return not_found();
    bool send_gzip = !cached->gzipped.empty() && accepts_gzip(accept_encoding);
    if (send_gzip) etag.insert(etag.size() - 1, "-gz");  // a different body, a different tag

    HttpResponse response;
    response.content_type = mime_type_for(file.filename().string());
    response.headers.emplace_back("ETag", etag);
    response.headers.emplace_back("Cache-Control", cache_control_for(file));
    if (!cached->gzipped.empty()) response.headers.emplace_back("Vary", "Accept-Encoding");
    if (etag_matches(if_none_match, etag)) {
        response.status = 304;
        response.content_type.clear();
        return response;
    }
    if (send_gzip) response.headers.emplace_back("Content-Encoding", "gzip");
    response.body = send_gzip ? cached->gzipped : cached->content;
    response.head_only = head_only;
    return response;
}

}  // namespace mawid::server
