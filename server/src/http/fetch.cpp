#include "http/fetch.hpp"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace mawid::server {
namespace {

// A discovery document or a key set is a few kilobytes; more is not one.
constexpr std::size_t kMostBytes = 1 << 20;

struct Easy {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct Headers {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

std::size_t keep(char* data, std::size_t size, std::size_t count, void* target) {
    auto* body = static_cast<std::string*>(target);
    if (body->size() + size * count > kMostBytes) return 0;  // libcurl stops: write error
    body->append(data, size * count);
    return size * count;
}

std::unique_ptr<CURL, Easy> new_handle(const std::string& url, std::string& body) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    std::unique_ptr<CURL, Easy> curl(curl_easy_init());
    if (!curl) return curl;
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
    return curl;
}

Fetched perform(CURL* curl, Fetched& out, curl_slist* headers) {
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    CURLcode rc = curl_easy_perform(curl);
    if (rc != CURLE_OK) {
        out.problem = curl_easy_strerror(rc);
        return out;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out.status);
    out.ok = true;
    return out;
}

}  // namespace

std::string url_escape(const std::string& text) {
    char* escaped = curl_easy_escape(nullptr, text.c_str(), static_cast<int>(text.size()));
    std::string out = escaped ? escaped : "";
    curl_free(escaped);
    return out;
}

Fetched fetch_get(const std::string& url) {
    Fetched out;
    auto curl = new_handle(url, out.body);
    if (!curl) return out.problem = "libcurl could not start", out;
    std::unique_ptr<curl_slist, Headers> headers(
        curl_slist_append(nullptr, "Accept: application/json"));
    return perform(curl.get(), out, headers.get());
}

Fetched fetch_post_form(const std::string& url, const FormFields& fields, const std::string& user,
                        const std::string& password) {
    Fetched out;
    auto curl = new_handle(url, out.body);
    if (!curl) return out.problem = "libcurl could not start", out;
    std::string form;
    for (const auto& [name, value] : fields) {
        if (!form.empty()) form += '&';
        form += url_escape(name) + "=" + url_escape(value);
    }
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, form.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(form.size()));
    std::string credentials = url_escape(user) + ":" + url_escape(password);
    if (!user.empty()) {
        curl_easy_setopt(curl.get(), CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(curl.get(), CURLOPT_USERPWD, credentials.c_str());
    }
    std::unique_ptr<curl_slist, Headers> headers(
        curl_slist_append(nullptr, "Accept: application/json"));
    return perform(curl.get(), out, headers.get());
}

}  // namespace mawid::server
