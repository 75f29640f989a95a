// The PostgreSQL connection layer (server/src/storage/postgres.*) against a real throwaway
// cluster: SQLite's placeholders, typed columns, the counted changes, a seat taken by one
// conditional update under concurrent connections, savepoints inside a transaction,
// constraint violations by name, and a server that goes away and comes back.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "pg_cluster.hpp"
#include "storage/postgres.hpp"

namespace pg = mawid::server::pg;
using mawid::test::PgCluster;

namespace {

// One cluster for the suite (initdb takes seconds); each case makes its own database.
PgCluster& cluster() {
    static PgCluster shared;
    return shared;
}

std::string fresh_database() {
    static int n = 0;
    return cluster().create_database("case" + std::to_string(++n));
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
    CHECK(pg::is_uri("postgresql://mawid@db:5432/mawid"));
    CHECK(pg::is_uri("postgres://mawid@db/mawid"));
    CHECK_FALSE(pg::is_uri("/var/lib/mawid/mawid.db"));
    CHECK_FALSE(pg::is_uri("postgresql.db"));
}

TEST_CASE("values go in and come out as the SQLite wrapper gives them") {
    pg::Connection db(fresh_database());
    db.exec("CREATE TABLE t (id bigint PRIMARY KEY, name text, note text, data bytea)");
    const std::string bytes("\x00\x01\xffz", 4);
    auto insert = db.prepare("INSERT INTO t (id, name, note, data) VALUES (?, ?, ?, ?)");
    insert.bind(1, std::int64_t{5000000000}).bind(2, "مركز المنامة").bind_or_null(3, "");
    insert.bind_blob(4, bytes.data(), static_cast<int>(bytes.size()));
    insert.run();
    CHECK(db.changes() == 1);

    auto select = db.prepare("SELECT id, name, note, data FROM t WHERE id = ?1");
    select.bind(1, std::int64_t{5000000000});
    REQUIRE(select.step());
    CHECK(select.column_int(0) == 5000000000);
    CHECK(select.column_text(1) == "مركز المنامة");
    CHECK(select.column_text(2).empty());  // NULL reads as empty, as in SQLite
    CHECK(select.column_blob(3) == bytes);
    CHECK_FALSE(select.step());
    // Reset, bind again, run again: the statement stays prepared.
    select.reset();
    select.bind(1, 7);
    CHECK_FALSE(select.step());

    CHECK(db.query_text("SELECT count(*) FROM t") == "1");
    // A SELECT does not change what changes() says, as in SQLite.
    db.exec("UPDATE t SET name = 'x' WHERE id > 0");
    db.query_text("SELECT 1");
    CHECK(db.changes() == 1);
}

TEST_CASE("a seat is taken by one conditional update: concurrent connections never overbook") {
    const std::string uri = fresh_database();
    {
        pg::Connection db(uri);
        db.exec("CREATE TABLE slot (id int PRIMARY KEY, capacity int NOT NULL, "
                "taken int NOT NULL DEFAULT 0 CHECK (taken <= capacity))");
        db.exec("INSERT INTO slot (id, capacity) SELECT g, 3 FROM generate_series(1, 20) g");
    }
    std::atomic<int> granted{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < 6; ++c) {
        clients.emplace_back([&] {
            pg::Connection db(uri);
            for (int round = 0; round < 4; ++round) {
                for (int slot = 1; slot <= 20; ++slot) {
                    pg::Transaction tx(db);
                    auto& take = db.cached(
                        "UPDATE slot SET taken = taken + 1 WHERE id = ? AND taken < capacity");
                    take.bind(1, slot);
                    take.run();
                    take.reset();
                    if (db.changes() == 1) ++granted;
                    tx.commit();
                }
            }
        });
    }
    for (auto& t : clients) t.join();
    pg::Connection db(uri);
    CHECK(granted.load() == 60);
    CHECK(db.query_text("SELECT sum(taken) FROM slot") == "60");
    CHECK(db.query_text("SELECT count(*) FROM slot WHERE taken <> 3") == "0");
}

TEST_CASE("a savepoint undoes one request's work and keeps the batch; a transaction not "
          "committed leaves nothing") {
    pg::Connection db(fresh_database());
    db.exec("CREATE TABLE booking (code text PRIMARY KEY, cpr text NOT NULL)");
    db.exec("CREATE UNIQUE INDEX one_per_cpr ON booking (cpr)");
    {
        pg::Transaction batch(db);
        db.prepare("INSERT INTO booking VALUES ('A', '111')").run();
        try {
            pg::Savepoint request(db, "request");
            db.prepare("INSERT INTO booking VALUES ('B', '111')").run();
            request.release();
            FAIL("the second booking for one CPR went in");
        } catch (const pg::Error& e) {
            CHECK(e.sqlstate() == "23505");
            CHECK(e.constraint() == "one_per_cpr");
            CHECK_FALSE(e.unavailable());
        }
        db.prepare("INSERT INTO booking VALUES ('C', '222')").run();
        batch.commit();
    }
    CHECK(db.query_text("SELECT string_agg(code, ',' ORDER BY code) FROM booking") == "A,C");
    {
        pg::Transaction abandoned(db);
        db.prepare("INSERT INTO booking VALUES ('D', '333')").run();
    }
    CHECK_FALSE(db.in_transaction());
    CHECK(db.query_text("SELECT count(*) FROM booking") == "2");
}

TEST_CASE("a server that stops is reported as unavailable, fast; a new connection works "
          "once it is back") {
    PgCluster own;  // stopped and started here: the suite's shared cluster stays up
    const std::string uri = own.create_database("restart");
    pg::Connection before(uri);
    before.exec("CREATE TABLE t (n int)");
    own.stop();
    try {
        before.exec("INSERT INTO t VALUES (1)");
        FAIL("a statement ran on a stopped server");
    } catch (const pg::Error& e) {
        CHECK(e.unavailable());
    }
    try {
        pg::Connection refused(uri, 2);
        FAIL("connected to a stopped server");
    } catch (const pg::Error& e) {
        CHECK(e.unavailable());
        CHECK(std::string(e.what()).find("postgres@") == std::string::npos);  // no URI in logs
    }
    own.start();
    pg::Connection after(uri);
    after.exec("INSERT INTO t VALUES (1)");
    CHECK(after.query_text("SELECT count(*) FROM t") == "1");
}

}  // TEST_SUITE
