// mawid-sms-sink: an SMS gateway that takes every message at once, for measuring the
// booking path with the sender delivering over HTTP as it does in production.
//
//   mawid-sms-sink [--port N]   prints "listening on http://127.0.0.1:PORT"; on SIGTERM or
//                               SIGINT prints how many messages it took, and exits
//   mawid-load --server ... --server-arg --sms-gateway --server-arg http://127.0.0.1:PORT
#include <signal.h>

#include <utility>  // before Asio: its awaitable.hpp uses std::exchange without it

#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

std::atomic<long> g_taken{0};

// Answers one connection's requests, kept alive as a gateway would keep it, until it closes.
void serve(tcp::socket socket) {
    boost::beast::flat_buffer buffer;
    boost::system::error_code ec;
    for (;;) {
        http::request<http::string_body> request;
        http::read(socket, buffer, request, ec);
        if (ec) return;
        if (request.method() == http::verb::post) ++g_taken;
        http::response<http::string_body> response{http::status::created, request.version()};
        response.set(http::field::content_type, "application/json");
        response.keep_alive(request.keep_alive());
        response.body() = "{}";
        response.prepare_payload();
        http::write(socket, response, ec);
        if (ec || !request.keep_alive()) return;
    }
}

}  // namespace

int main(int argc, char** argv) {
    unsigned short port = 0;
    if (argc == 3 && std::string(argv[1]) == "--port") {
        port = static_cast<unsigned short>(std::stoi(argv[2]));
    }
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);  // every thread; main waits for them below

    asio::io_context io;
    tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), port});
    std::printf("listening on http://127.0.0.1:%u\n", acceptor.local_endpoint().port());
    std::fflush(stdout);
    std::thread([&acceptor] {
        for (;;) {
            boost::system::error_code ec;
            tcp::socket socket = acceptor.accept(ec);
            if (ec) return;
            std::thread(serve, std::move(socket)).detach();
        }
    }).detach();
    int signal = 0;
    sigwait(&stop, &signal);
    std::printf("took %ld messages\n", g_taken.load());
    return 0;
}
