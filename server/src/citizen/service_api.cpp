// The citizen API as another government system's service account calls it
// (docs/service-accounts.md): `Authorization: Bearer <key>` instead of a citizen's session,
// the account's own quota instead of the per-client one, and its scopes, services and
// centres deciding what it may do. Every booking it makes, looks up or cancels is recorded
// in the audit trail in the same transaction, under "api:<name>", with no CPR or phone.
#include <mawid/booking.hpp>
#include <mawid/booking_code.hpp>
#include <mawid/codec.hpp>

#include "citizen/api.hpp"
#include "http/json_responses.hpp"
#include "http/request_parsing.hpp"
#include "storage/audit_store.hpp"
#include "http/routes.hpp"

namespace mawid::server {
namespace {


// A booking code from a path segment or body; nullopt when it cannot be a real code.
std::optional<std::string> booking_code(std::string_view text) {
    if (!is_valid_code(text)) return std::nullopt;
    return normalize_code(text);
}

// The booking `code` if `cpr` owns it and the account may act on its service and centre.
Result<StoredBooking> account_booking(WriteStore& store, const ServiceAccount& account,
                                      const std::string& code, const std::string& cpr) {
    auto found = owned(store.find_booking(code), cpr, Asker{});
    if (!found) return found.error();
    if (!may_book(account, found->booking.service, found->booking.centre)) {
        return make_error(ErrorCode::scope_denied);
    }
    return found;
}

}  // namespace

void Api::handle_service(const HttpRequest& request, std::string_view key, std::string_view path,
                         std::string_view query, Responder& respond) {
    auto account = keys_.authenticate(key);
    if (!account) {
        // Wrong keys cost the sender the citizens' per-client quota: no free guessing.
        if (auto taken = limiter_.take(request.client_ip); taken.retry_after > 0) {
            return respond(limiter_.refusal(taken));
        }
        return respond(error_response(account.error()));
    }
    RateLimiter& quota = keys_.quota(*account);
    auto taken = quota.take("account");
    if (taken.retry_after > 0) return respond(quota.refusal(taken));
    // Every answer tells the system its quota, so it can slow down before it is refused.
    Responder reply = [inner = std::move(respond), taken, &quota](HttpResponse response) {
        quota.describe(response, taken);
        inner(std::move(response));
    };
    route_service(request, *account, path, query, reply);
}

void Api::route_service(const HttpRequest& request, const ServiceAccount& account,
                        std::string_view path, std::string_view query, Responder& respond) {
    const bool get = request.method == "GET";
    const bool post = request.method == "POST";
    const Error denied = make_error(ErrorCode::scope_denied);
    if (path == "/api/v1/catalog") {
        if (!get) return respond(method_not_allowed("GET"));
        if (!has_scope(account, kCatalogRead)) return respond(error_response(denied));
        return respond(catalog(request));
    }
    if (path == "/api/v1/availability") {
        if (!get) return respond(method_not_allowed("GET"));
        if (!has_scope(account, kAvailabilityRead)) return respond(error_response(denied));
        return respond(availability(request, query));
    }
    if (path == "/api/v1/bookings" || path == "/api/v1/bookings/lookup") {
        if (!post) return respond(method_not_allowed("POST"));
        if (!has_scope(account, kBookingsWrite)) return respond(error_response(denied));
        if (path == "/api/v1/bookings/lookup") return service_lookup(request, account, respond);
        return book(request, respond, audit_name(account), &account);
    }
    if (path.substr(0, kBookingsPrefix.size()) == kBookingsPrefix) {
        std::string_view rest = path.substr(kBookingsPrefix.size());
        std::size_t slash = rest.find('/');
        if (slash != std::string_view::npos && rest.substr(slash + 1) == "cancel") {
            if (!post) return respond(method_not_allowed("POST"));
            if (!has_scope(account, kBookingsWrite)) return respond(error_response(denied));
            return service_cancel(request, account, rest.substr(0, slash), respond);
        }
    }
    // Everything else (reschedule, citizens' sessions, the staff API) is not open to keys.
    respond(error_response(ErrorCode::scope_denied, {}, "API keys may not use this endpoint."));
}

void Api::service_lookup(const HttpRequest& request, const ServiceAccount& account,
                         Responder& respond) {
    auto body = read_body(request.body, {{"code", FieldType::string}, {"cpr", FieldType::string}});
    if (!body) return respond(error_response(body.error()));
    const std::string cpr = body->text("cpr");
    if (auto valid = validate_cpr(cpr); !valid) return respond(error_response(valid.error()));
    auto code = booking_code(body->text("code"));
    if (!code) return respond(error_response(ErrorCode::not_found));
    // Looked up in the writer's transaction, so the trail's entry is on disk before the
    // answer leaves.
    writer_.submit(WriteJob{
        [account, code = *code, cpr, now = options_.clock.now()](WriteStore& store) {
            auto found = account_booking(store, account, code, cpr);
            if (!found) return error_response(found.error());
            record_audit(store.connection(),
                         AuditEntry{now, audit_name(account), found->booking.centre,
                                    "api_booking_looked_up", code, ""});
            return json_response(200, booking_to_json(found->booking));
        },
        std::move(respond)});
}

void Api::service_cancel(const HttpRequest& request, const ServiceAccount& account,
                         std::string_view code_segment, Responder& respond) {
    auto body = read_body(request.body, {{"cpr", FieldType::string}});
    if (!body) return respond(error_response(body.error()));
    const std::string cpr = body->text("cpr");
    if (auto valid = validate_cpr(cpr); !valid) return respond(error_response(valid.error()));
    auto decoded = percent_decode(code_segment, false);
    auto code = decoded ? booking_code(*decoded) : std::nullopt;
    if (!code) return respond(error_response(ErrorCode::not_found));
    writer_.submit(WriteJob{
        [account, code = *code, cpr, now = options_.clock.now()](WriteStore& store) {
            auto found = account_booking(store, account, code, cpr);
            if (!found) return error_response(found.error());
            const std::string centre = found->booking.centre;
            HttpResponse answer = cancel_booking(store, std::move(*found), now);
            if (answer.status == 200) {
                record_audit(store.connection(), AuditEntry{now, audit_name(account), centre,
                                                            "api_booking_cancelled", code, ""});
            }
            return answer;
        },
        std::move(respond)});
}

}  // namespace mawid::server
