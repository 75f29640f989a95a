#include "http/compression.hpp"

#include <sodium.h>
#include <zlib.h>

#include <charconv>

#include "http/static_files.hpp"

namespace mawid::server {
namespace {

// ASCII case-insensitive equality: header names and content codings are case-insensitive.
bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
        char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
        if (x != y) return false;
    }
    return true;
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// The weight of one Accept-Encoding item's parameters (";q=0.5"); 1 when absent.
double weight_of(std::string_view params) {
    std::size_t q = params.find("q=");
    if (q == std::string_view::npos) return 1;
    double weight = 1;
    std::from_chars(params.data() + q + 2, params.data() + params.size(), weight);
    return weight;
}

bool has_header(const HttpResponse& response, std::string_view name) {
    for (const auto& [key, value] : response.headers) {
        if (iequals(key, name)) return true;
    }
    return false;
}

}  // namespace

std::optional<std::string> gzip(std::string_view data, int level) {
    z_stream stream{};
    // 15 + 16: a gzip wrapper rather than raw zlib, which is what Content-Encoding means.
    if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
        return std::nullopt;
    }
    std::string out(deflateBound(&stream, data.size()), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    int result = deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    if (result != Z_STREAM_END) return std::nullopt;
    return out;
}

bool accepts_gzip(std::string_view accept_encoding) {
    std::optional<double> gzip_weight, any_weight;
    while (!accept_encoding.empty()) {
        std::size_t comma = accept_encoding.find(',');
        std::string_view item = accept_encoding.substr(0, comma);
        std::size_t semicolon = item.find(';');
        std::string_view coding = trimmed(item.substr(0, semicolon));
        std::string_view params =
            semicolon == std::string_view::npos ? std::string_view{} : item.substr(semicolon);
        if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) {
            gzip_weight = weight_of(params);
        } else if (coding == "*") {
            any_weight = weight_of(params);
        }
        if (comma == std::string_view::npos) break;
        accept_encoding.remove_prefix(comma + 1);
    }
    // An explicit "gzip;q=0" refuses it even when "*" would allow it.
    return gzip_weight ? *gzip_weight > 0 : any_weight.value_or(0) > 0;
}

void compress_answer(HttpResponse& response, std::string_view accept_encoding) {
    if (response.content_type.rfind("application/json", 0) != 0) return;
    if (response.body.size() < kMinCompressedBytes) return;
    if (has_header(response, "Content-Encoding") || has_header(response, "ETag")) return;
    response.headers.emplace_back("Vary", "Accept-Encoding");
    if (!accepts_gzip(accept_encoding)) return;
    // Level 6 (zlib's default): answers made per request, most of the gain for little time.
    auto packed = gzip(response.body, 6);
    if (!packed || packed->size() >= response.body.size()) return;
    response.body = std::move(*packed);
    response.headers.emplace_back("Content-Encoding", "gzip");
}

PreparedAnswer::PreparedAnswer(std::string body, std::string etag)
    : body_(std::move(body)), etag_(std::move(etag)) {}

const std::string& PreparedAnswer::gzipped() const {
    std::call_once(once_, [this] {
        if (body_.size() < kMinCompressedBytes) return;
        // Level 9: made once and sent many times, so the smallest form is worth the time.
        if (auto packed = gzip(body_, 9); packed && packed->size() < body_.size()) {
            gzipped_ = std::move(*packed);
        }
    });
    return gzipped_;
}

HttpResponse prepared_response(const PreparedAnswer& answer, const HttpRequest& request,
                               std::string_view cache_control) {
    bool send_gzip = answer.body().size() >= kMinCompressedBytes &&
                     accepts_gzip(request.accept_encoding) && !answer.gzipped().empty();
    std::string etag = answer.etag();
    if (send_gzip) etag.insert(etag.size() - 1, "-gz");
    HttpResponse response;
    response.headers.emplace_back("ETag", etag);
    response.headers.emplace_back("Cache-Control", std::string(cache_control));
    response.headers.emplace_back("Vary", "Accept-Encoding");
    if (etag_matches(request.if_none_match, etag)) {
        response.status = 304;
        response.content_type.clear();
        return response;
    }
    if (send_gzip) response.headers.emplace_back("Content-Encoding", "gzip");
    response.body = send_gzip ? answer.gzipped() : answer.body();
    return response;
}

std::string content_etag(std::string_view body) {
    unsigned char digest[16];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(body.data()),
                       body.size(), nullptr, 0);
    // The quotes are written around the digits in place (GCC 12 misreads "\"" + string).
    char tag[sizeof digest * 2 + 3];
    sodium_bin2hex(tag + 1, sizeof tag - 1, digest, sizeof digest);
    tag[0] = '"';
    tag[sizeof tag - 2] = '"';
    tag[sizeof tag - 1] = '\0';
    return std::string(tag);
}

}  // namespace mawid::server
