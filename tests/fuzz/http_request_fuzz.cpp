// Fuzz target: the HTTP request path as mawid-server runs it. The bytes are parsed by Beast
// with the server's limits, translated as a session translates them, answered by the whole
// server (both APIs, the writer, a temporary SQLite database seeded with the demo catalogue
// and staff accounts) and the answer serialised. Whatever arrives, the server must answer
// every request it parsed, and never with a 500: a 500 is a bug that reached the client.
#include <sodium.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http.hpp>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "app.hpp"
#include "http/beast_exchange.hpp"

using namespace mawid::server;
namespace http = boost::beast::http;

namespace {

constexpr int kMaxRequestsPerInput = 8;  // pipelined, as on one kept-alive connection

std::filesystem::path database_folder;
App* app = nullptr;  // left open at exit: the writer's threads may still be running

void remove_database() { std::filesystem::remove_all(database_folder); }

void start_server() {
    if (sodium_init() < 0) std::abort();
    char folder[] = "/tmp/mawid-fuzz-XXXXXX";
    if (!mkdtemp(folder)) std::abort();
    database_folder = folder;
    std::atexit(remove_database);
    Options options;
    options.db_path = (database_folder / "mawid.db").string();
    options.seed_demo = true;
    options.catalog_path = MAWID_FUZZ_CATALOG;
    options.i18n_dir = MAWID_FUZZ_I18N;
    options.outbox_dir = (database_folder / "outbox").string();
    options.rate_limit = 0;  // the fuzzer is one client sending as fast as it can
    options.fast_password_hashing = true;
    options.fixed_now = 1780290000;  // 2026-06-01 08:00 in Bahrain: the same answers each run
    app = new App(options);
}

// The server's answer to one parsed request, waited for (the writer answers bookings from
// its own thread).
HttpResponse answer(const HttpRequest& request) {
    std::mutex mutex;
    std::condition_variable answered;
    std::optional<HttpResponse> response;
    app->handle(request, [&](HttpResponse r) {
        std::lock_guard lock(mutex);
        response = std::move(r);
        answered.notify_one();
    });
    std::unique_lock lock(mutex);
    answered.wait(lock, [&] { return response.has_value(); });
    return std::move(*response);
}

// Parses the next request from `bytes` as a session does; false when there is none (the
// session would answer 400, 413 or 431 without calling the server, or wait for more).
bool parse(std::string_view& bytes, std::optional<http::request_parser<http::string_body>>& parser) {
    parser.emplace();
    parser->header_limit(8 * 1024);
    parser->body_limit(16 * 1024);
    parser->eager(true);
    boost::beast::error_code ec;
    while (!parser->is_done()) {
        if (bytes.empty()) {  // the client stopped sending: a session would wait, then time out
            parser->put_eof(ec);
            return !ec && parser->is_done();
        }
        std::size_t used = parser->put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
        bytes.remove_prefix(used);
        if (ec == http::error::need_more && used > 0) continue;
        if (ec) return false;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (!app) start_server();
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    std::optional<http::request_parser<http::string_body>> parser;
    for (int i = 0; i < kMaxRequestsPerInput && !bytes.empty() && parse(bytes, parser); ++i) {
        const auto& beast_request = parser->get();
        HttpRequest request = from_beast(beast_request, "127.0.0.1", TrustedProxies{});
        HttpResponse response = answer(request);
        if (response.status == 500) std::abort();
        auto wire = to_beast(std::move(response), beast_request.version(), true);
        std::string head = serialized_header(*wire, request.https);
        if (head.size() < 4 || head.compare(head.size() - 4, 4, "\r\n\r\n") != 0) std::abort();
    }
    return 0;
}
