// Small blocking HTTP requests out of the server through libcurl: the national identity's
// discovery document, keys and token endpoint (citizen/oidc_client.hpp). http and https
// only, no redirects followed, short timeouts and a bounded answer.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace mawid::server {

struct Fetched {
    bool ok = false;  // an answer came (whatever its status)
    long status = 0;
    std::string body;
    std::string problem;  // why no answer came (libcurl's words), for the log
};

using FormFields = std::vector<std::pair<std::string, std::string>>;

// GET `url` asking for JSON.
Fetched fetch_get(const std::string& url);

// POST `fields` as application/x-www-form-urlencoded to `url`; with HTTP Basic credentials
// when `user` is not empty (each part form-encoded first, as OAuth 2.0's
// client_secret_basic asks).
Fetched fetch_post_form(const std::string& url, const FormFields& fields,
                        const std::string& user = {}, const std::string& password = {});

// `text` percent-encoded for a query string or form (everything but A-Z a-z 0-9 - . _ ~).
std::string url_escape(const std::string& text);

}  // namespace mawid::server
