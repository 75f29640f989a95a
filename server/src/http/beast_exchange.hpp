// The translation between Beast's HTTP messages and the server's own (http_types.hpp), in
// one place so the server and the request-path fuzz target run exactly the same code.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <memory>
#include <optional>
#include <string>

#include "http/http_types.hpp"
#include "http/trusted_proxies.hpp"

namespace mawid::server {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// The request as the handlers see it; its views point into `request`, which must outlive it.
// `peer` is the connected address; a trusted proxy's forwarding headers may name another.
HttpRequest from_beast(const BeastRequest& request, const std::string& peer,
                       const TrustedProxies& proxies);

// What a request's header alone is refused for, before its body is read: a transfer coding
// other than chunked (the body's length would be a guess), a coded body, or an HTTP/1.1
// request without exactly one Host field. The answer, its status set; nullopt when none.
std::optional<HttpResponse> header_refusal(const BeastRequest& request);

// Brings a target sent in absolute form ("http://host/path?q", which RFC 9112 has servers
// accept) to the origin form every route expects ("/path?q"); other targets stay as they are.
void to_origin_form(BeastRequest& request);

// Our response as Beast's: its status, its own fields and body, and the fields Beast writes
// for every answer (Server, Date, Content-Type, Cache-Control, Content-Length, Connection).
std::shared_ptr<BeastResponse> to_beast(HttpResponse response, unsigned version,
                                        bool keep_alive);

// The status line and fields of `response` as they go on the wire, before its body (whose
// length it gives: to_beast always sets Content-Length), with the security headers every
// answer carries (and Strict-Transport-Security when the client came over https).
std::string serialized_header(BeastResponse& response, bool https);

}  // namespace mawid::server
