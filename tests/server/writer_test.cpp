// The single writer's batches (server/src/storage/writer.hpp). Jobs that may run again run
// without a savepoint each at the head of a batch; one that fails halfway must leave nothing
// of itself behind, must not cost the other requests of its batch their answers or their
// changes, and must never make a job that may not run again run twice.
#include <doctest/doctest.h>

#include <atomic>
#include <future>
#include <string>
#include <vector>

#include "storage/writer.hpp"
#include "support.hpp"

using namespace mawid::server;
using mawid::test::TempDir;

namespace {

// A request to the writer: inserts `value` into table t and counts its runs; when told to
// fail, it then runs a statement the database refuses (on PostgreSQL that spoils the whole
// transaction, as a real failure would).
struct Request {
    std::string value;
    bool may_run_again = true;
    bool fails = false;
    std::atomic<int> runs{0};
    std::promise<HttpResponse> answered;
    std::future<HttpResponse> answer = answered.get_future();

    WriteJob job() {
        return WriteJob{[this](WriteStore& store) {
                            ++runs;
                            Connection& db = store.connection();
                            db.prepare("INSERT INTO t (x) VALUES (?)").bind(1, value).run();
                            if (fails) db.exec("INSERT INTO t (x) VALUES (NULL)");  // NOT NULL
                            HttpResponse done;
                            done.status = 201;
                            done.body = value;
                            return done;
                        },
                        [this](HttpResponse response) { answered.set_value(std::move(response)); },
                        may_run_again};
    }
};

std::unique_ptr<Connection> with_table_t(const std::string& database) {
    std::unique_ptr<Connection> connection = open_write_connection(database);
    connection->exec("CREATE TABLE t (x TEXT NOT NULL)");
    return connection;
}

std::vector<std::string> rows_of_t(const std::string& database) {
    Connection reader(database, Connection::Mode::read_only);
    Statement select = reader.prepare("SELECT x FROM t ORDER BY x");
    std::vector<std::string> rows;
    while (select.step()) rows.push_back(select.column_text(0));
    return rows;
}

// Runs `requests` in one batch: they are queued while the writer is held inside the
// batch before, so it takes them together. Returns once every one is answered.
void run_in_one_batch(Writer& writer, std::vector<Request*> requests) {
    std::promise<void> holding, release;
    std::shared_future<void> released = release.get_future().share();
    std::promise<HttpResponse> before_answered;
    writer.submit(WriteJob{[&holding, released](WriteStore&) {
                               holding.set_value();
                               released.wait();
                               return HttpResponse{};
                           },
                           [&](HttpResponse response) { before_answered.set_value(response); }});
    holding.get_future().wait();
    for (Request* request : requests) writer.submit(request->job());
    release.set_value();
    for (Request* request : requests) request->answer.wait();
    before_answered.get_future().wait();
}

}  // namespace

TEST_SUITE("writer") {
    TEST_CASE("a request that fails halfway leaves nothing, and its batch is answered") {
        TempDir dir;
        const std::string& database = dir.database();
        Writer writer(with_table_t(database), database, /*group_commit=*/true);

        Request first{"a"}, failing{"b", true, true}, with_savepoint{"c", false}, last{"d"};
        run_in_one_batch(writer, {&first, &failing, &with_savepoint, &last});

        CHECK(first.answer.get().body == "a");
        CHECK(failing.answer.get().status >= 500);
        CHECK(with_savepoint.answer.get().body == "c");
        CHECK(last.answer.get().body == "d");
        // The failing request's insert is gone; everyone else's is kept, once.
        CHECK(rows_of_t(database) == std::vector<std::string>{"a", "c", "d"});
        // Rolled back and run again, a savepoint each: the requests before the failure ran
        // twice, those after it (never reached the first time) once.
        CHECK(first.runs == 2);
        CHECK(failing.runs == 2);
        CHECK(with_savepoint.runs == 1);
        CHECK(last.runs == 1);
    }

    TEST_CASE("a request that may not run again is never run twice") {
        TempDir dir;
        const std::string& database = dir.database();
        Writer writer(with_table_t(database), database, /*group_commit=*/true);

        // From the request that may not run again on, each has its own savepoint: the
        // failure after it is undone alone, and nothing runs twice.
        Request first{"a"}, with_savepoint{"b", false}, failing{"c", true, true}, last{"d"};
        run_in_one_batch(writer, {&first, &with_savepoint, &failing, &last});

        CHECK(failing.answer.get().status >= 500);
        CHECK(last.answer.get().body == "d");
        CHECK(rows_of_t(database) == std::vector<std::string>{"a", "b", "d"});
        CHECK(first.runs == 1);
        CHECK(with_savepoint.runs == 1);
        CHECK(failing.runs == 1);
        CHECK(last.runs == 1);
    }

    TEST_CASE("without a failure each request of a batch runs once") {
        TempDir dir;
        const std::string& database = dir.database();
        Writer writer(with_table_t(database), database, /*group_commit=*/true);

        Request first{"a"}, with_savepoint{"b", false}, last{"c"};
        run_in_one_batch(writer, {&first, &with_savepoint, &last});

        CHECK(rows_of_t(database) == std::vector<std::string>{"a", "b", "c"});
        CHECK(first.runs == 1);
        CHECK(with_savepoint.runs == 1);
        CHECK(last.runs == 1);
    }
}
