#include "router.hpp"

#include "platform.hpp"

namespace mawid::client {

int Router::remember(Asker& asker) {
    int id = next_++;
    askers_[id] = &asker;
    return id;
}

Asker* Router::take(int request) {
    auto it = askers_.find(request);
    if (it == askers_.end()) return nullptr;
    Asker* asker = it->second;
    askers_.erase(it);
    return asker;
}

int Router::fetch(Asker& asker, std::string_view method, std::string_view url,
                  std::string_view body, std::string_view headers_json) {
    int id = remember(asker);
    platform::fetch(id, method, url, body, headers_json);
    return id;
}

int Router::idb_get(Asker& asker, std::string_view key) {
    int id = remember(asker);
    platform::idb_get(id, key);
    return id;
}

int Router::geolocate(Asker& asker) {
    int id = remember(asker);
    platform::geolocate(id);
    return id;
}

bool Router::on_fetch(int request, Answer answer) {
    Asker* asker = take(request);
    if (asker) asker->answer(request, answer);
    return asker != nullptr;
}

bool Router::on_idb(int request, std::optional<std::string> value) {
    Asker* asker = take(request);
    if (asker) asker->stored(request, std::move(value));
    return asker != nullptr;
}

bool Router::on_geo(int request, bool ok, double lat, double lon) {
    Asker* asker = take(request);
    if (asker) asker->located(request, ok, lat, lon);
    return asker != nullptr;
}

}  // namespace mawid::client
