// gzip for answers: the one compressor (zlib) of the static files and the API, the
// Accept-Encoding check, and answers prepared once and sent many times with their ETag.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "http/http_types.hpp"

namespace mawid::server {

// Below this, a gzip header and the work cost more than they save.
constexpr std::size_t kMinCompressedBytes = 1024;

// The data in a gzip wrapper (what Content-Encoding: gzip means); nullopt if zlib fails.
std::optional<std::string> gzip(std::string_view data, int level);

// True when an Accept-Encoding value accepts gzip: "gzip", "gzip;q=0.8", "br, gzip" do,
// "gzip;q=0" and "identity" do not.
bool accepts_gzip(std::string_view accept_encoding);

// Compresses a JSON answer of kMinCompressedBytes or more in place when the client accepts
// gzip, and says Vary: Accept-Encoding on any answer that could have been compressed.
// Leaves alone answers that already chose their encoding (an ETag: prepared_response).
// Called on the network threads, so the writer thread never waits for it.
void compress_answer(HttpResponse& response, std::string_view accept_encoding);

// A JSON answer made once and sent many times (the catalogue per version, an availability
// answer until the next commit): its body, its strong ETag, and its gzip form, made by the
// first request that wants it (never by whoever made the answer, e.g. the writer thread).
class PreparedAnswer {
public:
    PreparedAnswer(std::string body, std::string etag);
    const std::string& body() const { return body_; }
    const std::string& etag() const { return etag_; }  // quoted
    // The gzip form; empty when the body is small or does not shrink.
    const std::string& gzipped() const;

private:
    std::string body_;
    std::string etag_;
    mutable std::once_flag once_;
    mutable std::string gzipped_;
};

// 200 with the answer (gzip when accepted and worth it; its ETag then ends "-gz", as a
// different body needs a different tag), or 304 without a body when If-None-Match names the
// tag of what would be sent. Both carry ETag, Cache-Control and Vary: Accept-Encoding.
HttpResponse prepared_response(const PreparedAnswer& answer, const HttpRequest& request,
                               std::string_view cache_control);

// A strong ETag naming these bytes (BLAKE2b, 128 bits): equal tags mean equal answers.
std::string content_etag(std::string_view body);

}  // namespace mawid::server
