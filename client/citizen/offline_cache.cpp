// The times of a centre and service: live from the server, kept on the device for the
// recently viewed centres, and computed offline from that copy (shared/ slot grid).
#include <mawid/codec.hpp>

#include "citizen_api.hpp"
#include "citizen_app.hpp"
#include "json_read.hpp"

namespace mawid::client {

std::string CitizenApp::availability_url() const {
    const Service* s = service();
    const Centre* c = centre();
    Date today = to_local(now(), c->utc_offset_minutes).date;
    return "/api/v1/availability?centre=" + c->id + "&service=" + s->id +
           "&from=" + format_date(today) + "&days=" + std::to_string(availability_days(*s));
}

void CitizenApp::load_availability() {
    calendar_year = calendar_month = 0;  // the calendar opens on the first month with seats
    availability = {};
    availability.centre = flow.centre;
    availability.service = flow.service;
    availability.loading = true;
    if (!service() || !centre()) return;
    // Before go-live there are no times to ask for: the days screen says when it opens.
    if (!is_live(*centre(), flow.service, to_local(now(), centre()->utc_offset_minutes).date)) {
        availability.loading = false;
        return;
    }
    send(Purpose::availability, flow.centre + "/" + flow.service, "GET", availability_url());
}

void CitizenApp::use_availability_json(const std::string& json, double as_of_ms) {
    const Centre* c = centre();
    availability.slots = parse_availability(json, c ? c->utc_offset_minutes : kDefaultUtcOffsetMinutes);
    availability.loading = false;
    availability.loaded = true;
    availability.from_snapshot = false;
    availability.as_of_ms = as_of_ms;
}

// Live times are saved for offline use; without an answer, the saved ones are used.
void CitizenApp::on_availability_answer(const std::string& key, int status,
                                        const std::string& body) {
    if (availability.centre + "/" + availability.service != key) return;  // moved on since
    if (status == 200) {
        double now_ms = platform::now_ms();
        use_availability_json(body, now_ms);
        save_occupancy("occupancy/" + key, Json{{"as_of_ms", now_ms}, {"body", body}}.dump());
        return;
    }
    shell.requests.idb_get(*this, "occupancy/" + key);
}

void CitizenApp::save_occupancy(const std::string& key, const std::string& snapshot) {
    // Only the recently viewed centres are kept on the device, newest first.
    constexpr size_t kKeep = 12;
    Json recent = parse(platform::load("recent_occupancy"));
    if (!recent.is_array()) recent = Json::array();
    Json next = Json::array({key});
    for (const Json& k : recent) {
        if (!k.is_string() || k.get<std::string>() == key) continue;
        if (next.size() < kKeep) {
            next.push_back(k);
        } else {
            platform::idb_delete(k.get<std::string>());
        }
    }
    platform::save("recent_occupancy", next.dump());
    platform::idb_put(key, snapshot);
}

// The only IndexedDB read of the citizen app: a centre's occupancy kept on the device.
void CitizenApp::stored(int, std::optional<std::string> value) {
    use_occupancy_snapshot(value);
}

void CitizenApp::use_occupancy_snapshot(const std::optional<std::string>& snapshot) {
    availability.loading = false;
    if (!snapshot || !catalog) return;  // nothing cached: the screen says so
    Json j = parse(*snapshot);
    availability.slots =
        offline_grid(*catalog, availability.centre, availability.service, str(j, "body"), now());
    availability.loaded = true;
    availability.from_snapshot = true;
    availability.as_of_ms = real(j, "as_of_ms");
}

}  // namespace mawid::client
