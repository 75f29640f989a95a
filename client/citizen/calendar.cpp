// The shown booking as a calendar file (.ics) to download, or as text to share.
#include <mawid/codec.hpp>
#include <mawid/ics.hpp>

#include "citizen_app.hpp"
#include "format.hpp"

namespace mawid::client {

void CitizenApp::download_ics() {
    if (!shown || !catalog) return;
    const Centre* c = find_centre(*catalog, shown->centre);
    const Service* s = find_service(*catalog, shown->service);
    auto start = parse_rfc3339(shown->start);
    if (!c || !s || !start) return;
    std::string centre_name(localized(c->name, tr.chain()));
    std::string service_name(localized(s->name, tr.chain()));
    CalendarEvent e;
    e.uid = shown->code + "@mawid.bh";
    e.start = start->instant;
    e.minutes = s->slot_minutes;
    e.stamp = now();
    e.summary = tr.format("ics.summary", {{"service", service_name}, {"centre", centre_name}});
    e.location = centre_name;
    e.description = tr.format("ics.description", {{"code", ltr(code_text(shown->code))}});
    e.lat = c->lat;
    e.lon = c->lon;
    platform::download("mawid-" + shown->code + ".ics", "text/calendar;charset=utf-8", make_ics(e));
}

void CitizenApp::share_shown() {
    if (!shown || !catalog) return;
    const Centre* c = find_centre(*catalog, shown->centre);
    const Service* s = find_service(*catalog, shown->service);
    if (!c || !s) return;
    std::string text =
        tr.format("share.text", {{"service", std::string(localized(s->name, tr.chain()))},
                                 {"centre", std::string(localized(c->name, tr.chain()))},
                                 {"when", start_text(tr, shown->start)},
                                 {"code", ltr(code_text(shown->code))}});
    platform::share(tr("share.title"), text);
}

}  // namespace mawid::client
