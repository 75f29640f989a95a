#include "http/http_server.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mawid/errors.hpp>
#include <sys/random.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/beast_exchange.hpp"
#include "http/compression.hpp"
#include "http/connection_limits.hpp"
#include "http/json_responses.hpp"
#include "http/metrics.hpp"
#include "http/request_log.hpp"
#include "http/routes.hpp"

namespace mawid::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
// Sockets and timers bound to their io_context's own executor type: no type-erased
// executor to copy and call through on every operation.
using Executor = net::io_context::executor_type;
using Socket = net::basic_stream_socket<tcp, Executor>;
using Timer = net::basic_waitable_timer<std::chrono::steady_clock,
                                        net::wait_traits<std::chrono::steady_clock>, Executor>;

void log_error(const char* step, const beast::error_code& ec) {
    std::fprintf(stderr, "http: %s: %s\n", step, ec.message().c_str());
}

// A new request id: this thread's random prefix and a counter, 32 hex digits. Unique, not
// secret: it only ties a log line to an answer.
std::string new_request_id() {
    thread_local std::uint64_t prefix = [] {
        std::uint64_t bytes = 0;
        while (getrandom(&bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) {
        }
        return bytes;
    }();
    thread_local std::uint64_t counter = 0;
    char id[33];
    std::snprintf(id, sizeof id, "%016llx%016llx", static_cast<unsigned long long>(prefix),
                  static_cast<unsigned long long>(++counter));
    return id;
}

// A proxy's X-Request-Id is kept when it is a plain token (1 to 128 of A-Z a-z 0-9 and
// ._~:+/=-): it goes into the log and back into a header as it is.
bool usable_request_id(std::string_view id) {
    if (id.empty() || id.size() > 128) return false;
    for (char c : id) {
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     std::string_view("._~:+/=-").find(c) != std::string_view::npos;
        if (!plain) return false;
    }
    return true;
}

class Session;

// An answer given inside answer_together, kept until its batch is handed to the network.
struct HeldAnswer {
    std::shared_ptr<Session> session;
    HttpResponse response;
};
// This thread's answers being held by answer_together; null when it is not running.
thread_local std::vector<HeldAnswer>* t_held_answers = nullptr;

// What every session shares: the handler, the limits, and the registry used to drain.
struct ServerState {
    explicit ServerState(const HttpServerConfig& c)
        : config(c), limits(c.max_connections, c.max_connections_per_client), log(c.log_json) {}
    HttpServerConfig config;
    ConnectionLimits limits;
    Handler handler;
    RequestLog log;
    std::atomic<bool> draining{false};
    std::mutex mutex;
    std::unordered_map<Session*, std::weak_ptr<Session>> sessions;

    std::size_t session_count() {
        std::lock_guard lock(mutex);
        return sessions.size();
    }
};

class Session : public std::enable_shared_from_this<Session> {
public:
    // `client_ip` was admitted to state.limits for this connection; released when it ends.
    Session(Socket&& socket, ServerState& state, std::string client_ip)
        : socket_(std::move(socket)),
          deadline_timer_(socket_.get_executor()),
          state_(state),
          client_ip_(std::move(client_ip)) {
        connection_opened();
    }

    ~Session() {
        connection_closed();
        state_.limits.release(client_ip_);
        std::lock_guard lock(state_.mutex);
        state_.sessions.erase(this);
    }

    Executor executor() { return socket_.get_executor(); }
    // Sends `response`; on this session's thread.
    void answer(HttpResponse response) { send(std::move(response), false); }

    void start() {
        {
            std::lock_guard lock(state_.mutex);
            state_.sessions.emplace(this, weak_from_this());
        }
        net::dispatch(socket_.get_executor(),
                      beast::bind_front_handler(&Session::do_read, shared_from_this()));
    }

    // Called on SIGTERM: a session waiting for its next request ends now; one busy with a
    // request finishes it and then closes.
    void close_if_idle() {
        net::dispatch(socket_.get_executor(), [self = shared_from_this()] {
            // The socket may be closed already (the session is ending): no exception may
            // leave a handler, or it would take the thread and the server down.
            beast::error_code ignored;
            if (!self->busy_) self->socket_.cancel(ignored);
        });
    }

private:
    void do_read() {
        if (state_.draining) return do_close();
        https_ = false;
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(state_.config.header_limit));
        // The larger limit until the header says whether this is an upload: Beast checks a
        // Content-Length against the limit as soon as the header is parsed.
        parser_->body_limit(std::max(state_.config.body_limit, state_.config.upload_body_limit));
        expires_after(state_.config.request_timeout);
        http::async_read_header(
            socket_, buffer_, *parser_,
            beast::bind_front_handler(&Session::on_header, shared_from_this()));
    }

    // The header decides the body's limit: only an upload's may pass the usual one.
    void on_header(beast::error_code ec, std::size_t bytes) {
        if (ec == http::error::bad_method && skip_blank_line()) return do_read();
        if (ec) return on_read(ec, bytes);
        blank_line_skipped_ = false;
        if (auto refusal = header_refusal(parser_->get())) {
            begin_answer();
            return reply_and_close(refusal->status, std::move(*refusal));
        }
        to_origin_form(parser_->get());
        const std::string_view target = parser_->get().target();
        const std::string& upload = state_.config.upload_path;
        if (upload.empty() || target.substr(0, upload.size()) != upload) {
            const auto length = parser_->content_length();
            if (length && *length > state_.config.body_limit) {
                return on_read(http::error::body_limit, bytes);
            }
            parser_->body_limit(state_.config.body_limit);  // a chunked body, as it comes
        }
        http::async_read(socket_, buffer_, *parser_,
                         beast::bind_front_handler(&Session::on_read, shared_from_this()));
    }

    // RFC 9112, 2.2: an empty line before a request line is ignored (a client may end a
    // body with a CRLF its Content-Length did not count). One only: more are refused.
    bool skip_blank_line() {
        const auto data = buffer_.cdata();
        const char* bytes = static_cast<const char*>(data.data());
        if (blank_line_skipped_ || data.size() < 2 || bytes[0] != '\r' || bytes[1] != '\n') {
            return false;
        }
        buffer_.consume(2);
        blank_line_skipped_ = true;
        return true;
    }

    // What each answer starts from: its clock, no id yet, the connected address as client.
    void begin_answer() {
        started_ = std::chrono::steady_clock::now();
        request_id_.clear();
        client_ = client_ip_;
    }

    void on_read(beast::error_code ec, std::size_t) {
        begin_answer();
        if (ec == http::error::end_of_stream || ec == net::error::operation_aborted ||
            ec == net::error::connection_reset || ec == net::error::eof) {
            return do_close();
        }
        if (ec == http::error::body_limit) {
            return reply_and_close(413, error_response(ErrorCode::payload_too_large));
        }
        if (ec == http::error::header_limit) {
            return reply_and_close(431, error_response(ErrorCode::bad_request, {},
                                                       "The request headers are too large."));
        }
        if (ec) {
            // A malformed request gets a 400 before the connection closes; anything else
            // (the network failed) just closes.
            if (ec.category() != http::make_error_code(http::error::bad_target).category()) {
                log_error("read", ec);
                return do_close();
            }
            return reply_and_close(400, error_response(ErrorCode::bad_request));
        }
        busy_ = true;
        dispatch_request();
    }

    void dispatch_request() {
        HttpRequest request =
            from_beast(parser_->get(), client_ip_, state_.config.trusted_proxies);
        https_ = request.https;
        client_ = request.client_ip;
        // Only a trusted proxy may name the request: anyone else could forge log entries.
        std::string_view given = parser_->get()["X-Request-Id"];
        if (state_.config.trusted_proxies.contains(client_ip_) && usable_request_id(given)) {
            request_id_.assign(given);
        }
        auto respond = [self = shared_from_this()](HttpResponse response) {
            if (t_held_answers) {
                t_held_answers->push_back({self, std::move(response)});
                return;
            }
            net::dispatch(self->socket_.get_executor(),
                          [self, response = std::move(response)]() mutable {
                              self->send(std::move(response), false);
                          });
        };
        try {
            state_.handler(request, respond);
        } catch (const std::exception& e) {
            // An exception must not unwind through io_context::run and take the thread down.
            std::fprintf(stderr, "http: handler: %s\n", e.what());
            respond(failure_response(e));
        }
    }

    void reply_and_close(int status, HttpResponse response) {
        busy_ = true;
        response.status = status;
        send(std::move(response), true);
    }

    void send(HttpResponse response, bool close) {
        bool have_request = parser_ && parser_->is_header_done();
        unsigned version = have_request ? parser_->get().version() : 11;
        bool keep_alive = !close && have_request && parser_->get().keep_alive() && !state_.draining;
        // Here, on a network thread: an answer from the writer thread arrives by post, so
        // compressing never delays the writer's next batch.
        if (have_request) compress_answer(response, parser_->get()[http::field::accept_encoding]);
        if (request_id_.empty()) request_id_ = new_request_id();
        response.headers.emplace_back("X-Request-Id", request_id_);
        auto took = std::chrono::steady_clock::now() - started_;
        std::size_t route = route_index(have_request ? parser_->get().target() : "");
        observe_request(route, response.status, took);
        if (state_.config.log_requests) log_request(have_request, route, response.status, took);
        auto res = to_beast(std::move(response), version, keep_alive);
        response_ = res;
        expires_after(state_.config.request_timeout);
        // The header as one buffer beside the body: one system call, and no walk through
        // Beast's list of fields on every write.
        head_ = serialized_header(*res, https_);
        std::array<net::const_buffer, 2> whole{net::buffer(head_), net::buffer(res->body())};
        net::async_write(
            socket_, whole,
            beast::bind_front_handler(&Session::on_write, shared_from_this(), !keep_alive));
    }

    // The request (or the wait for the next one, or the answer's write) must end within
    // `timeout`. One timer per connection, re-armed only when it fires early: moving the
    // deadline costs nothing per request.
    void expires_after(std::chrono::steady_clock::duration timeout) {
        deadline_ = std::chrono::steady_clock::now() + timeout;
        timed_out_ = false;
        if (watching_) return;
        watching_ = true;
        deadline_timer_.expires_at(deadline_);
        deadline_timer_.async_wait(
            beast::bind_front_handler(&Session::on_deadline, shared_from_this()));
    }

    void on_deadline(beast::error_code ec) {
        watching_ = false;
        if (ec || !socket_.is_open()) return;  // the connection ended first
        if (std::chrono::steady_clock::now() < deadline_) {
            expires_after(deadline_ - std::chrono::steady_clock::now());
            return;
        }
        timed_out_ = true;
        beast::error_code ignored;
        socket_.cancel(ignored);  // the pending read or write ends with operation_aborted
    }

    // One line per request; the path as loggable_path allows, the method if it is one.
    void log_request(bool have_request, std::size_t route, int status,
                     std::chrono::steady_clock::duration took) {
        std::string method = "-";
        std::string path = "-";
        if (have_request) {
            // An unknown method is the client's free text, as an unmatched path is.
            const bool known = parser_->get().method() != http::verb::unknown;
            method = known ? std::string(parser_->get().method_string()) : "?";
            path = loggable_path(parser_->get().target(), route, status);
        }
        state_.log.write(LogEntry{method, path, route_name(route), request_id_, client_, status,
                                  took});
    }

    void on_write(bool close, beast::error_code ec, std::size_t) {
        busy_ = false;
        response_.reset();
        if (ec) {
            if (ec != net::error::broken_pipe && ec != net::error::connection_reset &&
                !timed_out_) {
                log_error("write", ec);
            }
            return do_close();
        }
        if (close) return do_close();
        do_read();
    }

    void do_close() {
        beast::error_code ec;
        socket_.shutdown(tcp::socket::shutdown_send, ec);
        socket_.close(ec);
        deadline_timer_.cancel();  // its wait holds this session
    }

    Socket socket_;
    Timer deadline_timer_;
    std::chrono::steady_clock::time_point deadline_;
    bool watching_ = false;   // deadline_timer_ has a wait pending
    bool timed_out_ = false;  // the deadline passed: the connection is being cut off
    std::string head_;        // the answer's status line and fields, being written
    beast::flat_buffer buffer_;
    ServerState& state_;
    std::string client_ip_;  // the connected peer
    std::string client_;     // the request's client (a trusted proxy's word), for the log
    std::string request_id_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::shared_ptr<void> response_;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    bool busy_ = false;
    bool https_ = false;  // the scheme of the request being answered
    bool blank_line_skipped_ = false;  // before the request being read
};

// Accepts on the first io_context and hands each connection to the next io_context in
// turn: one io_context per thread keeps every session on one thread without strands.
class Listener : public std::enable_shared_from_this<Listener> {
public:
    Listener(std::vector<std::unique_ptr<net::io_context>>& contexts, tcp::acceptor& acceptor,
             ServerState& state)
        : contexts_(contexts), acceptor_(acceptor), state_(state), retry_(*contexts[0]) {}

    void do_accept() {
        net::io_context& target = *contexts_[next_++ % contexts_.size()];
        acceptor_.async_accept(target,
                               beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
    }

private:
    void on_accept(beast::error_code ec, Socket socket) {
        if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
        if (ec) {
            // Usually out of file descriptors: back off briefly instead of spinning.
            log_error("accept", ec);
            retry_.expires_after(std::chrono::milliseconds(50));
            retry_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
                if (!wait_ec) self->do_accept();
            });
            return;
        }
        beast::error_code ec_remote;
        auto remote = socket.remote_endpoint(ec_remote);
        std::string client = ec_remote ? "unknown" : remote.address().to_string();
        if (state_.limits.admit(client)) {
            std::make_shared<Session>(std::move(socket), state_, std::move(client))->start();
        } else {
            refuse(socket);
        }
        do_accept();
    }

    // Over a cap: a plain 503 and close, rather than let everyone slow down. The answer is a
    // few bytes into a new socket's empty send buffer, so writing it cannot block.
    static void refuse(Socket& socket) {
        static const std::string kBusy = [] {
            std::string body = error_response(ErrorCode::server_busy).body;
            return "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nConnection: close\r\n"
                   "Content-Type: application/json\r\nContent-Length: " +
                   std::to_string(body.size()) + "\r\n\r\n" + body;
        }();
        beast::error_code ignored;
        net::write(socket, net::buffer(kBusy), ignored);
        socket.shutdown(tcp::socket::shutdown_both, ignored);
        socket.close(ignored);
    }

    std::vector<std::unique_ptr<net::io_context>>& contexts_;
    tcp::acceptor& acceptor_;
    ServerState& state_;
    net::steady_timer retry_;
    std::size_t next_ = 0;
};

using WorkGuard = net::executor_work_guard<net::io_context::executor_type>;

// After SIGTERM: wait until every session has ended, then let the io_contexts run out of work.
void wait_for_sessions(std::shared_ptr<net::steady_timer> timer, ServerState& state,
                       std::vector<std::unique_ptr<net::io_context>>& contexts,
                       std::vector<WorkGuard>& guards,
                       std::chrono::steady_clock::time_point give_up) {
    if (state.session_count() == 0) {
        for (auto& guard : guards) guard.reset();
        return;
    }
    if (std::chrono::steady_clock::now() > give_up) {
        std::fprintf(stderr, "http: sessions still open at shutdown deadline; closing\n");
        for (auto& context : contexts) context->stop();
        return;
    }
    timer->expires_after(std::chrono::milliseconds(20));
    timer->async_wait([timer, &state, &contexts, &guards, give_up](beast::error_code ec) {
        if (!ec) wait_for_sessions(timer, state, contexts, guards, give_up);
    });
}

void start_drain(std::vector<std::unique_ptr<net::io_context>>& contexts,
                 std::vector<WorkGuard>& guards, tcp::acceptor& acceptor, ServerState& state) {
    state.draining = true;
    beast::error_code ignored;
    acceptor.close(ignored);
    std::vector<std::shared_ptr<Session>> live;
    {
        std::lock_guard lock(state.mutex);
        for (auto& [raw, weak] : state.sessions) {
            if (auto session = weak.lock()) live.push_back(std::move(session));
        }
    }
    for (auto& session : live) session->close_if_idle();
    auto timer = std::make_shared<net::steady_timer>(*contexts[0]);
    wait_for_sessions(
        timer, state, contexts, guards,
        std::chrono::steady_clock::now() + state.config.request_timeout + std::chrono::seconds(5));
}

}  // namespace

void answer_together(const std::function<void()>& give_answers) {
    std::vector<HeldAnswer> held;
    t_held_answers = &held;
    try {
        give_answers();
    } catch (...) {
        t_held_answers = nullptr;
        throw;
    }
    t_held_answers = nullptr;
    // Sessions are bound to one network thread each (one io_context per thread).
    std::vector<std::pair<Executor, std::vector<HeldAnswer>>> by_thread;
    for (HeldAnswer& answer : held) {
        const Executor executor = answer.session->executor();
        auto thread = std::find_if(by_thread.begin(), by_thread.end(),
                                   [&](const auto& entry) { return entry.first == executor; });
        if (thread == by_thread.end()) thread = by_thread.insert(thread, {executor, {}});
        thread->second.push_back(std::move(answer));
    }
    for (auto& [executor, answers] : by_thread) {
        net::post(executor, [answers = std::move(answers)]() mutable {
            for (HeldAnswer& answer : answers) answer.session->answer(std::move(answer.response));
        });
    }
}

int run_http_server(const HttpServerConfig& config, Handler handler,
                    const std::function<void(unsigned short port)>& on_listening) {
    std::vector<std::unique_ptr<net::io_context>> contexts;
    std::vector<WorkGuard> guards;
    for (int i = 0; i < std::max(1, config.threads); ++i) {
        contexts.push_back(std::make_unique<net::io_context>(1));
        guards.push_back(net::make_work_guard(*contexts.back()));
    }
    net::io_context& main_context = *contexts[0];
    HttpServerConfig limited = config;
    limited.max_connections = connection_cap(config.max_connections, raise_open_files_limit());
    ServerState state(limited);
    state.handler = std::move(handler);

    tcp::acceptor acceptor(main_context);
    beast::error_code ec;
    auto address = net::ip::make_address(config.host, ec);
    if (ec) {
        std::fprintf(stderr, "http: bad host %s: %s\n", config.host.c_str(), ec.message().c_str());
        return 1;
    }
    tcp::endpoint endpoint(address, config.port);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
        std::fprintf(stderr, "http: cannot listen on %s:%u: %s\n", config.host.c_str(), config.port,
                     ec.message().c_str());
        return 1;
    }
    std::make_shared<Listener>(contexts, acceptor, state)->do_accept();

    net::signal_set signals(main_context, SIGINT, SIGTERM);
    signals.async_wait([&](beast::error_code wait_ec, int) {
        if (!wait_ec) start_drain(contexts, guards, acceptor, state);
    });

    on_listening(acceptor.local_endpoint().port());

    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < contexts.size(); ++i) {
        threads.emplace_back([&context = *contexts[i]] { context.run(); });
    }
    main_context.run();
    for (auto& thread : threads) thread.join();
    return 0;
}

}  // namespace mawid::server
