// The staff API: service accounts of other government systems (docs/service-accounts.md),
// admins only. A key is shown once, in the answer that makes it; the database keeps its
// hash. Making and revoking are recorded in the audit trail in the same transaction.
#include <mawid/catalog.hpp>

#include <algorithm>
#include <charconv>
#include <functional>

#include "http/json_responses.hpp"
#include "http/request_parsing.hpp"
#include "keys/api_keys.hpp"
#include "staff/staff_api.hpp"
#include "storage/service_account_store.hpp"
#include "storage/store.hpp"

namespace mawid::server {
namespace {

constexpr int kMostPerMinute = 6000;
constexpr std::size_t kMostListed = 200;

// What an admin sees of an account: everything but the key (only its public id).
Json account_to_json(const ServiceAccount& a) {
    Json json = {{"id", a.id},
                 {"name", a.name},
                 {"key_id", a.key_id},
                 {"scopes", a.scopes},
                 {"services", a.services},
                 {"centres", a.centres},
                 {"per_minute", a.per_minute},
                 {"created_at", format_rfc3339(a.created_at, 0)},
                 {"created_by", a.created_by},
                 {"revoked_at", nullptr}};
    if (a.revoked_at) json["revoked_at"] = format_rfc3339(*a.revoked_at, 0);
    return json;
}

// A JSON array of distinct strings each passing `valid`, or bad_request naming `field`.
Result<std::vector<std::string>> string_list(const Json& value, const char* field,
                                             const std::function<bool(const std::string&)>& valid) {
    if (value.is_null()) return std::vector<std::string>{};
    if (!value.is_array() || value.size() > kMostListed) {
        return make_error(ErrorCode::bad_request, field, "Expected a list of names.");
    }
    std::vector<std::string> list;
    for (const Json& item : value) {
        if (!item.is_string() || !valid(item.get<std::string>())) {
            return make_error(ErrorCode::bad_request, field, "Unknown or malformed entry.");
        }
        std::string text = item.get<std::string>();
        if (std::find(list.begin(), list.end(), text) == list.end()) list.push_back(text);
    }
    return list;
}

// The account a create body asks for (its name, scopes, lists and quota), or the 400.
Result<ServiceAccount> requested_account(const BodyFields& body, const Catalog& catalog) {
    ServiceAccount a;
    a.name = lowercase(body.text("name"));
    if (!is_valid_username(a.name)) {
        return make_error(ErrorCode::bad_request, "name",
                          "3 to 64 of a-z, 0-9, '.', '_' and '-'.");
    }
    auto scopes = string_list(body.value("scopes"), "scopes",
                              [](const std::string& s) { return is_scope(s); });
    if (!scopes) return scopes.error();
    if (scopes->empty()) return make_error(ErrorCode::bad_request, "scopes", "Name a scope.");
    auto services = string_list(body.value("services"), "services", [&](const std::string& s) {
        return find_service(catalog, s) != nullptr;
    });
    if (!services) return services.error();
    auto centres = string_list(body.value("centres"), "centres", [&](const std::string& c) {
        return find_centre(catalog, c) != nullptr;
    });
    if (!centres) return centres.error();
    a.scopes = std::move(*scopes);
    a.services = std::move(*services);
    a.centres = std::move(*centres);
    // Booking for no service or at no centre would be a key that can do nothing it claims.
    if (has_scope(a, kBookingsWrite) && (a.services.empty() || a.centres.empty())) {
        return make_error(ErrorCode::bad_request, a.services.empty() ? "services" : "centres",
                          "bookings:write needs the services and centres it may book.");
    }
    Json quota = body.value("per_minute");
    if (!quota.is_null()) {
        if (!quota.is_number_integer() || quota.get<std::int64_t>() < 1 ||
            quota.get<std::int64_t>() > kMostPerMinute) {
            return make_error(ErrorCode::bad_request, "per_minute", "Expected 1 to 6000.");
        }
        a.per_minute = quota.get<int>();
    }
    return a;
}

}  // namespace

void StaffApi::route_service_accounts(const Caller& caller, const HttpRequest& request,
                                      std::string_view tail, Responder& respond) {
    const bool get = request.method == "GET";
    const bool post = request.method == "POST";
    if (tail.empty()) {
        if (get) return respond(list_service_accounts_answer());
        if (post) return create_service_account(caller, request, respond);
        return respond(method_not_allowed("GET, POST"));
    }
    std::size_t slash = tail.find('/');
    if (slash == std::string_view::npos || tail.substr(slash + 1) != "revoke") {
        return respond(error_response(ErrorCode::not_found));
    }
    std::string_view id_text = tail.substr(0, slash);
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
    if (ec != std::errc() || end != id_text.data() + id_text.size() || id <= 0) {
        return respond(error_response(ErrorCode::not_found));
    }
    if (!post) return respond(method_not_allowed("POST"));
    revoke_service_account_of(caller, id, respond);
}

HttpResponse StaffApi::list_service_accounts_answer() const {
    Json accounts = Json::array();
    for (const ServiceAccount& a : list_service_accounts(thread_read_connection(db_path_))) {
        accounts.push_back(account_to_json(a));
    }
    return json_response(200, {{"accounts", std::move(accounts)}});
}

void StaffApi::create_service_account(const Caller& caller, const HttpRequest& request,
                                      Responder& respond) {
    auto body = read_body(request.body, {{"name", FieldType::string},
                                         {"scopes", FieldType::any},
                                         {"services", FieldType::any},
                                         {"centres", FieldType::any},
                                         {"per_minute", FieldType::any}});
    if (!body) return respond(error_response(body.error()));
    auto requested = requested_account(*body, catalog_.get()->catalog);
    if (!requested) return respond(error_response(requested.error()));
    ServiceAccount account = std::move(requested).value();
    NewApiKey key = new_api_key();
    account.key_id = key.key_id;
    account.created_at = clock_.now();
    account.created_by = caller.member.username;
    writer_.submit(WriteJob{
        [account = std::move(account), key](WriteStore& store) mutable {
            Connection& db = store.connection();
            auto id = insert_service_account(db, account, key.hash);
            if (!id) return error_response(ErrorCode::user_exists, "name");
            account.id = *id;
            record_audit(db, AuditEntry{account.created_at, account.created_by, "",
                                        "api_key_created", "",
                                        account.name + " (" + std::to_string(*id) + ")"});
            Json answer = account_to_json(account);
            answer["key"] = key.key;  // the only time it is shown
            return json_response(201, answer);
        },
        std::move(respond)});
}

void StaffApi::revoke_service_account_of(const Caller& caller, std::int64_t id,
                                         Responder& respond) {
    writer_.submit(WriteJob{
        [id, admin = caller.member.username, now = clock_.now()](WriteStore& store) {
            Connection& db = store.connection();
            // Revoking twice changes nothing and records nothing: the answer is the same.
            if (revoke_service_account(db, id, now)) {
                auto account = find_service_account(db, id);
                record_audit(db, AuditEntry{now, admin, "", "api_key_revoked", "",
                                            account->name + " (" + std::to_string(id) + ")"});
            }
            auto account = find_service_account(db, id);
            if (!account) return error_response(ErrorCode::not_found);
            return json_response(200, account_to_json(*account));
        },
        std::move(respond)});
}

}  // namespace mawid::server
