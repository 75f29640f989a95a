#include "storage/identity_store.hpp"

namespace mawid::server {

void insert_identity_login(Connection& db, const std::string& state_hash,
                           const IdentityLogin& login) {
    StatementUse insert(
        db.cached("INSERT INTO identity_logins (state_hash, nonce, verifier, created_at) "
                  "VALUES (?, ?, ?, ?)"));
    insert->bind_blob(1, state_hash.data(), static_cast<int>(state_hash.size()))
        .bind(2, login.nonce)
        .bind(3, login.verifier)
        .bind(4, login.created_at)
        .run();
}

std::optional<IdentityLogin> take_identity_login(Connection& db, const std::string& state_hash,
                                                 UnixSeconds now) {
    // One statement: the row is gone once it is read, so a replayed callback finds nothing.
    StatementUse take(
        db.cached("DELETE FROM identity_logins WHERE state_hash = ? "
                  "RETURNING nonce, verifier, created_at"));
    take->bind_blob(1, state_hash.data(), static_cast<int>(state_hash.size()));
    if (!take->step()) return std::nullopt;
    IdentityLogin login{take->column_text(0), take->column_text(1), take->column_int(2)};
    while (take->step()) {
    }
    if (now - login.created_at > kIdentityLoginSeconds) {
        return std::nullopt;
    }
    return login;
}

int forget_identity_logins(Connection& db, UnixSeconds before) {
    StatementUse forget(db.cached("DELETE FROM identity_logins WHERE created_at < ?"));
    forget->bind(1, before).run();
    return db.changes();
}

}  // namespace mawid::server
