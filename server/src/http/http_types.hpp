// The server's own view of an HTTP exchange, free of Beast so that the API, the static
// files and the writer compile quickly and can be read without knowing Beast.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mawid::server {

// A request as the handlers see it. Views stay valid until the response is sent.
struct HttpRequest {
    std::string_view method;
    std::string_view target;  // path and query, as sent
    std::string_view body;
    std::string_view content_type;
    std::string_view if_none_match;
    std::string_view accept_encoding;
    std::string_view accept;  // asks for CSV where an answer has it (the audit trail)
    std::string_view idempotency_key;
    bool has_idempotency_key = false;
    std::string client_ip;  // the client's, through a trusted proxy (trusted_proxies.hpp)
    bool https = false;     // the scheme the client used (its own, or a trusted proxy's word)
    // For the staff API (staff_api.hpp): the session cookie and the anti-CSRF header
    // X-Mawid-Staff.
    std::string_view cookie;
    std::string_view staff_header;
    // For service accounts (keys/api_keys.hpp): "Bearer <key>".
    std::string_view authorization;
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    bool head_only = false;  // HEAD: send the headers of `body` without it
};

// Called exactly once with the response, from any thread.
using Responder = std::function<void(HttpResponse)>;
using Handler = std::function<void(const HttpRequest&, Responder)>;

}  // namespace mawid::server
