#include "server/https_server.h"

#include <fcntl.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
// GCC 12 with the sanitizers reports Beast's empty optional content length as "may be used
// uninitialized" where basic_parser::put is inlined here (a false positive in boost::optional).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/beast/http.hpp>
#pragma GCC diagnostic pop
#include <cstdio>
#include <map>
#include <optional>
#include <thread>
#include <vector>

#include "server/http1_request.h"
#include "server/http1_response.h"
#include "server/http2_connection.h"

namespace bulwark::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

class Session;

// A child process (a probe script, a test's client) must not inherit the listening socket: it
// would keep the port open, and connections would queue on it, after shutdown.
void close_on_exec(int fd) {
  ::fcntl(fd, F_SETFD, ::fcntl(fd, F_GETFD) | FD_CLOEXEC);
}

class HttpsServer::Impl {
 public:
  Impl(ServerOptions options, TlsCredentialStore& credentials, WebhookHandler& handler, Metrics& metrics)
      : options_(std::move(options)),
        credentials_(credentials),
        handler_(handler),
        metrics_(metrics),
        stopped_(false),
        ioc_(static_cast<int>(std::max(1u, options_.threads))),
        strand_(net::make_strand(ioc_)),
        acceptor_(strand_),
        cert_timer_(strand_),
        grace_timer_(strand_) {}

  ~Impl() { stopped_ = true; }
  std::expected<void, std::string> listen();
  void run();
  void shutdown();
  uint16_t port() const { return port_; }

  const ServerOptions& options() const { return options_; }
  WebhookHandler& handler() { return handler_; }
  net::any_io_executor workers() { return ioc_.get_executor(); }
  Metrics& metrics() { return metrics_; }
  bool draining() const { return draining_.load(); }
  void session_opened(uint64_t id, const std::shared_ptr<Session>& session);
  void session_closed(uint64_t id);

 private:
  void accept();
  void on_accept(beast::error_code ec, tcp::socket socket);
  void poll_certificate();
  void begin_drain();

  ServerOptions options_;
  TlsCredentialStore& credentials_;
  WebhookHandler& handler_;
  Metrics& metrics_;
  // Declared before the io_context so that they outlive it: destroying the io_context destroys
  // the sessions still queued in it, and their destructors report here.
  std::mutex sessions_mutex_;
  std::map<uint64_t, std::weak_ptr<Session>> sessions_;
  std::atomic<bool> stopped_;
  net::io_context ioc_;
  net::strand<net::io_context::executor_type> strand_;  // acceptor, timers, session table
  tcp::acceptor acceptor_;
  net::steady_timer cert_timer_;
  net::steady_timer grace_timer_;
  std::optional<net::signal_set> signals_;
  uint16_t port_ = 0;
  std::atomic<bool> draining_{false};
  bool accepting_ = false;  // an async_accept is pending (strand only)
  uint64_t next_id_ = 0;
  std::shared_ptr<ssl::context> alpn_context_;  // the last context given our ALPN list (strand only)
};

/// One client connection: TLS handshake, then either HTTP/2 (handed to an Http2Connection) or
/// keep-alive HTTP/1.1 requests one at a time. All of its work runs on its own strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, std::shared_ptr<ssl::context> context, HttpsServer::Impl& server, uint64_t id)
      : context_(std::move(context)),
        stream_(std::move(socket), context_->native_handle()),
        drain_timer_(stream_.get_executor()),
        server_(server),
        id_(id) {}
  ~Session() { server_.session_closed(id_); }

  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->handshake(); });
  }
  /// Called on shutdown: a busy connection closes after its answer; an idle one gets a short
  /// window for a request already on its way (a client that wrote just as we closed would
  /// otherwise see an accepted request fail), then closes.
  void drain() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (self->http2_) return self->http2_->drain();
      if (self->state_ != State::Idle) return;
      self->drain_timer_.expires_after(kDrainWindow);
      self->drain_timer_.async_wait([self](beast::error_code ec) {
        if (!ec && self->state_ == State::Idle) self->stream_.cancel();
      });
    });
  }

 private:
  enum class State { Handshake, Idle, Reading, Writing, Closing, Http2 };
  const ServerOptions& options() const { return server_.options(); }

  void handshake() {
    stream_.expires_after(options().handshake_timeout);
    stream_.async_handshake([self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) {
        self->server_.metrics().tls_handshake_failed();
        return;  // the socket closes with the session
      }
      if (negotiated_http2(self->stream_)) {
        self->state_ = State::Http2;
        self->http2_ =
            std::make_unique<Http2Connection>(self->stream_, self->options(), self->server_.handler(),
                                              self->server_.metrics(), self->server_.workers());
        return self->http2_->start(self, self->server_.draining());
      }
      self->wait_for_request();
    });
  }

  // An idle keep-alive connection may wait long for its next request; once the first byte
  // arrives, the whole request must follow within read_timeout.
  void wait_for_request() {
    state_ = State::Idle;
    if (buffer_.size() > 0) return read_request();
    stream_.expires_after(server_.draining() ? kDrainWindow : options().idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              if (ec) return self->close();  // idle timeout, peer gone, or drained
                              self->buffer_.commit(n);
                              self->read_request();
                            });
  }

  void read_request() {
    state_ = State::Reading;
    parser_.emplace();
    parser_->body_limit(options().max_body_bytes);
    parser_->header_limit(static_cast<std::uint32_t>(options().max_header_bytes));
    parser_->eager(true);
    // A request usually arrives whole with its first bytes: parse what is buffered, and start an
    // asynchronous read (with its timeout) only when the parser needs more.
    beast::error_code buffered;
    while (buffer_.size() > 0 && !parser_->is_done()) {
      const std::size_t used = parser_->put(buffer_.data(), buffered);
      buffer_.consume(used);
      if (buffered == http::error::need_more) buffered = {};
      if (buffered || used == 0) break;
    }
    if (buffered || parser_->is_done()) return on_read(buffered);
    stream_.expires_after(options().read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::body_limit)
      return respond(server_.handler().body_too_large(options().max_body_bytes), 11, true);
    if (ec == http::error::header_limit)
      return respond(HttpAnswer{431, "text/plain", "headers too large\n"}, 11, true);
    if (ec == beast::error::timeout) {
      server_.metrics().timed_out();
      return;  // a slow client gets no more of our time, not even a TLS goodbye
    }
    if (ec == http::error::end_of_stream || ec == net::error::eof || ec == ssl::error::stream_truncated)
      return close();
    if (ec) return respond(HttpAnswer{400, "text/plain", "bad request: " + ec.message() + "\n"}, 11, true);
    Http1RequestReader& request = *parser_;
    const bool keep_alive = request.keep_alive() && !server_.draining();
    HttpAnswer answer =
        server_.handler().handle(request.method_string(), request.target(), std::move(request.body()));
    if (request.method() == http::verb::head) answer.body.clear();
    respond(std::move(answer), request.version(), !keep_alive);
  }

  void respond(HttpAnswer answer, unsigned version, bool close_after) {
    state_ = State::Writing;
    write_http1_response(response_, answer, version, close_after);
    // Written from a posted handler: the requests read in this reactor round are answered first,
    // so the answers leave together and wake a waiting client once, not once each.
    net::post(stream_.get_executor(),
              [self = shared_from_this(), close_after] { self->write_response(close_after); });
  }

  void write_response(bool close_after) {
    stream_.expires_after(options().write_timeout);
    net::async_write(stream_, net::buffer(response_),
                     [self = shared_from_this(), close_after](beast::error_code ec, std::size_t) {
                       if (ec) {
                         if (ec == beast::error::timeout) self->server_.metrics().timed_out();
                         return;
                       }
                       if (close_after) return self->close();
                       self->wait_for_request();
                     });
  }

  void close() {
    if (state_ == State::Closing) return;
    state_ = State::Closing;
    stream_.expires_after(std::chrono::seconds(2));
    stream_.async_shutdown([self = shared_from_this()](beast::error_code, std::size_t) {
      beast::error_code ignored;
      self->stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    });
  }

  std::shared_ptr<ssl::context> context_;  // kept so a certificate rotation never pulls it away
  TlsSocket stream_;
  net::steady_timer drain_timer_;
  HttpsServer::Impl& server_;
  uint64_t id_;
  State state_ = State::Handshake;
  beast::flat_buffer buffer_;
  std::optional<Http1RequestReader> parser_;
  std::string response_;  // the answer being written, head and body in one buffer (see write_http1_response)
  std::unique_ptr<Http2Connection> http2_;
};

std::expected<void, std::string> HttpsServer::Impl::listen() {
  beast::error_code ec;
  const auto address = net::ip::make_address(options_.address, ec);
  if (ec) return std::unexpected("listen address " + options_.address + ": " + ec.message());
  const tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) close_on_exec(acceptor_.native_handle());
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    return std::unexpected("cannot listen on " + options_.address + ":" + std::to_string(options_.port) +
                           ": " + ec.message());
  port_ = acceptor_.local_endpoint().port();
  // Installed here, on the thread that creates the server, before it starts any other: Asio's
  // signal handler reads the state this writes without a lock (a handler cannot take one), so
  // every thread that may receive the signal must be ordered after it.
  if (options_.handle_signals) signals_.emplace(strand_, SIGTERM, SIGINT);
  return {};
}

void HttpsServer::Impl::accept() {
  if (draining_ || accepting_ || !acceptor_.is_open()) return;
  std::size_t open;
  {
    std::lock_guard lock(sessions_mutex_);
    open = sessions_.size();
  }
  if (open >= options_.max_connections) return;  // resumed by session_closed
  accepting_ = true;
  acceptor_.async_accept(net::make_strand(ioc_), beast::bind_front_handler(&Impl::on_accept, this));
}

void HttpsServer::Impl::on_accept(beast::error_code ec, tcp::socket socket) {
  accepting_ = false;
  if (draining_) return;
  if (!ec) {
    beast::error_code ignored;
    close_on_exec(socket.native_handle());
    socket.set_option(tcp::no_delay(true), ignored);
    const uint64_t id = next_id_++;
    std::shared_ptr<ssl::context> context = credentials_.current();
    if (context != alpn_context_) {
      // A context no connection has used yet (the first, or one from a rotation): configuring
      // it here, before its first handshake, races with nothing.
      offer_alpn(*context, options_.http2);
      alpn_context_ = context;
    }
    auto session = std::make_shared<Session>(std::move(socket), std::move(context), *this, id);
    session_opened(id, session);
    session->start();
  }
  accept();
}

void HttpsServer::Impl::session_opened(uint64_t id, const std::shared_ptr<Session>& session) {
  metrics_.connection_opened();
  std::lock_guard lock(sessions_mutex_);
  sessions_.emplace(id, session);
}

void HttpsServer::Impl::session_closed(uint64_t id) {
  metrics_.connection_closed();
  std::size_t open;
  {
    std::lock_guard lock(sessions_mutex_);
    sessions_.erase(id);
    open = sessions_.size();
  }
  if (stopped_) return;
  net::post(strand_, [this, open] {
    if (draining_) {
      if (open == 0) grace_timer_.cancel();  // the last connection finished: run() returns
      return;
    }
    accept();
  });
}

void HttpsServer::Impl::poll_certificate() {
  cert_timer_.expires_after(options_.certificate_poll);
  cert_timer_.async_wait([this](beast::error_code ec) {
    if (ec || draining_) return;
    std::string error;
    switch (credentials_.reload_if_changed(&error)) {
      case TlsCredentialStore::Reload::Reloaded:
        metrics_.certificate_loaded(credentials_.not_after_unix(), true);
        std::fprintf(stderr, "bulwark serve: serving certificate reloaded\n");
        break;
      case TlsCredentialStore::Reload::Failed:
        metrics_.certificate_loaded(0, false);
        std::fprintf(stderr, "bulwark serve: certificate not reloaded, keeping the current one: %s\n",
                     error.c_str());
        break;
      case TlsCredentialStore::Reload::Unchanged:
        break;
    }
    poll_certificate();
  });
}

void HttpsServer::Impl::begin_drain() {
  if (draining_.exchange(true)) return;
  handler_.set_ready(false);
  beast::error_code ignored;
  acceptor_.close(ignored);
  cert_timer_.cancel();
  if (signals_) signals_->cancel();
  std::vector<std::shared_ptr<Session>> open;
  {
    std::lock_guard lock(sessions_mutex_);
    for (auto& [id, weak] : sessions_)
      if (auto s = weak.lock()) open.push_back(std::move(s));
  }
  for (auto& s : open) s->drain();
  const bool none = open.empty();
  open.clear();  // let sessions that finished meanwhile go
  grace_timer_.expires_after(options_.shutdown_grace);
  grace_timer_.async_wait([this](beast::error_code ec) {
    if (!ec) {
      std::fprintf(stderr, "bulwark serve: grace period over, closing remaining connections\n");
    }
    ioc_.stop();
  });
  if (none) grace_timer_.cancel();
}

void HttpsServer::Impl::shutdown() {
  net::post(strand_, [this] { begin_drain(); });
}

void HttpsServer::Impl::run() {
  handler_.set_ready(true);
  metrics_.certificate_loaded(credentials_.not_after_unix(), true);
  net::post(strand_, [this] {
    accept();
    poll_certificate();
    if (signals_) {
      signals_->async_wait([this](beast::error_code ec, int) {
        if (!ec) begin_drain();
      });
    }
  });
  std::vector<std::thread> workers;
  for (unsigned i = 1; i < std::max(1u, options_.threads); ++i) workers.emplace_back([this] { ioc_.run(); });
  ioc_.run();
  for (std::thread& t : workers) t.join();
  stopped_ = true;
}

HttpsServer::HttpsServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpsServer::~HttpsServer() = default;

std::expected<std::unique_ptr<HttpsServer>, std::string> HttpsServer::create(ServerOptions options,
                                                                             TlsCredentialStore& credentials,
                                                                             WebhookHandler& handler,
                                                                             Metrics& metrics) {
  auto impl = std::make_unique<Impl>(std::move(options), credentials, handler, metrics);
  if (auto listening = impl->listen(); !listening) return std::unexpected(listening.error());
  return std::unique_ptr<HttpsServer>(new HttpsServer(std::move(impl)));
}

uint16_t HttpsServer::port() const {
  return impl_->port();
}
void HttpsServer::run() {
  impl_->run();
}
void HttpsServer::shutdown() {
  impl_->shutdown();
}

}  // namespace bulwark::server
