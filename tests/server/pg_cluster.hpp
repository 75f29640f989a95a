// A throwaway PostgreSQL 15 cluster for the tests that run against both engines: made with
// initdb in a temporary folder, started with pg_ctl on a free loopback port (no TCP
// elsewhere, its socket in that folder), stopped and removed at the end of the scope.
// initdb refuses root, so both run as the `postgres` user (the postgresql package makes
// it) through runuser when the tests run as root.
#pragma once

#include <string>

namespace mawid::test {

class PgCluster {
public:
    PgCluster();  // throws std::runtime_error, with initdb's or pg_ctl's log, on failure
    ~PgCluster();
    PgCluster(const PgCluster&) = delete;
    PgCluster& operator=(const PgCluster&) = delete;

    int port() const { return port_; }
    // "postgresql://postgres@127.0.0.1:PORT/DB" (trust authentication: no password).
    std::string uri(const std::string& database = "postgres") const;
    // Creates an empty database named `name` and returns its URI.
    std::string create_database(const std::string& name);
    // pg_ctl stop (fast) and start again on the same port: connections are cut, data stays.
    void stop();
    void start();

private:
    std::string dir_;
    int port_ = 0;
};

}  // namespace mawid::test
