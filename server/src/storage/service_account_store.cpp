#include "storage/service_account_store.hpp"

#include <mawid/codec.hpp>

namespace mawid::server {
namespace {

constexpr const char* kColumns =
    "id, name, key_id, scopes, services, centres, per_minute, created_at, created_by, "
    "revoked_at, key_hash";

std::string list_text(const std::vector<std::string>& list) {
    return Json(list).dump();
}

std::vector<std::string> list_of(const std::string& text) {
    Json parsed = Json::parse(text, nullptr, false);
    if (!parsed.is_array()) return {};
    std::vector<std::string> list;
    for (const Json& item : parsed) {
        if (item.is_string()) list.push_back(item.get<std::string>());
    }
    return list;
}

StoredServiceAccount read_row(Statement& row) {
    StoredServiceAccount stored;
    ServiceAccount& a = stored.account;
    a.id = row.column_int(0);
    a.name = row.column_text(1);
    a.key_id = row.column_text(2);
    a.scopes = list_of(row.column_text(3));
    a.services = list_of(row.column_text(4));
    a.centres = list_of(row.column_text(5));
    a.per_minute = static_cast<int>(row.column_int(6));
    a.created_at = row.column_int(7);
    a.created_by = row.column_text(8);
    if (!row.column_text(9).empty()) a.revoked_at = row.column_int(9);
    stored.key_hash = row.column_blob(10);
    return stored;
}

std::string select_where(const char* condition) {
    return std::string("SELECT ") + kColumns + " FROM service_accounts " + condition;
}

}  // namespace

std::optional<std::int64_t> insert_service_account(Connection& db, const ServiceAccount& a,
                                                   const std::string& key_hash) {
    StatementUse taken(db.cached("SELECT 1 FROM service_accounts WHERE name = ?"));
    taken->bind(1, a.name);
    if (taken->step()) return std::nullopt;
    StatementUse insert(db.cached(
        "INSERT INTO service_accounts (name, key_id, key_hash, scopes, services, centres, "
        "per_minute, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"));
    insert->bind(1, a.name).bind(2, a.key_id);
    insert->bind_blob(3, key_hash.data(), static_cast<int>(key_hash.size()));
    insert->bind(4, list_text(a.scopes)).bind(5, list_text(a.services));
    insert->bind(6, list_text(a.centres)).bind(7, a.per_minute).bind(8, a.created_at);
    insert->bind(9, a.created_by);
    return insert->run_returning_id();
}

std::optional<StoredServiceAccount> find_service_account_by_key(Connection& db,
                                                                const std::string& key_id) {
    StatementUse use(db.cached(select_where("WHERE key_id = ?")));
    use->bind(1, key_id);
    if (!use->step()) return std::nullopt;
    return read_row(*use);
}

std::optional<ServiceAccount> find_service_account(Connection& db, std::int64_t id) {
    StatementUse use(db.cached(select_where("WHERE id = ?")));
    use->bind(1, id);
    if (!use->step()) return std::nullopt;
    return read_row(*use).account;
}

std::vector<ServiceAccount> list_service_accounts(Connection& db) {
    StatementUse use(db.cached(select_where("ORDER BY id")));
    std::vector<ServiceAccount> accounts;
    while (use->step()) accounts.push_back(read_row(*use).account);
    return accounts;
}

bool revoke_service_account(Connection& db, std::int64_t id, UnixSeconds now) {
    StatementUse use(db.cached(
        "UPDATE service_accounts SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"));
    use->bind(1, now).bind(2, id).run();
    return db.changes() > 0;
}

}  // namespace mawid::server
