#include "http/beast_exchange.hpp"

#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/status.hpp>

#include <ctime>
#include <string_view>

#include "http/json_responses.hpp"

namespace mawid::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;

// The security headers every answer carries, as they go on the wire: written once, not
// built field by field into each answer.
constexpr std::string_view kSecurityFields =
    "Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; "
    "worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Referrer-Policy: no-referrer\r\n"
    // Only what the apps use: the camera for the centre app's code scanner, the location
    // for the citizen's "nearest first". Everything else a page could ask for is off.
    "Permissions-Policy: camera=(self), geolocation=(self), microphone=(), payment=(), "
    "usb=(), serial=(), bluetooth=(), hid=(), midi=(), display-capture=(), "
    "accelerometer=(), gyroscope=(), magnetometer=()\r\n"
    "X-Frame-Options: DENY\r\n"
    "Cross-Origin-Opener-Policy: same-origin\r\n";
// Over https, browsers are told to use nothing else for a year.
constexpr std::string_view kStrictTransportField =
    "Strict-Transport-Security: max-age=31536000; includeSubDomains\r\n";

// The Date header (RFC 9110 asks an origin server with a clock to send it), formatted once a
// second per thread.
const std::string& http_date() {
    thread_local std::time_t last = 0;
    thread_local std::string text;
    std::time_t now = std::time(nullptr);
    if (now != last) {
        last = now;
        std::tm utc{};
        gmtime_r(&now, &utc);
        char buffer[40];
        std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &utc);
        text = buffer;
    }
    return text;
}

}  // namespace

HttpRequest from_beast(const BeastRequest& req, const std::string& peer,
                       const TrustedProxies& proxies) {
    HttpRequest request;
    request.method = req.method_string();
    request.target = req.target();
    request.body = req.body();
    request.content_type = req[http::field::content_type];
    request.if_none_match = req[http::field::if_none_match];
    request.accept_encoding = req[http::field::accept_encoding];
    request.accept = req[http::field::accept];
    auto key = req.find("Idempotency-Key");
    request.has_idempotency_key = key != req.end();
    if (request.has_idempotency_key) request.idempotency_key = key->value();
    ForwardedClient client = proxies.resolve(peer, req["X-Forwarded-For"], req["X-Forwarded-Proto"]);
    request.client_ip = std::move(client.address);
    request.https = client.https;
    request.cookie = req[http::field::cookie];
    request.staff_header = req["X-Mawid-Staff"];
    request.authorization = req[http::field::authorization];
    return request;
}

namespace {

// True when `field` is absent, or given once as `only` (in any case).
bool absent_or_only(const BeastRequest& req, http::field field, std::string_view only) {
    auto found = req.find(field);
    return found == req.end() || (req.count(field) == 1 && beast::iequals(found->value(), only));
}

}  // namespace

std::optional<HttpResponse> header_refusal(const BeastRequest& req) {
    if (!absent_or_only(req, http::field::transfer_encoding, "chunked")) {
        return error_response(ErrorCode::bad_request, {},
                              "Only the chunked transfer coding is accepted.");
    }
    if (!absent_or_only(req, http::field::content_encoding, "identity")) {
        return error_response(ErrorCode::unsupported_media_type, {},
                              "Request bodies are accepted without a content coding.");
    }
    const std::size_t hosts = req.count(http::field::host);
    if (hosts > 1 || (hosts == 0 && req.version() >= 11)) {
        return error_response(ErrorCode::bad_request, {}, "A request needs one Host field.");
    }
    return std::nullopt;
}

void to_origin_form(BeastRequest& req) {
    std::string_view target = req.target();
    std::size_t scheme = target.find("://");
    if (scheme == std::string_view::npos ||
        !(beast::iequals(target.substr(0, scheme), "http") ||
          beast::iequals(target.substr(0, scheme), "https"))) {
        return;
    }
    std::size_t path = target.find_first_of("/?", scheme + 3);
    std::string origin = path == std::string_view::npos ? "/" : std::string(target.substr(path));
    if (origin.front() == '?') origin.insert(0, "/");
    req.target(origin);
}

std::shared_ptr<BeastResponse> to_beast(HttpResponse response, unsigned version,
                                        bool keep_alive) {
    auto res = std::make_shared<BeastResponse>(static_cast<http::status>(response.status), version);
    res->set(http::field::server, "mawid");
    res->set(http::field::date, http_date());
    if (!response.content_type.empty()) res->set(http::field::content_type, response.content_type);
    bool has_cache_control = false;
    for (auto& [name, value] : response.headers) {
        has_cache_control = has_cache_control || beast::iequals(name, "Cache-Control");
        // Each cookie needs a header of its own; any other header is set once.
        if (beast::iequals(name, "Set-Cookie")) {
            res->insert(name, value);
        } else {
            res->set(name, value);
        }
    }
    // API answers may hold personal data: never stored by browsers or proxies.
    if (!has_cache_control) res->set(http::field::cache_control, "no-store");
    res->keep_alive(keep_alive);
    std::size_t size = response.body.size();
    res->body() = std::move(response.body);
    res->prepare_payload();
    if (response.head_only) {  // HEAD: the length of the body, without the body
        res->body().clear();
        res->content_length(size);
    }
    return res;
}

std::string serialized_header(BeastResponse& response, bool https) {
    http::response_serializer<http::string_body> serializer(response);
    serializer.split(true);
    std::string head;
    beast::error_code ec;
    while (!ec && !serializer.is_header_done()) {
        serializer.next(ec, [&](beast::error_code&, const auto& buffers) {
            for (boost::asio::const_buffer part : beast::buffers_range_ref(buffers)) {
                head.append(static_cast<const char*>(part.data()), part.size());
            }
            serializer.consume(beast::buffer_bytes(buffers));
        });
    }
    // Beast ends the header with an empty line: the fixed fields go before it.
    if (head.size() < 2) return head;
    head.insert(head.size() - 2, kSecurityFields);
    if (https) head.insert(head.size() - 2, kStrictTransportField);
    return head;
}

}  // namespace mawid::server
