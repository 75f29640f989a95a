// The writer's WAL-gathering VFS (server/src/storage/wal_buffer.hpp) against the situations
// where bytes held back could do harm: a reader must never see a published frame that is
// not in the file yet, and the frames of a transaction that spilled and rolled back must
// never land later on another writer's frames.
#include <doctest/doctest.h>

#include "storage/database.hpp"
#include "support.hpp"

using namespace mawid::server;
using mawid::test::TempDir;

namespace {

void open_wal(Connection& db) {
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = FULL");
    db.exec("PRAGMA wal_autocheckpoint = 0");
}

}  // namespace

TEST_SUITE("wal_buffer") {
    TEST_CASE("a reader sees every commit whole, also with commits padded to a sector") {
        TempDir dir;
        // psow=0: SQLite pads each commit and writes part of a frame after its sync.
        for (const std::string& uri :
             {"file:" + dir.file("a.db"), "file:" + dir.file("b.db") + "?psow=0"}) {
            CAPTURE(uri);
            Connection writer(uri, Connection::Mode::durable_writer);
            open_wal(writer);
            writer.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, x BLOB)");
            Connection reader(uri, Connection::Mode::read_only);
            for (int i = 1; i <= 20; ++i) {
                writer.exec("INSERT INTO t (x) VALUES (randomblob(3000))");
                CHECK(reader.query_text("PRAGMA quick_check") == "ok");
                CHECK(reader.query_text("SELECT count(*) FROM t") == std::to_string(i));
            }
        }
    }

    TEST_CASE("a transaction that spilled and rolled back leaves another writer's frames alone") {
        TempDir dir;
        const std::string path = dir.file("c.db");
        {
            Connection gathered(path, Connection::Mode::durable_writer);
            open_wal(gathered);
            gathered.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, x BLOB)");
            gathered.exec("CREATE TABLE u (id INTEGER PRIMARY KEY, x BLOB)");
            Connection other(path, Connection::Mode::read_write);  // the default VFS
            other.exec("PRAGMA synchronous = FULL");
            other.exec("PRAGMA wal_autocheckpoint = 0");
            gathered.exec("PRAGMA wal_checkpoint(TRUNCATE)");
            // A tiny cache: the insert spills its pages into the WAL before it rolls back.
            gathered.exec("PRAGMA cache_size = 10");
            gathered.exec("BEGIN");
            gathered.exec(
                "INSERT INTO t (x) WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 "
                "FROM c WHERE n < 60) SELECT randomblob(3000) FROM c");
            gathered.exec("ROLLBACK");
            other.exec(
                "INSERT INTO u (x) WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 "
                "FROM c WHERE n < 40) SELECT randomblob(3000) FROM c");
            CHECK(gathered.query_text("SELECT count(*) FROM u") == "40");
            CHECK(other.query_text("PRAGMA quick_check") == "ok");
            other.exec("PRAGMA wal_checkpoint(PASSIVE)");
        }
        Connection fresh(path, Connection::Mode::read_only);
        CHECK(fresh.query_text("PRAGMA quick_check") == "ok");
        CHECK(fresh.query_text("SELECT count(*) FROM u") == "40");
        CHECK(fresh.query_text("SELECT count(*) FROM t") == "0");
    }
}  // TEST_SUITE
