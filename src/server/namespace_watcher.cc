// The namespace list+watch client: Boost.Beast over Asio and OpenSSL, written as one C++20
// coroutine on a private io_context, so the whole protocol reads top to bottom.
#include "server/namespace_watcher.h"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "doc/json_loader.h"

namespace bulwark::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using Stream = beast::ssl_stream<beast::tcp_stream>;

namespace {

std::string_view string_at(const doc::Node* mapping, std::string_view key) {
  if (!mapping || !mapping->is_mapping()) return {};
  const doc::Node* n = mapping->get(key);
  if (!n) return {};
  return n->as_string().value_or(std::string_view{});
}

bool is_ip_address(const std::string& host) {
  beast::error_code ec;
  net::ip::make_address(host, ec);
  return !ec;
}

std::string percent_encoded(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

/// How a session ended, and whether the next one may start at once.
struct SessionEnd {
  std::string reason;
  bool expired = false;  // 410 Gone: re-list at once, it is not a failure of the server
};

/// A Status object's message ("too old resource version: 1 (42)") for logs.
std::string status_message(std::string_view body) {
  auto d = doc::load_json_document("status", std::string(body));
  if (d && d->root()) {
    if (const auto m = string_at(d->root(), "message"); !m.empty()) return std::string(m);
  }
  return std::string(body.substr(0, 200));
}

}  // namespace

class NamespaceWatcher::Impl {
 public:
  Impl(KubeEndpoint endpoint, std::shared_ptr<NamespacePolicies> namespaces, Metrics& metrics,
       WatchOptions options)
      : endpoint_(std::move(endpoint)),
        namespaces_(std::move(namespaces)),
        metrics_(metrics),
        options_(options),
        tls_(ssl::context::tls_client) {}

  ~Impl() { stop(); }

  std::expected<void, std::string> start() {
    beast::error_code ec;
    tls_.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                     ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    if (endpoint_.insecure_skip_verify) {
      tls_.set_verify_mode(ssl::verify_none);
    } else {
      tls_.set_verify_mode(ssl::verify_peer);
      if (endpoint_.ca_pem.empty())
        tls_.set_default_verify_paths(ec);
      else
        tls_.add_certificate_authority(net::buffer(endpoint_.ca_pem), ec);
      if (ec) return std::unexpected("the API server's CA: " + ec.message());
    }
    if (!endpoint_.client_cert_pem.empty()) {
      tls_.use_certificate_chain(net::buffer(endpoint_.client_cert_pem), ec);
      if (!ec) tls_.use_private_key(net::buffer(endpoint_.client_key_pem), ssl::context::pem, ec);
      if (ec) return std::unexpected("the client certificate for the API server: " + ec.message());
    }
    net::co_spawn(ioc_, run(), net::detached);
    thread_ = std::thread([this] { ioc_.run(); });
    return {};
  }

  void stop() {
    if (!thread_.joinable()) return;
    stopping_ = true;
    ioc_.stop();
    thread_.join();
  }

  std::atomic<bool> synced_{false};
  std::atomic<uint64_t> lists_{0};
  std::atomic<uint64_t> events_{0};

 private:
  net::awaitable<void> run();
  net::awaitable<SessionEnd> session();
  net::awaitable<SessionEnd> list(Stream& stream, beast::flat_buffer& buffer, std::string& resource_version);
  net::awaitable<std::optional<SessionEnd>> watch(Stream& stream, beast::flat_buffer& buffer,
                                                  std::string& resource_version);
  /// Applies one watch event line; returns why the session must end, if it must.
  std::optional<SessionEnd> apply_event(std::string line, std::string& resource_version);
  http::request<http::empty_body> get(std::string target) const;
  std::string bearer_token() const;

  KubeEndpoint endpoint_;
  std::shared_ptr<NamespacePolicies> namespaces_;
  Metrics& metrics_;
  WatchOptions options_;
  ssl::context tls_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  // Last: destroyed first, with the coroutine frames that refer to the members above.
  net::io_context ioc_{1};
};

std::string NamespaceWatcher::Impl::bearer_token() const {
  if (endpoint_.token_file.empty()) return endpoint_.token;
  std::ifstream in(endpoint_.token_file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  std::string token = text.str();
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' '))
    token.pop_back();
  return token.empty() ? endpoint_.token : token;
}

http::request<http::empty_body> NamespaceWatcher::Impl::get(std::string target) const {
  http::request<http::empty_body> req{http::verb::get, target, 11};
  req.set(http::field::host, endpoint_.host.find(':') != std::string::npos
                                 ? "[" + endpoint_.host + "]:" + endpoint_.port
                                 : endpoint_.host + ":" + endpoint_.port);
  req.set(http::field::user_agent, "bulwark-webhook");
  req.set(http::field::accept, "application/json");
  if (const std::string token = bearer_token(); !token.empty())
    req.set(http::field::authorization, "Bearer " + token);
  req.keep_alive(true);
  return req;
}

net::awaitable<void> NamespaceWatcher::Impl::run() {
  auto backoff = options_.min_backoff;
  net::steady_timer timer(co_await net::this_coro::executor);
  while (!stopping_) {
    SessionEnd end;
    try {
      end = co_await session();
    } catch (const std::exception& e) {
      end.reason = e.what();
    }
    if (stopping_) break;
    metrics_.namespace_watch_restarted();
    std::fprintf(stderr, "bulwark serve: namespace watch (%s): %s; re-listing\n", endpoint_.origin.c_str(),
                 end.reason.c_str());
    if (end.expired) {
      backoff = options_.min_backoff;
      continue;
    }
    timer.expires_after(backoff);
    beast::error_code ec;
    co_await timer.async_wait(net::redirect_error(net::use_awaitable, ec));
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

net::awaitable<SessionEnd> NamespaceWatcher::Impl::session() {
  auto executor = co_await net::this_coro::executor;
  tcp::resolver resolver(executor);
  Stream stream(executor, tls_);
  beast::get_lowest_layer(stream).expires_after(options_.connect_timeout);
  const auto addresses = co_await resolver.async_resolve(endpoint_.host, endpoint_.port, net::use_awaitable);
  co_await beast::get_lowest_layer(stream).async_connect(addresses, net::use_awaitable);
  SSL* ssl_handle = stream.native_handle();
  if (!is_ip_address(endpoint_.host)) SSL_set_tlsext_host_name(ssl_handle, endpoint_.host.c_str());
  if (!endpoint_.insecure_skip_verify) {
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl_handle);
    if (is_ip_address(endpoint_.host))
      X509_VERIFY_PARAM_set1_ip_asc(param, endpoint_.host.c_str());
    else
      X509_VERIFY_PARAM_set1_host(param, endpoint_.host.c_str(), 0);
  }
  co_await stream.async_handshake(ssl::stream_base::client, net::use_awaitable);

  beast::flat_buffer buffer;
  std::string resource_version;
  if (SessionEnd failed = co_await list(stream, buffer, resource_version); !failed.reason.empty())
    co_return failed;
  while (!stopping_) {
    if (auto end = co_await watch(stream, buffer, resource_version)) co_return std::move(*end);
  }
  co_return SessionEnd{"stopping", false};
}

net::awaitable<SessionEnd> NamespaceWatcher::Impl::list(Stream& stream, beast::flat_buffer& buffer,
                                                        std::string& resource_version) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::shared_ptr<const doc::Document>> pages;
  std::string continue_token;
  do {
    std::string target = "/api/v1/namespaces?limit=" + std::to_string(options_.list_page);
    if (!continue_token.empty()) target += "&continue=" + percent_encoded(continue_token);
    beast::get_lowest_layer(stream).expires_after(options_.list_timeout);
    co_await http::async_write(stream, get(std::move(target)), net::use_awaitable);
    http::response_parser<http::string_body> parser;
    parser.body_limit(options_.max_list_bytes);
    co_await http::async_read(stream, buffer, parser, net::use_awaitable);
    auto& response = parser.get();
    if (response.result() != http::status::ok) {
      metrics_.namespaces_loaded(namespaces_->size(), 0, false);
      co_return SessionEnd{"listing namespaces: HTTP " + std::to_string(response.result_int()) + ": " +
                               status_message(response.body()),
                           false};
    }
    auto page = doc::load_json_document("namespace list", std::move(response.body()));
    if (!page || !page->root() || !page->root()->is_mapping()) {
      metrics_.namespaces_loaded(namespaces_->size(), 0, false);
      co_return SessionEnd{"listing namespaces: the answer is not a NamespaceList", false};
    }
    const doc::Node* metadata = page->root()->get("metadata");
    resource_version = std::string(string_at(metadata, "resourceVersion"));
    continue_token = std::string(string_at(metadata, "continue"));
    pages.push_back(std::make_shared<const doc::Document>(std::move(*page)));
    if (!response.keep_alive() && !continue_token.empty())
      co_return SessionEnd{"listing namespaces: the API server closed the connection mid-list", false};
  } while (!continue_token.empty());
  const std::size_t count = namespaces_->replace_all(std::move(pages));
  metrics_.namespaces_loaded(
      count, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(), true);
  lists_.fetch_add(1);
  synced_ = true;
  co_return SessionEnd{};
}

std::optional<SessionEnd> NamespaceWatcher::Impl::apply_event(std::string line,
                                                              std::string& resource_version) {
  auto loaded = doc::load_json_document("watch event", std::move(line));
  if (!loaded || !loaded->root() || !loaded->root()->is_mapping())
    return SessionEnd{"the watch sent an event that is not JSON", false};
  auto event = std::make_shared<doc::Document>(std::move(*loaded));
  const std::string type(string_at(event->root(), "type"));
  const doc::Node* object = event->root()->get("object");
  metrics_.namespace_watch_event(type);
  if (!object || !object->is_mapping()) return SessionEnd{"a watch event without an object", false};
  if (type == "ERROR") {
    // A Status: 410 Gone ("too old resource version") when our resourceVersion was compacted away.
    const doc::Node* code = object->get("code");
    const bool gone = code && code->as_int().value_or(0) == 410;
    return SessionEnd{"the watch ended with " + std::string(gone ? "410 Gone" : "an error") + ": " +
                          std::string(string_at(object, "message")),
                      gone};
  }
  const std::string_view version = string_at(object->get("metadata"), "resourceVersion");
  if (type == "ADDED" || type == "MODIFIED") {
    event->set_root(object);  // the document now stands for the Namespace alone
    std::shared_ptr<const doc::Document> shared = event;
    for (const k8s::Object& ns : k8s::Object::in(*shared)) namespaces_->observe(shared, ns);
  } else if (type == "DELETED") {
    namespaces_->forget(string_at(object->get("metadata"), "name"));
  } else if (type != "BOOKMARK") {
    return SessionEnd{"the watch sent an event of unknown type \"" + type + "\"", false};
  }
  if (!version.empty()) resource_version = std::string(version);
  events_.fetch_add(1);
  return std::nullopt;
}

net::awaitable<std::optional<SessionEnd>> NamespaceWatcher::Impl::watch(Stream& stream,
                                                                        beast::flat_buffer& buffer,
                                                                        std::string& resource_version) {
  const std::string target = "/api/v1/namespaces?watch=1&allowWatchBookmarks=true&resourceVersion=" +
                             percent_encoded(resource_version) +
                             "&timeoutSeconds=" + std::to_string(options_.watch_timeout.count());
  auto& tcp_layer = beast::get_lowest_layer(stream);
  tcp_layer.expires_after(options_.list_timeout);
  co_await http::async_write(stream, get(target), net::use_awaitable);
  http::response_parser<http::string_body> parser;
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  co_await http::async_read_header(stream, buffer, parser, net::use_awaitable);
  if (parser.get().result() != http::status::ok) {
    parser.body_limit(options_.max_event_bytes);
    co_await http::async_read(stream, buffer, parser, net::use_awaitable);
    const bool gone = parser.get().result() == http::status::gone;
    co_return SessionEnd{"watching namespaces: HTTP " + std::to_string(parser.get().result_int()) + ": " +
                             status_message(parser.get().body()),
                         gone};
  }
  // Events are newline-separated JSON documents; a chunk may hold several or part of one.
  std::string pending;
  std::optional<SessionEnd> ended;
  auto take_lines = [&](bool final) {
    std::size_t start = 0;
    for (std::size_t nl; !ended && (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
      if (nl > start) ended = apply_event(pending.substr(start, nl - start), resource_version);
    }
    pending.erase(0, start);
    if (!ended && final && pending.find_first_not_of(" \r\n\t") != std::string::npos) {
      ended = apply_event(std::move(pending), resource_version);
      pending.clear();
    }
    if (!ended && pending.size() > options_.max_event_bytes)
      ended = SessionEnd{"a watch event larger than " + std::to_string(options_.max_event_bytes) + " bytes",
                         false};
  };
  auto on_chunk = [&](std::uint64_t, beast::string_view body, beast::error_code&) -> std::size_t {
    pending.append(body.data(), body.size());
    return body.size();
  };
  parser.on_chunk_body(on_chunk);
  const auto idle_limit = options_.watch_timeout + options_.watch_slack;
  while (!parser.is_done() && !ended && !stopping_) {
    tcp_layer.expires_after(idle_limit);
    co_await http::async_read_some(stream, buffer, parser, net::use_awaitable);
    if (!parser.chunked()) {
      pending.append(parser.get().body());
      parser.get().body().clear();
    }
    take_lines(false);
  }
  if (ended) co_return ended;
  take_lines(true);
  if (ended) co_return ended;
  if (!parser.keep_alive()) co_return SessionEnd{"the API server closed the watch connection", false};
  co_return std::nullopt;  // the watch timed out normally: renew it from resource_version
}

NamespaceWatcher::NamespaceWatcher(KubeEndpoint endpoint, std::shared_ptr<NamespacePolicies> namespaces,
                                   Metrics& metrics, WatchOptions options)
    : impl_(std::make_unique<Impl>(std::move(endpoint), std::move(namespaces), metrics, options)) {}
NamespaceWatcher::~NamespaceWatcher() = default;

std::expected<void, std::string> NamespaceWatcher::start() {
  return impl_->start();
}
void NamespaceWatcher::stop() {
  impl_->stop();
}
bool NamespaceWatcher::synced() const {
  return impl_->synced_.load();
}
uint64_t NamespaceWatcher::lists() const {
  return impl_->lists_.load();
}
uint64_t NamespaceWatcher::events() const {
  return impl_->events_.load();
}

}  // namespace bulwark::server
