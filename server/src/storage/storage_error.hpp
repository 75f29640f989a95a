// What either engine throws when a statement fails: the storage layer is the one place in
// the server where a failure is exceptional (disk full, a lost database server), not a
// citizen's mistake; the few expected failures (a key already taken) have their own kind.
#pragma once

#include <stdexcept>
#include <string>

namespace mawid::server {

class StorageError : public std::runtime_error {
public:
    enum class Kind {
        other,
        unique,       // a UNIQUE index or constraint other than the primary key
        primary_key,  // the primary key
        busy,         // another connection held a lock too long (SQLite), or a deadlock
                      // between servers undid the transaction (PostgreSQL)
        unavailable,  // the database server cannot be reached or went away (PostgreSQL)
    };
    StorageError(Kind kind, std::string code, const std::string& what)
        : std::runtime_error(what), kind_(kind), code_(std::move(code)) {}
    Kind kind() const { return kind_; }
    // The engine's own code: SQLite's extended result code as a number, PostgreSQL's
    // SQLSTATE ("23505"); empty when there is none.
    const std::string& code() const { return code_; }

private:
    Kind kind_;
    std::string code_;
};

}  // namespace mawid::server
