// The storage interface (server/src/storage/database.*) on both engines: a real SQLite file
// and a real throwaway PostgreSQL cluster. SQLite's placeholders, typed columns, the counted
// changes, a seat taken by one conditional update under concurrent connections, savepoints
// inside a transaction, constraint violations by kind, and a PostgreSQL server that goes
// away and comes back.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "pg_cluster.hpp"
#include "storage/database.hpp"
#include "support.hpp"

using mawid::server::Connection;
using mawid::server::Engine;
using mawid::server::Savepoint;
using mawid::server::StorageError;
using mawid::server::Transaction;
using mawid::test::PgCluster;
using mawid::test::TempDir;
namespace pg = mawid::server::pg;

namespace {

constexpr auto kReadWrite = Connection::Mode::read_write;

// One cluster for the suite (initdb takes seconds); each case makes its own database.
PgCluster& cluster() {
    static PgCluster shared;
    return shared;
}

// A fresh, empty database on `engine`: a file in `dir`, or a new PostgreSQL database.
std::string fresh_database(Engine engine, const TempDir& dir) {
    static int n = 0;
    std::string name = "case" + std::to_string(++n);
    return engine == Engine::sqlite ? dir.file(name + ".db") : cluster().create_database(name);
}

}  // namespace

TEST_SUITE("postgres") {

TEST_CASE("SQLite's placeholders become numbered ones, outside quotes only") {
    CHECK(pg::numbered_placeholders("SELECT a FROM t WHERE b = ? AND c = ?") ==
          "SELECT a FROM t WHERE b = $1 AND c = $2");
    CHECK(pg::numbered_placeholders("UPDATE t SET a = ?2 WHERE b < ?1") ==
          "UPDATE t SET a = $2 WHERE b < $1");
    CHECK(pg::numbered_placeholders("SELECT '?', \"a?\" FROM t WHERE x = ? AND y = 'it''s ?'") ==
          "SELECT '?', \"a?\" FROM t WHERE x = $1 AND y = 'it''s ?'");
    CHECK(mawid::server::engine_of("postgresql://mawid@db:5432/mawid") == Engine::postgresql);
    CHECK(mawid::server::engine_of("postgres://mawid@db/mawid") == Engine::postgresql);
    CHECK(mawid::server::engine_of("/var/lib/mawid/mawid.db") == Engine::sqlite);
    CHECK(mawid::server::engine_of("postgresql.db") == Engine::sqlite);
}

TEST_CASE("values go in and come out alike on both engines") {
    for (Engine engine : {Engine::sqlite, Engine::postgresql}) {
        CAPTURE(engine);
        TempDir dir;
        Connection db(fresh_database(engine, dir), kReadWrite);
        CHECK(db.engine() == engine);
        db.exec(engine == Engine::sqlite
                    ? "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, note TEXT, data BLOB)"
                    : "CREATE TABLE t (id bigint PRIMARY KEY, name text, note text, data bytea)");
        const std::string bytes("\x00\x01\xffz", 4);
        auto insert = db.prepare("INSERT INTO t (id, name, note, data) VALUES (?, ?, ?, ?)");
        insert.bind(1, std::int64_t{5000000000}).bind(2, "مركز المنامة").bind_or_null(3, "");
        insert.bind_blob(4, bytes.data(), static_cast<int>(bytes.size())).run();
        CHECK(db.changes() == 1);

        auto select = db.prepare("SELECT id, name, note, data FROM t WHERE id = ?1");
        select.bind(1, std::int64_t{5000000000});
        REQUIRE(select.step());
        CHECK(select.column_int(0) == 5000000000);
        CHECK(select.column_text(1) == "مركز المنامة");
        CHECK(select.column_text(2).empty());  // NULL reads as empty
        CHECK(select.column_blob(3) == bytes);
        CHECK_FALSE(select.step());
        // Reset, bind again, run again: the statement stays prepared.
        select.reset();
        select.bind(1, 7);
        CHECK_FALSE(select.step());

        CHECK(db.prepare("INSERT INTO t (id, name) VALUES (8, 'x') RETURNING id")
                  .run_returning_id() == 8);
        CHECK(db.query_text("SELECT count(*) FROM t") == "2");
        // A SELECT does not change what changes() says.
        db.exec("UPDATE t SET name = 'y' WHERE id > 0");
        db.query_text("SELECT 1");
        CHECK(db.changes() == 2);
    }
}

TEST_CASE("a seat is taken by one conditional update: concurrent connections never overbook") {
    for (Engine engine : {Engine::sqlite, Engine::postgresql}) {
        CAPTURE(engine);
        TempDir dir;
        const std::string where = fresh_database(engine, dir);
        {
            Connection db(where, kReadWrite);
            if (engine == Engine::sqlite) db.exec("PRAGMA journal_mode=WAL");
            db.exec("CREATE TABLE slot (id INTEGER PRIMARY KEY, capacity INTEGER NOT NULL, "
                    "taken INTEGER NOT NULL DEFAULT 0 CHECK (taken <= capacity))");
            Transaction fill(db);
            for (int id = 1; id <= 20; ++id) {
                db.prepare("INSERT INTO slot (id, capacity) VALUES (?, 3)").bind(1, id).run();
            }
            fill.commit();
        }
        std::atomic<int> granted{0};
        std::vector<std::thread> clients;
        for (int c = 0; c < 6; ++c) {
            clients.emplace_back([&] {
                Connection db(where, kReadWrite);
                for (int round = 0; round < 4; ++round) {
                    for (int slot = 1; slot <= 20; ++slot) {
                        Transaction tx(db);
                        mawid::server::StatementUse take(db.cached(
                            "UPDATE slot SET taken = taken + 1 WHERE id = ? AND taken < capacity"));
                        take->bind(1, slot).run();
                        if (db.changes() == 1) ++granted;
                        tx.commit();
                    }
                }
            });
        }
        for (auto& t : clients) t.join();
        Connection db(where, kReadWrite);
        CHECK(granted.load() == 60);
        CHECK(db.query_text("SELECT sum(taken) FROM slot") == "60");
        CHECK(db.query_text("SELECT count(*) FROM slot WHERE taken <> 3") == "0");
    }
}

TEST_CASE("a savepoint undoes one request's work and keeps the batch; a transaction not "
          "committed leaves nothing") {
    for (Engine engine : {Engine::sqlite, Engine::postgresql}) {
        CAPTURE(engine);
        TempDir dir;
        Connection db(fresh_database(engine, dir), kReadWrite);
        db.exec("CREATE TABLE booking (code TEXT PRIMARY KEY, cpr TEXT NOT NULL)");
        db.exec("CREATE UNIQUE INDEX one_per_cpr ON booking (cpr)");
        {
            Transaction batch(db);
            db.prepare("INSERT INTO booking VALUES ('A', '111')").run();
            for (const char* clash : {"('B', '111')", "('A', '999')"}) {
                try {
                    Savepoint request(db, "request");
                    db.prepare((std::string("INSERT INTO booking VALUES ") + clash).c_str()).run();
                    request.release();
                    FAIL("a clashing booking went in: " << clash);
                } catch (const StorageError& e) {
                    CHECK(e.kind() == (clash[2] == 'B' ? StorageError::Kind::unique
                                                       : StorageError::Kind::primary_key));
                }
            }
            db.prepare("INSERT INTO booking VALUES ('C', '222')").run();
            batch.commit();
        }
        CHECK(db.query_text("SELECT count(*) FROM booking") == "2");
        CHECK(db.query_text("SELECT count(*) FROM booking WHERE code IN ('A', 'C')") == "2");
        {
            Transaction abandoned(db);
            db.prepare("INSERT INTO booking VALUES ('D', '333')").run();
        }
        CHECK_FALSE(db.in_transaction());
        CHECK(db.query_text("SELECT count(*) FROM booking") == "2");
    }
}

TEST_CASE("a PostgreSQL server that stops is reported as unavailable, fast; a new connection "
          "works once it is back") {
    PgCluster own;  // stopped and started here: the suite's shared cluster stays up
    const std::string uri = own.create_database("restart");
    Connection before(uri, kReadWrite);
    before.exec("CREATE TABLE t (n int)");
    own.stop();
    try {
        before.exec("INSERT INTO t VALUES (1)");
        FAIL("a statement ran on a stopped server");
    } catch (const StorageError& e) {
        CHECK(e.kind() == StorageError::Kind::unavailable);
    }
    try {
        pg::Connection refused(uri, false, 2);
        FAIL("connected to a stopped server");
    } catch (const StorageError& e) {
        CHECK(e.kind() == StorageError::Kind::unavailable);
        CHECK(std::string(e.what()).find("postgres@") == std::string::npos);  // no URI in logs
    }
    own.start();
    Connection after(uri, kReadWrite);
    after.exec("INSERT INTO t VALUES (1)");
    CHECK(after.query_text("SELECT count(*) FROM t") == "1");
}

}  // TEST_SUITE
