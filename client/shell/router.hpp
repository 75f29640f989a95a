// The one request router of the page: every fetch, IndexedDB read and location request
// gets its number here, and its answer goes back to whoever asked. Apps keep their own
// note of what each of their numbers was for.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace mawid::client {

// An answer from the server. status 0 = no network; etag empty when absent;
// retry_after in seconds (0 if none).
struct Answer {
    int status = 0;
    std::string body;
    std::string etag;
    int retry_after = 0;
};

// Whoever sends requests through the router.
class Asker {
public:
    virtual ~Asker() = default;
    virtual void answer(int request, const Answer& answer) = 0;
    virtual void stored(int /*request*/, std::optional<std::string> /*value*/) {}
    virtual void located(int /*request*/, bool /*ok*/, double /*lat*/, double /*lon*/) {}
};

class Router {
public:
    int fetch(Asker& asker, std::string_view method, std::string_view url,
              std::string_view body = {}, std::string_view headers_json = "{}");
    int idb_get(Asker& asker, std::string_view key);
    int geolocate(Asker& asker);

    // From the platform: false when the number is unknown (asked before a reload).
    bool on_fetch(int request, Answer answer);
    bool on_idb(int request, std::optional<std::string> value);
    bool on_geo(int request, bool ok, double lat, double lon);

private:
    int remember(Asker& asker);
    Asker* take(int request);

    std::map<int, Asker*> askers_;
    int next_ = 1;
};

}  // namespace mawid::client
