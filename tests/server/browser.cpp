#include "browser.hpp"

#include <curl/curl.h>

#include <stdexcept>

namespace mawid::test {
namespace {

std::size_t keep(char* data, std::size_t size, std::size_t count, void* target) {
    static_cast<std::string*>(target)->append(data, size * count);
    return size * count;
}

}  // namespace

Browser::Browser() {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL* curl = curl_easy_init();
    if (!curl) throw std::runtime_error("libcurl could not start");
    curl_easy_setopt(curl, CURLOPT_COOKIEFILE, "");  // the jar, in memory
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, keep);
    curl_ = curl;
}

Browser::~Browser() {
    curl_easy_cleanup(static_cast<CURL*>(curl_));
}

Page Browser::perform(const std::string& url) {
    CURL* curl = static_cast<CURL*>(curl_);
    Page page;
    page.url = url;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &page.body);
    CURLcode rc = curl_easy_perform(curl);
    if (rc != CURLE_OK) throw std::runtime_error(std::string("browser: ") + curl_easy_strerror(rc));
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    page.status = static_cast<int>(status);
    char* location = nullptr;
    curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &location);
    if (location) page.location = location;
    return page;
}

Page Browser::get(const std::string& url, const std::string& cookie) {
    CURL* curl = static_cast<CURL*>(curl_);
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(curl, CURLOPT_COOKIE, cookie.empty() ? nullptr : cookie.c_str());
    Page page = perform(url);
    curl_easy_setopt(curl, CURLOPT_COOKIE, nullptr);
    return page;
}

Page Browser::post_json(const std::string& url, const std::string& body) {
    CURL* curl = static_cast<CURL*>(curl_);
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    Page page = perform(url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
    curl_slist_free_all(headers);
    return page;
}

std::vector<std::string> Browser::follow(const std::string& url, int most) {
    std::vector<std::string> visited;
    std::string next = url;
    for (int hop = 0; hop <= most && !next.empty(); ++hop) {
        visited.push_back(next);
        next = get(next).location;
    }
    return visited;
}

}  // namespace mawid::test
