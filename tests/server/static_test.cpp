// The web app's files: MIME types, caching, ETags and no way out of the folder.
#include <doctest/doctest.h>

#include <fstream>

#include "fixture.hpp"

using namespace mawid::test;

namespace {

struct WebServer {
    WebServer() {
        auto web = dir.path() / "web";
        std::filesystem::create_directories(web / "assets");
        std::ofstream(web / "index.html") << "<!doctype html><title>Mawid</title>";
        std::ofstream(web / "app.js") << "console.log('mawid');";
        std::ofstream(web / "app.0123456789.js") << "console.log('mawid');";
        std::ofstream(web / "app.01234abcd.js") << "console.log('short hash');";
        std::ofstream(web / "sw.js") << "self.addEventListener('install', () => {});";
        std::ofstream(web / "app.wasm") << std::string("\0asm\1\0\0\0", 8);
        std::ofstream(web / "manifest.webmanifest") << "{\"name\": \"Mawid\"}";
        std::ofstream(web / "assets" / "icon.svg") << "<svg xmlns='http://www.w3.org/2000/svg'/>";
        std::ofstream(web / "assets" / "icon.png") << "\x89PNG";
        std::ofstream(web / "booking.ics") << "BEGIN:VCALENDAR";
        std::ofstream(web / "data.json") << "{}";
        std::string big;
        for (int i = 0; i < 400; ++i) big += "console.log('mawid " + std::to_string(i) + "');\n";
        std::ofstream(web / "big.js") << big;
        std::ofstream(web / "mawid.wasm.gz") << std::string("\x1f\x8b\x08\0\0\0\0\0", 8);
        std::ofstream(web / ".secret") << "hidden";
        std::ofstream(dir.path() / "outside.txt") << "outside";
        std::filesystem::create_symlink(dir.path() / "outside.txt", web / "link.txt");
        auto flags = test_server_flags(dir);
        flags.push_back("--web");
        flags.push_back(web.string());
        server.emplace(dir.file("mawid.db"), flags, dir.file("server.log"));
        client.emplace(server->port());
    }
    TempDir dir;
    std::optional<ServerProcess> server;
    std::optional<Client> client;
};

}  // namespace

TEST_SUITE("static") {
    TEST_CASE("MIME types and caching headers") {
        WebServer w;
        struct Expect {
            const char* path;
            const char* type;
            const char* cache;
        };
        for (Expect e :
             {Expect{"/", "text/html; charset=utf-8", "no-cache"},
              Expect{"/index.html", "text/html; charset=utf-8", "no-cache"},
              Expect{"/sw.js", "text/javascript; charset=utf-8", "no-cache"},
              Expect{"/app.js", "text/javascript; charset=utf-8", "max-age"},
              Expect{"/app.wasm", "application/wasm", "max-age"},
              Expect{"/manifest.webmanifest", "application/manifest+json; charset=utf-8", ""},
              Expect{"/assets/icon.svg", "image/svg+xml; charset=utf-8", "max-age"},
              Expect{"/assets/icon.png", "image/png", "max-age"},
              Expect{"/booking.ics", "text/calendar; charset=utf-8", "max-age"},
              Expect{"/data.json", "application/json; charset=utf-8", "max-age"}}) {
            CAPTURE(e.path);
            Response r = w.client->get(e.path);
            CHECK(r.status == 200);
            CHECK(r.header("content-type") == e.type);
            CHECK(r.header("cache-control").find(e.cache) != std::string::npos);
            CHECK(!r.header("etag").empty());
            CHECK(r.header("x-content-type-options") == "nosniff");
            CHECK(
                r.header("content-security-policy").find("script-src 'self' 'wasm-unsafe-eval'") !=
                std::string::npos);
        }
        CHECK(w.client->get("/app.wasm").body.size() == 8);
        // A name carrying the hash of its content never changes: kept a year, not asked again.
        CHECK(w.client->get("/app.0123456789.js").header("cache-control") ==
              "public, max-age=31536000, immutable");
        CHECK(w.client->get("/app.js").header("cache-control") == "public, max-age=300");
        CHECK(w.client->get("/app.01234abcd.js").header("cache-control") == "public, max-age=300");
    }

    TEST_CASE("ETag revalidation and HEAD") {
        WebServer w;
        Response first = w.client->get("/app.js");
        Response again = w.client->get("/app.js", {{"If-None-Match", first.header("etag")}});
        CHECK(again.status == 304);
        CHECK(again.body.empty());
        Response head = w.client->request("HEAD", "/app.js", "", {});
        CHECK(head.status == 200);
        CHECK(head.header("content-length") == std::to_string(first.body.size()));
        // The HEAD answer had no body: the connection is still in step.
        CHECK(w.client->get("/healthz").status == 200);
    }

    TEST_CASE("text goes out gzip-compressed to clients that accept it") {
        WebServer w;
        Response plain = w.client->get("/big.js");
        REQUIRE(plain.status == 200);
        CHECK(plain.header("content-encoding").empty());
        CHECK(plain.header("vary") == "Accept-Encoding");
        Response packed = w.client->get("/big.js", {{"Accept-Encoding", "gzip, deflate, br"}});
        REQUIRE(packed.status == 200);
        CHECK(packed.header("content-encoding") == "gzip");
        CHECK(packed.header("content-type") == "text/javascript; charset=utf-8");
        CHECK(packed.body.substr(0, 2) == "\x1f\x8b");
        CHECK(packed.body.size() < plain.body.size() / 3);
        CHECK(packed.header("etag") != plain.header("etag"));
        CHECK(w.client
                  ->get("/big.js",
                        {{"Accept-Encoding", "gzip"}, {"If-None-Match", packed.header("etag")}})
                  .status == 304);
        CHECK(w.client->get("/big.js", {{"Accept-Encoding", "gzip;q=0"}})
                  .header("content-encoding")
                  .empty());
        // An already compressed file is sent as it is, whatever the client accepts.
        Response gz = w.client->get("/mawid.wasm.gz", {{"Accept-Encoding", "gzip"}});
        CHECK(gz.header("content-type") == "application/gzip");
        CHECK(gz.header("content-encoding").empty());
    }

    TEST_CASE("no path leads out of the web folder") {
        WebServer w;
        for (const char* path : {"/../outside.txt", "/%2e%2e/outside.txt", "/..%2foutside.txt",
                                 "/assets/../../outside.txt", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                                 "//etc/passwd", "/..\\outside.txt", "/.secret", "/link.txt",
                                 "/missing.js", "/assets", "/%00", "/index.html%00.js"}) {
            CAPTURE(path);
            Response r = w.client->get(path);
            CHECK(r.status >= 400);
            CHECK(r.status < 500);
            CHECK(r.body.find("outside") == std::string::npos);
            CHECK(r.body.find("root:") == std::string::npos);
        }
        CHECK(w.client->request("POST", "/index.html", "{}", {}).status == 405);
        CHECK(server_alive(w.server->port()));
    }

    TEST_CASE("without --web only the API is served") {
        TestServer t;
        CHECK(t.client.get("/").status == 404);
        CHECK(t.client.get("/api/v1/catalog").status == 200);
    }

}  // TEST_SUITE
