// A browser as far as signing in needs one: libcurl with its cookie jar (cookies set by
// the provider and by the server alike, sent back as a browser would), following
// redirects one hop at a time so a test sees each address it passed through.
#pragma once

#include <string>
#include <vector>

namespace mawid::test {

struct Page {
    int status = 0;
    std::string url;       // the address asked for
    std::string location;  // where a redirect points, absolute; "" when none
    std::string body;
};

class Browser {
public:
    Browser();
    ~Browser();
    Browser(const Browser&) = delete;
    Browser& operator=(const Browser&) = delete;

    // One request, no redirect followed; `cookie` adds a Cookie header of the test's own.
    Page get(const std::string& url, const std::string& cookie = {});
    // POST of a JSON body, with the jar's cookies.
    Page post_json(const std::string& url, const std::string& body);
    // Follows redirects from `url` (at most `most`); every address asked for, in order: the
    // last is the one that did not redirect.
    std::vector<std::string> follow(const std::string& url, int most = 20);

private:
    Page perform(const std::string& url);
    void* curl_ = nullptr;
};

}  // namespace mawid::test
