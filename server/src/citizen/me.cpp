// The verified citizen's own part of the API: the server's configuration the app asks
// first, one-time codes, sign-in with the national identity and sessions, and "my
// bookings" on any device.
#include <mawid/codec.hpp>

#include "citizen/api.hpp"
#include "http/json_responses.hpp"
#include "storage/citizen_store.hpp"
#include "storage/store.hpp"

namespace mawid::server {
namespace {

// "My bookings" lists what is to come and what is at most this old.
constexpr UnixSeconds kRecentSeconds = 30 * 24 * 3600;
constexpr int kMostBookings = 50;

}  // namespace

Result<Asker> Api::asker_of(const HttpRequest& request) {
    if (!verification_.required()) return Asker{};
    auto caller = verification_.authenticate(request);
    if (!caller) return caller.error();
    return Asker{true, caller->session.phone, caller->session.cpr, caller->hash};
}

bool Api::handle_citizen_session(const HttpRequest& request, std::string_view path,
                                 std::string_view query, Responder& respond) {
    const bool get = request.method == "GET";
    const bool post = request.method == "POST";
    if (path == "/api/v1/config") {
        respond(get ? json_response(200, {{"verification", verification_.required()},
                                          {"identity", identity_.enabled()}})
                    : method_not_allowed("GET"));
    } else if (path == "/api/v1/identity/start" || path == "/api/v1/identity/callback") {
        // Browser navigations, not fetches: each answers with a redirect.
        if (!identity_.enabled()) return respond(error_response(ErrorCode::not_found)), true;
        if (!get) return respond(method_not_allowed("GET")), true;
        if (path == "/api/v1/identity/start") {
            identity_.start(request, respond);
        } else {
            identity_.callback(request, query, respond);
        }
    } else if (path == "/api/v1/verifications") {
        if (!post) return respond(method_not_allowed("POST")), true;
        verification_.send_code(request, respond);
    } else if (path == "/api/v1/verifications/confirm") {
        if (!post) return respond(method_not_allowed("POST")), true;
        verification_.confirm(request, respond);
    } else if (path == "/api/v1/me") {
        if (!get) return respond(method_not_allowed("GET")), true;
        auto caller = verification_.authenticate(request);
        respond(caller ? json_response(200, {{"phone", caller->session.phone},
                                             {"identity", !caller->session.cpr.empty()}})
                       : error_response(caller.error()));
    } else if (path == "/api/v1/me/sign-out") {
        if (!post) return respond(method_not_allowed("POST")), true;
        verification_.sign_out(request, respond);
    } else if (path == "/api/v1/me/bookings") {
        respond(get ? my_bookings(request) : method_not_allowed("GET"));
    } else {
        return false;
    }
    return true;
}

HttpResponse Api::my_bookings(const HttpRequest& request) {
    auto caller = verification_.authenticate(request);
    if (!caller) return error_response(caller.error());
    const CitizenSession& session = caller->session;
    Json list = Json::array();
    for (const Booking& booking :
         bookings_of(thread_read_connection(options_.db_path), session.phone, session.cpr,
                     options_.clock.now() - kRecentSeconds, kMostBookings)) {
        list.push_back(booking_to_json(booking));
    }
    return json_response(200, {{"bookings", list}});
}

}  // namespace mawid::server
