#include "staff_api.hpp"

#include <mawid/booking_code.hpp>
#include <mawid/codec.hpp>

#include <charconv>
#include <cmath>
#include <memory>

#include "bookings.hpp"
#include "json_responses.hpp"
#include "staff_admin.hpp"
#include "staff_store.hpp"

namespace mawid::server {
namespace {

constexpr std::string_view kStaffPrefix = "/api/v1/staff/";
constexpr int kMaxReportDays = 366;

// --- Small helpers --------------------------------------------------------------------------

// This thread's read connection for staff reads (sessions, the day, reports).
Connection& reader(const std::string& db_path) {
    thread_local std::unique_ptr<Connection> connection;
    thread_local std::string opened_for;
    if (!connection || opened_for != db_path) {
        connection = open_read_connection(db_path);
        opened_for = db_path;
    }
    return *connection;
}

// An error whose code shared/ does not know (staff-only codes such as user_exists).
HttpResponse custom_error(int status, std::string code, std::string message,
                          std::string field = {}) {
    Json body = {{"error", std::move(code)}, {"message", std::move(message)}};
    if (!field.empty()) body["field"] = std::move(field);
    return json_response(status, body);
}

HttpResponse method_not_allowed(std::string allow) {
    HttpResponse response =
        custom_error(405, "method_not_allowed", "This method is not allowed here.");
    response.headers.emplace_back("Allow", std::move(allow));
    return response;
}

bool changes_state(std::string_view method) {
    return method == "POST" || method == "PUT" || method == "DELETE" || method == "PATCH";
}

std::optional<std::string> query_value(std::string_view query, std::string_view name) {
    std::optional<std::string> found;
    while (!query.empty()) {
        std::size_t amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        std::size_t eq = pair.find('=');
        if (pair.substr(0, eq) == name) {
            std::string_view value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
            found = percent_decode(value, true).value_or(std::string(1, '\0'));
        }
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return found;
}

Result<Json> object_body(std::string_view body) {
    auto json = parse_json(body);
    if (!json) return json.error();
    if (!json->is_object())
        return make_error(ErrorCode::bad_request, "", "Expected a JSON object.");
    return json;
}

std::optional<Error> unknown_field(const Json& object, std::initializer_list<const char*> known) {
    for (const auto& item : object.items()) {
        bool ok = false;
        for (const char* name : known) ok = ok || item.key() == name;
        if (!ok) return make_error(ErrorCode::bad_request, item.key(), "Unknown field.");
    }
    return std::nullopt;
}

Result<Date> date_member(const Json& body, const char* field) {
    auto text = string_field(body, field);
    if (!text) return text.error();
    auto date = parse_date(*text);
    if (!date)
        return make_error(ErrorCode::bad_request, field, "Expected a real date as YYYY-MM-DD.");
    return *date;
}

Result<bool> dry_run_member(const Json& body) {
    if (!body.contains("dry_run")) return false;
    if (!body["dry_run"].is_boolean()) {
        return make_error(ErrorCode::bad_request, "dry_run", "Expected true or false.");
    }
    return body["dry_run"].get<bool>();
}

Json member_json(const StaffMember& member) {
    return {{"username", member.username},
            {"role", std::string(role_name(member.role))},
            {"centre", member.centre.empty() ? Json(nullptr) : Json(member.centre)}};
}

std::string last_chars(const std::string& text, std::size_t n) {
    return text.size() <= n ? text : text.substr(text.size() - n);
}

Json walk_in_json(const StoredWalkIn& stored, int offset_minutes) {
    return {{"id", stored.id},
            {"centre", stored.centre},
            {"ticket", walk_in_ticket(stored.walk_in)},
            {"service", stored.walk_in.service},
            {"priority", stored.walk_in.priority},
            {"issued_at", format_rfc3339(stored.walk_in.issued_at, offset_minutes)},
            {"served", stored.walk_in.served}};
}

int offset_of(const Catalog& catalog, const std::string& centre) {
    const Centre* found = find_centre(catalog, centre);
    return found ? found->utc_offset_minutes : 180;
}

Date local_today(const Catalog& catalog, const std::string& centre, UnixSeconds now) {
    return to_local(now, offset_of(catalog, centre)).date;
}

double round3(double value) {
    return std::round(value * 1000.0) / 1000.0;
}

Json report_row_json(const ReportRow& row) {
    return {{"service", row.service},
            {"bookings", row.bookings},
            {"checked_in", row.checked_in},
            {"served", row.served},
            {"no_show", row.no_show},
            {"cancelled", row.cancelled},
            {"walk_ins", row.walk_ins},
            {"seats_offered", row.seats_offered},
            {"seats_used", row.seats_used},
            {"no_show_rate", round3(no_show_rate(row))},
            {"utilisation", round3(utilisation(row))}};
}

// --- Work done by the writer ------------------------------------------------------------------

HttpResponse run_counter_action(WriteStore& store, const StaffMember& member,
                                const std::string& code, CounterAction action, UnixSeconds now) {
    auto found = store.find_booking(code);
    if (!found) return error_response(ErrorCode::not_found);
    Booking& booking = found->booking;
    if (!can_serve_centre(member, booking.centre)) return error_response(ErrorCode::forbidden);
    const BookingStatus before = booking.status;
    auto after = apply_counter_action(before, action);
    if (!after) {
        // The counter reports what happened meanwhile (a cancellation); it never overwrites it.
        Json body = error_to_json(after.error());
        body["status"] = std::string(status_name(before));
        return json_response(http_status(after.error().code), body);
    }
    if (*after != before) {
        store.set_status(code, *after, now);
        adjust_occupancy(store.connection(), booking,
                         int(holds_seat(*after)) - int(holds_seat(before)));
        booking.status = *after;
    }
    return json_response(200, booking_to_json(booking));
}

struct WalkInWork {
    std::string centre;
    std::string service;
    bool priority = false;
    UnixSeconds now = 0;
    int offset = 180;
    std::string day;
    std::string key;  // empty without Idempotency-Key
    std::string hash;
};

// A ticket is issued once per Idempotency-Key: a counter that retries after a lost answer
// must not print a second number.
HttpResponse run_issue_walk_in(WriteStore& store, const WalkInWork& work) {
    if (!work.key.empty()) {
        if (auto seen = store.find_idempotency(work.key)) {
            if (seen->body_hash != work.hash) {
                return error_response(ErrorCode::idempotency_mismatch, "Idempotency-Key");
            }
            HttpResponse replay;
            replay.status = seen->status;
            replay.body = seen->response;
            replay.headers.emplace_back("Idempotent-Replayed", "true");
            return replay;
        }
    }
    StoredWalkIn stored = insert_walk_in(store.connection(), work.centre, work.day, work.service,
                                         work.priority, work.now);
    HttpResponse response = json_response(201, walk_in_json(stored, work.offset));
    if (!work.key.empty()) {
        store.save_idempotency(work.key, IdempotencyRecord{work.hash, 201, response.body},
                               work.now);
    }
    return response;
}

HttpResponse run_walk_in_served(WriteStore& store, const StaffMember& member, std::int64_t id,
                                const Catalog& catalog, UnixSeconds now) {
    auto found = find_walk_in(store.connection(), id);
    if (!found) return error_response(ErrorCode::not_found);
    if (!can_serve_centre(member, found->centre)) return error_response(ErrorCode::forbidden);
    if (!found->walk_in.served) {
        mark_walk_in_served(store.connection(), id, now);
        found->walk_in.served = true;
    }
    return json_response(200, walk_in_json(*found, offset_of(catalog, found->centre)));
}

}  // namespace

Json staff_booking_json(const Booking& booking) {
    Json json = booking_to_json(booking);
    json["phone_last4"] = last_chars(booking.phone, 4);
    std::string cpr_tail = last_chars(booking.cpr, 4);
    json["cpr_masked"] = std::string(booking.cpr.size() - cpr_tail.size(), '*') + cpr_tail;
    return json;
}

StaffApi::StaffApi(std::string db_path, Clock clock, StaffOptions options, CatalogCache& catalog,
                   Writer& writer, BookHandler book)
    : db_path_(std::move(db_path)),
      clock_(clock),
      options_(options),
      catalog_(catalog),
      writer_(writer),
      book_(std::move(book)),
      anonymous_limiter_(options.rate_limit_per_minute),
      hasher_(options.fast_password_hashing) {}

// --- Routing --------------------------------------------------------------------------------

void StaffApi::handle(const HttpRequest& request, std::string_view path, std::string_view query,
                      Responder respond) {
    // Staff answers name people and sessions: never kept by a browser or a proxy.
    Responder reply = [respond = std::move(respond)](HttpResponse response) {
        response.headers.emplace_back("Cache-Control", "no-store");
        respond(std::move(response));
    };
    // A cross-site form cannot set a custom header: this is the CSRF guard (with SameSite).
    if (changes_state(request.method) && request.staff_header != "1") {
        return reply(custom_error(
            403, "forbidden", "State-changing staff requests need the header X-Mawid-Staff: 1."));
    }
    std::string_view rest = path.substr(kStaffPrefix.size());
    if (rest == "sign-in") {
        if (request.method != "POST") return reply(method_not_allowed("POST"));
        return sign_in(request, reply);
    }
    auto caller = authenticate(request);
    if (!caller) {
        // Only requests without a session share the citizens' per-client limit: a centre's
        // counters often sit behind one address, and their work must not be throttled.
        if (int wait = anonymous_limiter_.retry_after_seconds(request.client_ip); wait > 0) {
            HttpResponse limited = error_response(ErrorCode::rate_limited);
            limited.headers.emplace_back("Retry-After", std::to_string(wait));
            return reply(std::move(limited));
        }
        return reply(error_response(ErrorCode::unauthorized));
    }
    route(*caller, request, rest, query, reply);
}

std::optional<StaffApi::Caller> StaffApi::authenticate(const HttpRequest& request) {
    auto token = cookie_value(request.cookie, kSessionCookie);
    if (!token || token->empty() || token->size() > 128) return std::nullopt;
    std::string hash = token_hash(*token);
    auto session = find_session(reader(db_path_), hash);
    if (!session) return std::nullopt;
    const UnixSeconds now = clock_.now();
    if (now - session->last_seen > options_.session_idle_seconds ||
        now - session->created_at > options_.session_max_seconds) {
        writer_.submit(WriteJob{[hash](WriteStore& store) {
                                    delete_session(store.connection(), hash);
                                    return HttpResponse{};
                                },
                                [](HttpResponse) {}});
        return std::nullopt;
    }
    // last_seen moves in steps (a minute for the 30-minute timeout), so a busy counter does
    // not cost the writer a transaction per request.
    const UnixSeconds step = std::max(1, options_.session_idle_seconds / 30);
    if (now - session->last_seen >= step) {
        writer_.submit(WriteJob{[hash, now](WriteStore& store) {
                                    touch_session(store.connection(), hash, now);
                                    return HttpResponse{};
                                },
                                [](HttpResponse) {}});
    }
    return Caller{std::move(session->member), std::move(hash)};
}

void StaffApi::route(const Caller& caller, const HttpRequest& request, std::string_view rest,
                     std::string_view query, Responder& respond) {
    const bool get = request.method == "GET";
    const bool post = request.method == "POST";
    std::size_t slash = rest.find('/');
    std::string_view head = rest.substr(0, slash);
    std::string_view tail = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
    const bool admin = caller.member.role == Role::admin;

    if (rest == "me") {
        return respond(get ? json_response(200, member_json(caller.member))
                           : method_not_allowed("GET"));
    }
    if (rest == "sign-out") {
        if (!post) return respond(method_not_allowed("POST"));
        return sign_out(caller, request, respond);
    }
    if (rest == "me/password") {
        if (!post) return respond(method_not_allowed("POST"));
        return change_own_password(caller, request, respond);
    }
    if (rest == "users" && get) {
        if (!admin) return respond(error_response(ErrorCode::forbidden));
        return respond(list_accounts());
    }
    if (rest == "users" || rest == "holidays" || rest == "holidays/remove") {
        if (!post) return respond(method_not_allowed(rest == "users" ? "GET, POST" : "POST"));
        if (!admin) return respond(error_response(ErrorCode::forbidden));
        if (rest == "users") return create_user(request, respond);
        if (rest == "holidays") return add_holiday(request, respond);
        return remove_from_catalog(Removal::holiday, "", request, respond);
    }
    std::size_t second = tail.find('/');
    std::string_view id = tail.substr(0, second);
    std::string_view what = second == std::string_view::npos ? "" : tail.substr(second + 1);
    if (head == "centres" && !id.empty()) {
        auto centre = percent_decode(id, false);
        if (!centre) return respond(error_response(ErrorCode::not_found));
        return route_centre(caller, request, *centre, what, query, respond);
    }
    if (head == "bookings" && !id.empty()) {
        std::optional<CounterAction> action;
        if (what == "check-in") action = CounterAction::check_in;
        if (what == "serve") action = CounterAction::serve;
        if (what == "no-show") action = CounterAction::no_show;
        if (!action) return respond(error_response(ErrorCode::not_found));
        if (!post) return respond(method_not_allowed("POST"));
        return counter_action(caller, id, *action, respond);
    }
    if (head == "users" && !id.empty() && what == "password") {
        if (!post) return respond(method_not_allowed("POST"));
        if (!admin) return respond(error_response(ErrorCode::forbidden));
        auto name = percent_decode(id, false);
        if (!name) return respond(error_response(ErrorCode::not_found));
        return reset_password(lowercase(*name), request, respond);
    }
    if (head == "walk-ins" && !id.empty() && what == "served") {
        if (!post) return respond(method_not_allowed("POST"));
        return walk_in_served(caller, id, respond);
    }
    respond(error_response(ErrorCode::not_found));
}

void StaffApi::route_centre(const Caller& caller, const HttpRequest& request,
                            const std::string& centre, std::string_view what,
                            std::string_view query, Responder& respond) {
    const bool get = request.method == "GET";
    const bool post = request.method == "POST";
    const bool serving = what == "day" || what == "walk-ins" || what == "bookings";
    const bool administering = what == "schedule" || what == "closures" || what == "report" ||
                               what == "schedule/remove" || what == "closures/remove";
    if (!serving && !administering) return respond(error_response(ErrorCode::not_found));
    // Who may act first, then whether the centre exists: a stranger learns nothing.
    const bool allowed = serving ? can_serve_centre(caller.member, centre)
                                 : can_administer_centre(caller.member, centre);
    if (!allowed) return respond(error_response(ErrorCode::forbidden));
    if (!find_centre(catalog_.get()->catalog, centre)) {
        return respond(error_response(ErrorCode::unknown_centre));
    }
    if (what == "day") return respond(get ? day(centre, query) : method_not_allowed("GET"));
    if (what == "report") return respond(get ? report(centre, query) : method_not_allowed("GET"));
    if (what == "schedule") {
        if (get) return respond(schedule(centre));
        if (post) return change_schedule(centre, request, respond);
        return respond(method_not_allowed("GET, POST"));
    }
    if (!post) return respond(method_not_allowed("POST"));
    if (what == "walk-ins") return issue_walk_in(centre, request, respond);
    if (what == "bookings") return book_for_citizen(centre, request, respond);
    if (what == "closures") return add_closure(centre, request, respond);
    remove_from_catalog(what == "closures/remove" ? Removal::closure : Removal::schedule_change,
                        centre, request, respond);
}

// --- Sessions -------------------------------------------------------------------------------

void StaffApi::sign_in(const HttpRequest& request, Responder& respond) {
    auto body = object_body(request.body);
    if (!body) return respond(error_response(body.error()));
    if (auto unknown = unknown_field(*body, {"username", "password"})) {
        return respond(error_response(*unknown));
    }
    auto username = string_field(*body, "username");
    if (!username) return respond(error_response(username.error()));
    auto password = string_field(*body, "password");
    if (!password) return respond(error_response(password.error()));
    std::string user = lowercase(*username);
    // A throttle key must not be a way to fill memory; the '~' keeps a cut name from ever
    // matching a real (shorter) one.
    if (user.size() > 64) user = user.substr(0, 64) + "~";
    const std::string client = request.client_ip;
    if (int wait = throttle_.retry_after(user, client, clock_.now()); wait > 0) {
        HttpResponse limited = error_response(ErrorCode::rate_limited);
        limited.headers.emplace_back("Retry-After", std::to_string(wait));
        return respond(std::move(limited));
    }
    auto attempt = std::make_shared<SignInAttempt>();
    attempt->username = std::move(user);
    attempt->password = std::move(password).value();
    attempt->client = client;
    attempt->secure = !is_local_host(request.host);
    // The session this browser had, if any, ends when the new one starts.
    auto old_token = cookie_value(request.cookie, kSessionCookie);
    if (old_token && !old_token->empty()) attempt->replaced = token_hash(*old_token);
    auto done = std::make_shared<Responder>(std::move(respond));
    auth_tasks_.post([this, attempt, done] {
        try {
            finish_sign_in(*attempt, *done);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "staff: sign-in failed: %s\n", e.what());
            (*done)(internal_error_response());
        }
    });
}

// On the auth thread: one password check at a time, then the session through the writer.
void StaffApi::finish_sign_in(const SignInAttempt& attempt, Responder& respond) {
    const std::string& username = attempt.username;
    const std::string& client = attempt.client;
    const UnixSeconds now = clock_.now();
    // Checked again here: attempts queued together must not slip past the limit.
    if (int wait = throttle_.retry_after(username, client, now); wait > 0) {
        HttpResponse limited = error_response(ErrorCode::rate_limited);
        limited.headers.emplace_back("Retry-After", std::to_string(wait));
        return respond(std::move(limited));
    }
    auto user = is_valid_username(username) ? find_user(reader(db_path_), username) : std::nullopt;
    // Unknown users are checked against a dummy hash: the same answer in the same time.
    if (!hasher_.verify(attempt.password, user ? user->password_hash : std::string())) {
        throttle_.record_failure(username, client, now);
        return respond(error_response(ErrorCode::bad_credentials));
    }
    throttle_.record_success(username);
    std::string token = new_session_token();
    StaffMember member = user->member;
    const UnixSeconds idle_before = now - options_.session_idle_seconds;
    const UnixSeconds created_before = now - options_.session_max_seconds;
    writer_.submit(WriteJob{
        [hash = token_hash(token), replaced = attempt.replaced, member, now, idle_before,
         created_before](WriteStore& store) {
            delete_expired_sessions(store.connection(), idle_before, created_before);
            if (!replaced.empty()) delete_session(store.connection(), replaced);
            insert_session(store.connection(), hash, member.username, now);
            HttpResponse response = json_response(200, member_json(member));
            return response;
        },
        [token, secure = attempt.secure, respond = std::move(respond)](HttpResponse response) {
            // The cookie is added after COMMIT, outside the writer: the token never sits in
            // the database or a stored answer.
            if (response.status == 200) {
                response.headers.emplace_back("Set-Cookie", session_cookie(token, secure));
            }
            respond(std::move(response));
        }});
}

void StaffApi::sign_out(const Caller& caller, const HttpRequest& request, Responder& respond) {
    const bool secure = !is_local_host(request.host);
    writer_.submit(WriteJob{[hash = caller.token_hash](WriteStore& store) {
                                delete_session(store.connection(), hash);
                                HttpResponse response;
                                response.status = 204;
                                response.content_type.clear();
                                return response;
                            },
                            [secure, respond = std::move(respond)](HttpResponse response) {
                                if (response.status == 204) {
                                    response.headers.emplace_back("Set-Cookie",
                                                                  session_cookie("", secure));
                                }
                                respond(std::move(response));
                            }});
}

// --- The day and the counter ------------------------------------------------------------------

HttpResponse StaffApi::day(const std::string& centre, std::string_view query) const {
    auto state = catalog_.get();
    const int offset = offset_of(state->catalog, centre);
    const UnixSeconds now = clock_.now();
    Date date = to_local(now, offset).date;
    if (auto text = query_value(query, "date")) {
        auto parsed = parse_date(*text);
        if (!parsed) return error_response(ErrorCode::bad_request, "date", "Expected YYYY-MM-DD.");
        date = *parsed;
    }
    Connection& db = reader(db_path_);
    auto bookings = bookings_between(db, centre, to_unix(date, 0, offset),
                                     to_unix(add_days(date, 1), 0, offset));
    Json list = Json::array();
    Json counts = {
        {"booked", 0}, {"checked_in", 0}, {"served", 0}, {"no_show", 0}, {"cancelled", 0}};
    for (const Booking& booking : bookings) {
        list.push_back(staff_booking_json(booking));
        counts[std::string(status_name(booking.status))] =
            counts[std::string(status_name(booking.status))].get<int>() + 1;
    }
    Json walk_ins = Json::array();
    std::vector<WalkIn> waiting;
    std::map<std::string, std::int64_t> id_by_ticket;
    for (const StoredWalkIn& stored : walk_ins_on(db, centre, format_date(date))) {
        walk_ins.push_back(walk_in_json(stored, offset));
        waiting.push_back(stored.walk_in);
        id_by_ticket[walk_in_ticket(stored.walk_in)] = stored.id;
    }
    Json queue = Json::array();
    for (const WalkIn& next : walk_in_queue(waiting))
        queue.push_back(id_by_ticket[walk_in_ticket(next)]);
    return json_response(200, {{"centre", centre},
                               {"date", format_date(date)},
                               {"as_of", format_rfc3339(now, offset)},
                               {"bookings", list},
                               {"counts", counts},
                               {"walk_ins", walk_ins},
                               {"queue", queue}});
}

void StaffApi::counter_action(const Caller& caller, std::string_view code_segment,
                              CounterAction action, Responder& respond) {
    // Typed codes arrive as read aloud: lowercase, dashes, spaces. The check character
    // catches a typo before the database is asked.
    auto decoded = percent_decode(code_segment, false);
    if (!decoded || !is_valid_code(*decoded)) return respond(error_response(ErrorCode::not_found));
    std::string code = *normalize_code(*decoded);
    writer_.submit(
        WriteJob{[member = caller.member, code, action, now = clock_.now()](WriteStore& store) {
                     return run_counter_action(store, member, code, action, now);
                 },
                 std::move(respond)});
}

void StaffApi::issue_walk_in(const std::string& centre, const HttpRequest& request,
                             Responder& respond) {
    auto body = object_body(request.body);
    if (!body) return respond(error_response(body.error()));
    if (auto unknown = unknown_field(*body, {"service", "priority"})) {
        return respond(error_response(*unknown));
    }
    auto service = string_field(*body, "service");
    if (!service) return respond(error_response(service.error()));
    bool priority = false;
    if (body->contains("priority")) {
        if (!(*body)["priority"].is_boolean()) {
            return respond(
                error_response(ErrorCode::bad_request, "priority", "Expected true or false."));
        }
        priority = (*body)["priority"].get<bool>();
    }
    auto state = catalog_.get();
    if (!find_service(state->catalog, *service)) {
        return respond(error_response(ErrorCode::unknown_service, "service"));
    }
    if (!offers(*find_centre(state->catalog, centre), *service)) {
        return respond(
            booking_error_response(make_error(ErrorCode::service_not_offered, "service")));
    }
    if (request.has_idempotency_key &&
        (request.idempotency_key.empty() || request.idempotency_key.size() > 255)) {
        return respond(error_response(ErrorCode::bad_request, "Idempotency-Key",
                                      "An Idempotency-Key is 1 to 255 characters."));
    }
    WalkInWork work;
    work.centre = centre;
    work.service = *service;
    work.priority = priority;
    work.now = clock_.now();
    work.offset = offset_of(state->catalog, centre);
    work.day = format_date(to_local(work.now, work.offset).date);
    if (request.has_idempotency_key) {
        // Its own corner of the idempotency table: a booking's key never replays a ticket.
        work.key = "walk-in\n" + centre + "\n" + std::string(request.idempotency_key);
        work.hash = body_hash(*body);
    }
    writer_.submit(WriteJob{
        [work = std::move(work)](WriteStore& store) { return run_issue_walk_in(store, work); },
        std::move(respond)});
}

void StaffApi::walk_in_served(const Caller& caller, std::string_view id_text, Responder& respond) {
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
    if (ec != std::errc() || end != id_text.data() + id_text.size() || id <= 0) {
        return respond(error_response(ErrorCode::not_found));
    }
    writer_.submit(WriteJob{[member = caller.member, id, now = clock_.now(),
                             state = catalog_.get()](WriteStore& store) {
                                return run_walk_in_served(store, member, id, state->catalog, now);
                            },
                            std::move(respond)});
}

void StaffApi::book_for_citizen(const std::string& centre, const HttpRequest& request,
                                Responder& respond) {
    auto parsed = object_body(request.body);
    if (!parsed) return respond(error_response(parsed.error()));
    Json body = std::move(parsed).value();
    // The centre is the one in the path; a body naming another is a mistake, not a request.
    if (!body.contains("centre")) body["centre"] = centre;
    if (body["centre"] != centre) {
        return respond(error_response(ErrorCode::bad_request, "centre",
                                      "The body names a different centre than the path."));
    }
    std::string text = to_text(body);
    HttpRequest forwarded = request;
    forwarded.body = text;  // read before book_ returns: it copies what it keeps
    book_(forwarded, respond);
}

// --- Centre administration ------------------------------------------------------------------

HttpResponse StaffApi::schedule(const std::string& centre) const {
    auto state = catalog_.get();
    Json catalog = catalog_to_json(state->catalog);
    for (const Json& item : catalog["centres"]) {
        if (item["id"] != centre) continue;
        return json_response(200, {{"centre", centre},
                                   {"version", state->catalog.version},
                                   {"utc_offset_minutes", item["utc_offset_minutes"]},
                                   {"services", item["services"]},
                                   {"hours", item["hours"]},
                                   {"counters", item["counters"]},
                                   {"closures", item["closures"]},
                                   {"changes", item.value("changes", Json::array())},
                                   {"holidays", catalog["holidays"]}});
    }
    return error_response(ErrorCode::unknown_centre);
}

void StaffApi::change_schedule(const std::string& centre, const HttpRequest& request,
                               Responder& respond) {
    auto body = object_body(request.body);
    if (!body) return respond(error_response(body.error()));
    if (auto unknown = unknown_field(*body, {"from", "hours", "counters", "dry_run"})) {
        return respond(error_response(*unknown));
    }
    auto from = date_member(*body, "from");
    if (!from) return respond(error_response(from.error()));
    auto dry_run = dry_run_member(*body);
    if (!dry_run) return respond(error_response(dry_run.error()));
    Json hours = body->value("hours", Json());
    Json counters = body->value("counters", Json());
    submit_catalog_edit(
        [centre, from = *from, hours, counters](const Catalog& catalog) {
            return with_schedule_change(catalog, centre, from, hours, counters);
        },
        {centre}, *from, *dry_run, respond);
}

void StaffApi::add_closure(const std::string& centre, const HttpRequest& request,
                           Responder& respond) {
    auto body = object_body(request.body);
    if (!body) return respond(error_response(body.error()));
    if (auto unknown = unknown_field(*body, {"from", "to", "name", "dry_run"})) {
        return respond(error_response(*unknown));
    }
    auto from = date_member(*body, "from");
    if (!from) return respond(error_response(from.error()));
    auto to = date_member(*body, "to");
    if (!to) return respond(error_response(to.error()));
    auto dry_run = dry_run_member(*body);
    if (!dry_run) return respond(error_response(dry_run.error()));
    Json name = body->value("name", Json());
    submit_catalog_edit(
        [centre, from = *from, to = *to, name](const Catalog& catalog) {
            return with_closure(catalog, centre, from, to, name);
        },
        {centre}, *from, *dry_run, respond);
}

void StaffApi::add_holiday(const HttpRequest& request, Responder& respond) {
    auto body = object_body(request.body);
    if (!body) return respond(error_response(body.error()));
    if (auto unknown = unknown_field(*body, {"from", "to", "name", "dry_run"})) {
        return respond(error_response(*unknown));
    }
    auto from = date_member(*body, "from");
    if (!from) return respond(error_response(from.error()));
    auto to = date_member(*body, "to");
    if (!to) return respond(error_response(to.error()));
    auto dry_run = dry_run_member(*body);
    if (!dry_run) return respond(error_response(dry_run.error()));
    Json name = body->value("name", Json());
    submit_catalog_edit(
        [from = *from, to = *to, name](const Catalog& catalog) {
            return with_holiday(catalog, from, to, name);
        },
        {}, *from, *dry_run, respond);
}

void StaffApi::remove_from_catalog(Removal what, const std::string& centre,
                                   const HttpRequest& request, Responder& respond) {
    auto body = object_body(request.body);
    if (!body) return respond(error_response(body.error()));
    const bool dated_span = what != Removal::schedule_change;
    if (auto unknown = dated_span ? unknown_field(*body, {"from", "to", "dry_run"})
                                  : unknown_field(*body, {"from", "dry_run"})) {
        return respond(error_response(*unknown));
    }
    auto from = date_member(*body, "from");
    if (!from) return respond(error_response(from.error()));
    auto to = dated_span ? date_member(*body, "to") : Result<Date>(*from);
    if (!to) return respond(error_response(to.error()));
    auto dry_run = dry_run_member(*body);
    if (!dry_run) return respond(error_response(dry_run.error()));
    std::vector<std::string> centres;
    if (!centre.empty()) centres.push_back(centre);
    submit_catalog_edit(
        [what, centre, from = *from, to = *to](const Catalog& catalog) {
            return without(catalog, what, centre, from, to);
        },
        std::move(centres), *from, *dry_run, respond);
}

// Runs an edit in the writer against the stored catalogue (the writer is the only one that
// changes it, so edits never overwrite each other), saves it with a new version, and lists
// what it strands. The in-memory catalogue is replaced only after COMMIT.
void StaffApi::submit_catalog_edit(CatalogEdit edit, std::vector<std::string> centres, Date from,
                                   bool dry_run, Responder& respond) {
    // A change to days already past would only rewrite history (and the reports).
    const auto state = catalog_.get();
    const std::string first = centres.empty() ? std::string() : centres.front();
    if (from < local_today(state->catalog, first, clock_.now())) {
        return respond(error_response(ErrorCode::bad_request, "from",
                                      "A change applies from today or a later day."));
    }
    auto applied = std::make_shared<std::optional<Catalog>>();
    const UnixSeconds now = clock_.now();
    auto work = [edit = std::move(edit), centres = std::move(centres), from, dry_run, now,
                 applied](WriteStore& store) -> HttpResponse {
        auto stored = store.load_catalog();
        if (!stored) return error_response(ErrorCode::not_found, "", "There is no catalogue yet.");
        auto json = parse_json(stored->json);
        auto current = json ? catalog_from_json(*json) : Result<Catalog>(json.error());
        if (!current) return internal_error_response();
        auto edited = edit(*current);
        if (!edited) return error_response(edited.error());
        Catalog next = std::move(edited).value();
        if (!dry_run) next.version = next_catalog_version(current->version);
        std::vector<std::string> affected = centres;
        if (affected.empty()) {
            for (const Centre& centre : next.centres) affected.push_back(centre.id);
        }
        Json stranded = Json::array();
        for (const Booking& booking :
             stranded_after_change(store.connection(), next, affected, from)) {
            stranded.push_back(staff_booking_json(booking));
        }
        if (!dry_run) {
            store.save_catalog(StoredCatalog{next.version, to_text(catalog_to_json(next))}, now);
        }
        Json answer = {{"version", next.version}, {"dry_run", dry_run}, {"stranded", stranded}};
        if (!dry_run) *applied = std::move(next);
        return json_response(200, answer);
    };
    writer_.submit(WriteJob{std::move(work),
                            [this, applied, respond = std::move(respond)](HttpResponse response) {
                                if (response.status != 200 || !*applied) {
                                    return respond(std::move(response));
                                }
                                catalog_.set(std::move(**applied));
                                answer_after_next_commit(std::move(response), respond);
                            }});
}

// Availability answers are cached per writer generation. One computed from the old catalogue
// between this edit's COMMIT and catalog_.set() would carry the new generation; an empty
// transaction moves the generation past it, and the supervisor is answered after that, so
// every client that hears of the change also sees it in availability.
void StaffApi::answer_after_next_commit(HttpResponse response, Responder respond) {
    writer_.submit(WriteJob{[](WriteStore&) { return HttpResponse{}; },
                            [response = std::move(response), respond = std::move(respond)](
                                HttpResponse) mutable { respond(std::move(response)); }});
}

// --- Reports and accounts ---------------------------------------------------------------------

HttpResponse StaffApi::report(const std::string& centre, std::string_view query) const {
    auto from_text = query_value(query, "from");
    auto to_text_value = query_value(query, "to");
    auto from = from_text ? parse_date(*from_text) : std::nullopt;
    auto to = to_text_value ? parse_date(*to_text_value) : std::nullopt;
    if (!from) return error_response(ErrorCode::bad_request, "from", "Expected YYYY-MM-DD.");
    if (!to) return error_response(ErrorCode::bad_request, "to", "Expected YYYY-MM-DD.");
    if (*to < *from || days_between(*from, *to) >= kMaxReportDays) {
        return error_response(ErrorCode::bad_request, "to",
                              "The range runs forward and covers at most 366 days.");
    }
    auto format = query_value(query, "format").value_or("json");
    if (format != "json" && format != "csv") {
        return error_response(ErrorCode::bad_request, "format", "Expected json or csv.");
    }
    auto state = catalog_.get();
    const int offset = offset_of(state->catalog, centre);
    Connection& db = reader(db_path_);
    auto bookings = bookings_between(db, centre, to_unix(*from, 0, offset),
                                     to_unix(add_days(*to, 1), 0, offset));
    auto walk_ins = walk_ins_by_service(db, centre, format_date(*from), format_date(*to));
    auto rows = centre_report(state->catalog, centre, *from, *to, bookings, walk_ins);
    if (format == "csv") {
        HttpResponse response;
        response.content_type = "text/csv; charset=utf-8";
        response.body = report_to_csv(rows);
        response.headers.emplace_back("Content-Disposition", "attachment; filename=\"mawid-" +
                                                                 centre + "-" + format_date(*from) +
                                                                 "-" + format_date(*to) + ".csv\"");
        return response;
    }
    Json list = Json::array();
    for (const ReportRow& row : rows) list.push_back(report_row_json(row));
    return json_response(200, {{"centre", centre},
                               {"from", format_date(*from)},
                               {"to", format_date(*to)},
                               {"rows", list}});
}

void StaffApi::create_user(const HttpRequest& request, Responder& respond) {
    auto body = object_body(request.body);
    if (!body) return respond(error_response(body.error()));
    if (auto unknown = unknown_field(*body, {"username", "password", "role", "centre"})) {
        return respond(error_response(*unknown));
    }
    auto username = string_field(*body, "username");
    if (!username) return respond(error_response(username.error()));
    auto password = string_field(*body, "password");
    if (!password) return respond(error_response(password.error()));
    auto role_text = string_field(*body, "role");
    if (!role_text) return respond(error_response(role_text.error()));
    auto role = parse_role(*role_text);
    if (!role) {
        return respond(
            error_response(ErrorCode::bad_request, "role", "Expected staff, supervisor or admin."));
    }
    std::string name = lowercase(*username);
    if (!is_valid_username(name)) {
        return respond(error_response(ErrorCode::bad_request, "username",
                                      "3 to 64 of a-z, 0-9, '.', '_' and '-'."));
    }
    if (auto problem = password_problem(*password); !problem.empty()) {
        return respond(custom_error(422, "weak_password", problem, "password"));
    }
    std::string centre;
    const Json centre_value = body->value("centre", Json());
    if (*role == Role::admin) {
        if (!centre_value.is_null()) {
            return respond(error_response(ErrorCode::bad_request, "centre",
                                          "An admin serves every centre: centre is null."));
        }
    } else {
        if (!centre_value.is_string()) {
            return respond(error_response(ErrorCode::bad_request, "centre",
                                          "Staff and supervisors belong to one centre."));
        }
        centre = centre_value.get<std::string>();
        if (!find_centre(catalog_.get()->catalog, centre)) {
            return respond(error_response(ErrorCode::unknown_centre, "centre"));
        }
    }
    UserRecord user{StaffMember{name, *role, centre}, ""};
    auto done = std::make_shared<Responder>(std::move(respond));
    auto pw = std::make_shared<std::string>(std::move(password).value());
    auth_tasks_.post([this, user, pw, done]() mutable {
        auto hash = hasher_.hash(*pw);
        if (!hash) return (*done)(internal_error_response());
        user.password_hash = *hash;
        writer_.submit(WriteJob{[user, now = clock_.now()](WriteStore& store) {
                                    if (!insert_user(store.connection(), user, now)) {
                                        return custom_error(409, "user_exists",
                                                            "This user name is taken.", "username");
                                    }
                                    return json_response(201, member_json(user.member));
                                },
                                std::move(*done)});
    });
}

HttpResponse StaffApi::list_accounts() const {
    Json users = Json::array();
    for (const StaffMember& member : list_users(reader(db_path_))) {
        users.push_back(member_json(member));
    }
    return json_response(200, {{"users", users}});
}

// The new password is hashed on the auth thread, stored by the writer, and every session of
// the user but `keep` ends: whoever knew the old password is signed out.
void StaffApi::store_password(const std::string& username, std::string password, std::string keep,
                              Responder respond) {
    auto done = std::make_shared<Responder>(std::move(respond));
    auth_tasks_.post([this, username, password = std::move(password), keep, done] {
        auto hash = hasher_.hash(password);
        if (!hash) return (*done)(internal_error_response());
        writer_.submit(WriteJob{[username, hash = *hash, keep](WriteStore& store) {
                                    if (!set_password_hash(store.connection(), username, hash)) {
                                        return error_response(ErrorCode::not_found);
                                    }
                                    delete_sessions_of(store.connection(), username, keep);
                                    HttpResponse response;
                                    response.status = 204;
                                    response.content_type.clear();
                                    return response;
                                },
                                std::move(*done)});
    });
}

void StaffApi::change_own_password(const Caller& caller, const HttpRequest& request,
                                   Responder& respond) {
    auto body = object_body(request.body);
    if (!body) return respond(error_response(body.error()));
    if (auto unknown = unknown_field(*body, {"current", "new"})) {
        return respond(error_response(*unknown));
    }
    auto current = string_field(*body, "current");
    if (!current) return respond(error_response(current.error()));
    auto next = string_field(*body, "new");
    if (!next) return respond(error_response(next.error()));
    if (auto problem = password_problem(*next); !problem.empty()) {
        return respond(custom_error(422, "weak_password", problem, "new"));
    }
    const std::string username = caller.member.username;
    const std::string client = request.client_ip;
    // Guessing the current password here counts like failed sign-ins.
    if (int wait = throttle_.retry_after(username, client, clock_.now()); wait > 0) {
        HttpResponse limited = error_response(ErrorCode::rate_limited);
        limited.headers.emplace_back("Retry-After", std::to_string(wait));
        return respond(std::move(limited));
    }
    auto done = std::make_shared<Responder>(std::move(respond));
    auth_tasks_.post([this, username, client, keep = caller.token_hash, current = *current,
                      next = *next, done]() mutable {
        auto user = find_user(reader(db_path_), username);
        if (!user || !hasher_.verify(current, user->password_hash)) {
            throttle_.record_failure(username, client, clock_.now());
            // Not 401: the session is fine, and the app must not think it was signed out.
            return (*done)(custom_error(422, "wrong_password", "The current password is not right.",
                                        "current"));
        }
        store_password(username, std::move(next), keep, std::move(*done));
    });
}

void StaffApi::reset_password(const std::string& username, const HttpRequest& request,
                              Responder& respond) {
    auto body = object_body(request.body);
    if (!body) return respond(error_response(body.error()));
    if (auto unknown = unknown_field(*body, {"password"})) {
        return respond(error_response(*unknown));
    }
    auto password = string_field(*body, "password");
    if (!password) return respond(error_response(password.error()));
    if (auto problem = password_problem(*password); !problem.empty()) {
        return respond(custom_error(422, "weak_password", problem, "password"));
    }
    store_password(username, *password, "", std::move(respond));
}

}  // namespace mawid::server
