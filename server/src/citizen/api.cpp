#include "citizen/api.hpp"

#include <mawid/booking.hpp>
#include <mawid/booking_code.hpp>
#include <mawid/codec.hpp>

#include <charconv>
#include <cstdio>

#include "http/compression.hpp"
#include "http/json_responses.hpp"
#include "http/metrics.hpp"
#include "http/openapi.hpp"
#include "http/request_parsing.hpp"
#include "jobs/bookings.hpp"
#include "http/routes.hpp"

namespace mawid::server {
namespace {

// Availability changes with every booking: no cache keeps it (docs/api.md). A client that
// keeps its own copy (the app's offline snapshot) revalidates it by ETag.
constexpr std::string_view kAvailabilityCacheControl = "no-store";

// Parses a small positive decimal; nullopt for anything else (signs, spaces, overflow).
std::optional<int> parse_small_int(std::string_view text) {
    if (text.empty() || text.size() > 4) return std::nullopt;
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// A booking code from a path segment; nullopt when it cannot be a real code.
std::optional<std::string> code_from_path(std::string_view segment) {
    auto decoded = percent_decode(segment, false);
    if (!decoded || !is_valid_code(*decoded)) return std::nullopt;
    return normalize_code(*decoded);
}

// The CPR of a lookup, cancel or reschedule: a valid one, or none from a verified asker.
Status checked_cpr(const std::string& cpr, const Asker& asker) {
    if (cpr.empty() && asker.verified) return Ok{};
    return validate_cpr(cpr);
}

// Under a national identity's session a booking is for the identity's own CPR: filled in
// when the body leaves it out, cpr_mismatch when the body names another.
Status own_cpr(Json& body, const Asker& asker) {
    if (!asker.verified || asker.cpr.empty()) return Ok{};
    auto sent = body.find("cpr");
    if (sent == body.end()) {
        body["cpr"] = asker.cpr;
    } else if (!sent->is_string() || sent->get<std::string>() != asker.cpr) {
        return make_error(ErrorCode::cpr_mismatch, "cpr");
    }
    return Ok{};
}

// The reader connection of this thread: reads never wait for the writer (WAL).
ReadStore& reader(const std::string& db_path) {
    thread_local std::unique_ptr<ReadStore> store;
    if (!store || store->broken()) store = std::make_unique<ReadStore>(db_path);
    return *store;
}

// The API's contract (docs/openapi.yaml), compiled in: the same for every client.
HttpResponse openapi_response() {
    HttpResponse response;
    response.body = std::string(openapi_json());
    return response;
}

}  // namespace

// --- Routing ----------------------------------------------------------------------------

Api::Api(ApiOptions options, CatalogCache& catalog, Writer& writer, Verification& verification,
         Identity& identity, const StaticFiles* files)
    : options_(std::move(options)),
      catalog_(catalog),
      writer_(writer),
      verification_(verification),
      identity_(identity),
      files_(files),
      limiter_(options_.rate_limit_per_minute),
      keys_(options_.db_path),
      // One SQLite file has one writer, this server's; on PostgreSQL other servers book too,
      // and their bookings show here within a second.
      availability_cache_(engine_of(options_.db_path) == Engine::sqlite
                              ? std::chrono::steady_clock::duration::max()
                              : std::chrono::steady_clock::duration(std::chrono::seconds(1))) {}

void Api::handle(const HttpRequest& request, Responder respond) {
    std::string_view target = request.target;
    std::size_t question = target.find('?');
    std::string_view path = target.substr(0, question);
    std::string_view query = question == std::string_view::npos ? "" : target.substr(question + 1);

    if (path == "/healthz") {
        respond(json_response(200, {{"status", "ok"}}));
        return;
    }
    if (path.substr(0, 5) == "/api/" || path == "/api") {
        try {
            handle_api(request, path, query, respond);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "api: %s\n", e.what());
            respond(failure_response(e));
        }
        return;
    }
    bool head = request.method == "HEAD";
    if (request.method != "GET" && !head) {
        respond(method_not_allowed("GET, HEAD"));
        return;
    }
    if (!files_) {
        respond(error_response(ErrorCode::not_found));
        return;
    }
    respond(files_->serve(path, request.if_none_match, request.accept_encoding, head));
}

void Api::handle_api(const HttpRequest& request, std::string_view path, std::string_view query,
                     Responder& respond) {
    // A body in any other type could come from a plain HTML form on another site, which a
    // browser sends without asking first (no CORS preflight): refused for both APIs.
    // The one exception is a catalogue upload (text/csv), which the staff API checks itself;
    // it changes state, so it needs X-Mawid-Staff, which no form can send.
    const bool upload = path == "/api/v1/staff/catalog/import";
    if (!request.body.empty() && !is_json_media_type(request.content_type) && !upload) {
        return respond(error_response(ErrorCode::unsupported_media_type));
    }
    if (staff_ && path.substr(0, kStaffPrefix.size()) == kStaffPrefix) {
        return staff_(request, path, query, std::move(respond));
    }
    // Another government system's key: its own quota, not the per-client one.
    if (auto key = bearer_token(request.authorization)) {
        return handle_service(request, *key, path, query, respond);
    }
    auto taken = limiter_.take(request.client_ip);
    if (taken.retry_after > 0) {
        respond(limiter_.refusal(taken));
        return;
    }
    if (limiter_.enabled()) {
        // Every limited answer tells the client its quota, so a well-behaved one can slow
        // down before it is refused (one wrapper, as the staff API's Cache-Control).
        respond = [inner = std::move(respond), taken, this](HttpResponse response) {
            limiter_.describe(response, taken);
            inner(std::move(response));
        };
    }
    const bool get = request.method == "GET";
    const bool post = request.method == "POST";
    if (handle_citizen_session(request, path, query, respond)) return;
    if (path == "/api/v1/catalog") {
        respond(get ? catalog(request) : method_not_allowed("GET"));
    } else if (path == "/api/v1/openapi.json") {
        respond(get ? openapi_response() : method_not_allowed("GET"));
    } else if (path == "/api/v1/availability") {
        respond(get ? availability(request, query) : method_not_allowed("GET"));
    } else if (path == "/api/v1/bookings") {
        if (post) return book(request, respond);
        respond(method_not_allowed("POST"));
    } else if (path == "/api/v1/bookings/lookup") {
        respond(post ? lookup(request) : method_not_allowed("POST"));
    } else if (path.substr(0, kBookingsPrefix.size()) == kBookingsPrefix) {
        std::string_view rest = path.substr(kBookingsPrefix.size());
        std::size_t slash = rest.find('/');
        std::string_view code = rest.substr(0, slash);
        std::string_view action = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
        if (action != "cancel" && action != "reschedule") {
            respond(error_response(ErrorCode::not_found));
        } else if (!post) {
            respond(method_not_allowed("POST"));
        } else if (action == "cancel") {
            cancel(request, code, respond);
        } else {
            reschedule(request, code, respond);
        }
    } else {
        respond(error_response(ErrorCode::not_found));
    }
}

// --- Reads --------------------------------------------------------------------------------

HttpResponse Api::catalog(const HttpRequest& request) const {
    // Public and the same for everyone: clients may keep it, but must revalidate.
    return prepared_response(*catalog_.get()->answer, request, "no-cache");
}

HttpResponse Api::availability(const HttpRequest& request, std::string_view query) const {
    auto centre = query_param(query, "centre");
    auto service = query_param(query, "service");
    auto from_text = query_param(query, "from");
    auto days_text = query_param(query, "days");
    if (!centre) return error_response(ErrorCode::bad_request, "centre");
    if (!service) return error_response(ErrorCode::bad_request, "service");
    if (!from_text) return error_response(ErrorCode::bad_request, "from");
    auto from = parse_date(*from_text);
    if (!from) return error_response(ErrorCode::bad_request, "from", "Expected YYYY-MM-DD.");
    std::optional<int> days = days_text ? parse_small_int(*days_text) : 7;
    if (!days || *days < 1 || *days > 60) {
        return error_response(ErrorCode::bad_request, "days", "Expected 1 to 60 days.");
    }
    UnixSeconds now = options_.clock.now();
    AvailabilityCache::Key key{
        *centre + '\n' + *service + '\n' + format_date(*from) + '\n' + std::to_string(*days),
        now / 60};
    // Read the generation before the data: a commit in between only makes the entry stale.
    std::uint64_t generation = writer_.generation();
    if (auto cached = availability_cache_.find(key, generation)) {
        return prepared_response(*cached, request, kAvailabilityCacheControl);
    }
    auto state = catalog_.get();
    auto slots = slot_grid(state->catalog, *centre, *service, *from, *days, now);
    if (!slots) return error_response(slots.error());
    Occupancy taken;
    if (!slots->empty()) {
        UnixSeconds first = slots->front().start, last = slots->front().start;
        for (const Slot& slot : *slots) {
            first = std::min(first, slot.start);
            last = std::max(last, slot.start);
        }
        taken = reader(options_.db_path).occupancy(*centre, *service, first, last + 1);
    }
    const Centre* where = find_centre(state->catalog, *centre);
    const int offset = where ? where->utc_offset_minutes : kDefaultUtcOffsetMinutes;
    std::string body = availability_text(*centre, *service, *slots, taken, offset);
    // The tag names the bytes and the catalogue version: it changes whenever a seat is taken
    // or freed, a slot passes, or the catalogue changes, and survives a restart unchanged.
    std::string etag = content_etag(state->catalog.version + '\n' + body);
    auto answer = std::make_shared<const PreparedAnswer>(std::move(body), std::move(etag));
    availability_cache_.store(key, generation, answer);
    return prepared_response(*answer, request, kAvailabilityCacheControl);
}

HttpResponse Api::lookup(const HttpRequest& request) {
    auto asker = asker_of(request);
    if (!asker) return error_response(asker.error());
    auto body = read_body(request.body, {{"code", FieldType::string},
                                         {"cpr", FieldType::string, !asker->verified}});
    if (!body) return error_response(body.error());
    const std::string& code_text = body->text("code");
    const std::string cpr = body->text_or("cpr", "");
    if (auto valid = checked_cpr(cpr, *asker); !valid) return error_response(valid.error());
    if (!is_valid_code(code_text)) return error_response(ErrorCode::not_found);
    auto found =
        owned(reader(options_.db_path).find_booking(*normalize_code(code_text)), cpr, *asker);
    if (!found) return error_response(found.error());
    return json_response(200, booking_to_json(found->booking));
}

// --- Writes (answered by the writer after COMMIT) ------------------------------------------

void Api::book(const HttpRequest& request, Responder& respond, const std::string& handled_by,
               const ServiceAccount* account) {
    // Staff and service accounts booking on a citizen's behalf are signed in themselves.
    auto asker = handled_by.empty() ? asker_of(request) : Result<Asker>(Asker{});
    if (!asker) return respond(error_response(asker.error()));
    if (auto checked = check_idempotency_key(request); !checked) {
        return respond(error_response(checked.error()));
    }
    auto body = object_body(request.body);
    if (!body) return respond(error_response(body.error()));
    if (auto own = own_cpr(body.value(), *asker); !own) return respond(error_response(own.error()));
    auto parsed = booking_request_from_json(*body);
    if (!parsed && !request.has_idempotency_key) {
        count_booking(BookingOutcome::invalid);
        return respond(error_response(parsed.error()));
    }

    if (parsed && account && !may_book(*account, parsed->service, parsed->centre)) {
        return respond(error_response(ErrorCode::scope_denied));
    }
    if (parsed && asker->verified && !asker->phone.empty() && parsed->phone != asker->phone) {
        return respond(error_response(ErrorCode::phone_mismatch, "phone"));
    }
    BookWork work;
    work.now = options_.clock.now();
    work.handled_by = handled_by;
    work.by_service_account = account != nullptr;
    work.asker = *asker;
    work.limits = options_.limits;
    auto state = catalog_.get();
    if (parsed) {
        work.request = std::move(parsed).value();
        auto slot = check_request(state->catalog, work.request, work.now);
        if (slot) {
            work.capacity = slot->capacity;
            const Service* service = find_service(state->catalog, work.request.service);
            const Centre* centre = find_centre(state->catalog, work.request.centre);
            work.one_active = service ? service->one_active_per_cpr : true;
            work.offset_minutes = centre ? centre->utc_offset_minutes : kDefaultUtcOffsetMinutes;
        } else if (!request.has_idempotency_key) {
            count_booking(BookingOutcome::invalid);
            return respond(booking_error_response(slot.error()));
        } else {
            work.validation_error = slot.error();
        }
    } else {
        work.validation_error = parsed.error();
    }
    if (request.has_idempotency_key) {
        // The key belongs to the person booked for: their CPR as parsed, else as sent.
        auto sent = body->find("cpr");
        bool sent_text = sent != body->end() && sent->is_string();
        std::string cpr = parsed      ? work.request.cpr
                          : sent_text ? sent->get<std::string>()
                                      : std::string();
        // A service account's keys are its own: another client's answer is never replayed.
        if (account) cpr = audit_name(*account) + '\n' + cpr;
        work.idempotency_key = idempotency_scope(request, cpr).value();
        work.hash = body_hash(*body);
    }
    // A booking may run again: outside the database run_book only counts and marks caches
    // stale.
    writer_.submit(
        WriteJob{[work = std::move(work)](WriteStore& store) { return run_book(store, work); },
                 std::move(respond), /*may_run_again=*/true});
}

void Api::cancel(const HttpRequest& request, std::string_view code_segment, Responder& respond) {
    auto asker = asker_of(request);
    if (!asker) return respond(error_response(asker.error()));
    auto body = read_body(request.body, {{"cpr", FieldType::string, !asker->verified}});
    if (!body) return respond(error_response(body.error()));
    const std::string cpr = body->text_or("cpr", "");
    if (auto valid = checked_cpr(cpr, *asker); !valid) return respond(error_response(valid.error()));
    auto code = code_from_path(code_segment);
    if (!code) return respond(error_response(ErrorCode::not_found));
    UnixSeconds now = options_.clock.now();
    writer_.submit(WriteJob{
        [code = *code, cpr, asker = *asker, now](WriteStore& store) {
            return run_cancel(store, code, cpr, asker, now);
        },
        std::move(respond)});
}

void Api::reschedule(const HttpRequest& request, std::string_view code_segment,
                     Responder& respond) {
    auto asker = asker_of(request);
    if (!asker) return respond(error_response(asker.error()));
    auto body = read_body(request.body, {{"cpr", FieldType::string, !asker->verified},
                                         {"start", FieldType::instant}});
    if (!body) return respond(error_response(body.error()));
    const std::string cpr = body->text_or("cpr", "");
    if (auto valid = checked_cpr(cpr, *asker); !valid) return respond(error_response(valid.error()));
    auto code = code_from_path(code_segment);
    if (!code) return respond(error_response(ErrorCode::not_found));
    UnixSeconds now = options_.clock.now();
    writer_.submit(WriteJob{[code = *code, cpr, asker = *asker, new_start = body->instant("start"),
                             now, state = catalog_.get()](WriteStore& store) {
                                return run_reschedule(store, code, cpr, asker, new_start,
                                                      state->catalog, now);
                            },
                            std::move(respond)});
}

}  // namespace mawid::server
