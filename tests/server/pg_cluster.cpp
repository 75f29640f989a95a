#include "pg_cluster.hpp"

#include <libpq-fe.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "support.hpp"

namespace mawid::test {
namespace {

constexpr const char* kBin = "/usr/lib/postgresql/15/bin/";

// Runs `command` as the postgres user (initdb and the server refuse root); its output goes
// to `log`. Throws with the log when it fails.
void run_as_postgres(const std::string& command, const std::string& log) {
    std::string line = (geteuid() == 0 ? "runuser -u postgres -- " : "") + command + " >>" +
                       log + " 2>&1";
    if (std::system(line.c_str()) != 0) {
        throw std::runtime_error("PgCluster: `" + command + "` failed:\n" + file_bytes(log));
    }
}

}  // namespace

PgCluster::PgCluster() {
    char folder[] = "/tmp/mawid-pg-XXXXXX";
    if (!mkdtemp(folder)) throw std::runtime_error("PgCluster: mkdtemp failed");
    dir_ = folder;
    if (geteuid() == 0) {
        const passwd* postgres = getpwnam("postgres");
        if (!postgres) {
            throw std::runtime_error("PgCluster: no postgres user (apt install postgresql)");
        }
        if (chown(folder, postgres->pw_uid, postgres->pw_gid) != 0) {
            throw std::runtime_error("PgCluster: chown failed");
        }
    }
    try {
        // A throwaway cluster: initdb need not fsync its files. The server itself keeps its
        // default fsync, so a commit here costs what it costs in production.
        run_as_postgres(std::string(kBin) + "initdb --no-sync -D " + dir_ +
                            "/data -U postgres -A trust -E UTF8 --no-locale",
                        dir_ + "/initdb.log");
        start_on_a_free_port(port_, [this] {
            std::filesystem::remove(dir_ + "/server.log");  // read for this try alone
            try {
                start();
                return std::string();
            } catch (const std::runtime_error& e) {
                return e.what() + std::string("\n") + file_bytes(dir_ + "/server.log");
            }
        });
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
        throw;
    }
}

PgCluster::~PgCluster() {
    try {
        stop();
    } catch (const std::exception&) {
        // Removing the folder below also takes the socket away; nothing else to do.
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
}

void PgCluster::start() {
    run_as_postgres(std::string(kBin) + "pg_ctl -D " + dir_ + "/data -l " + dir_ +
                        "/server.log -w -t 60 -o \"-p " + std::to_string(port_) + " -k " + dir_ +
                        " -c listen_addresses=127.0.0.1\" start",
                    dir_ + "/pg_ctl.log");
}

void PgCluster::stop() {
    run_as_postgres(std::string(kBin) + "pg_ctl -D " + dir_ + "/data -m fast -w -t 60 stop",
                    dir_ + "/pg_ctl.log");
}

std::string PgCluster::uri(const std::string& database) const {
    return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

std::string PgCluster::create_database(const std::string& name) {
    PGconn* conn = PQconnectdb(uri().c_str());
    std::string sql = "CREATE DATABASE \"" + name + "\"";
    PGresult* result = PQstatus(conn) == CONNECTION_OK ? PQexec(conn, sql.c_str()) : nullptr;
    bool ok = result && PQresultStatus(result) == PGRES_COMMAND_OK;
    std::string why = PQerrorMessage(conn);
    PQclear(result);
    PQfinish(conn);
    if (!ok) throw std::runtime_error("PgCluster: " + sql + ": " + why);
    return uri(name);
}

}  // namespace mawid::test
