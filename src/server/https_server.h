#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <string>

#include "server/metrics.h"
#include "server/tls_credentials.h"
#include "server/webhook_handler.h"

namespace bulwark::server {

/// Transport settings. Defaults suit an admission webhook: the API server keeps a few
/// connections alive and sends requests well under 3 MiB (its own object limit).
struct ServerOptions {
  std::string address = "0.0.0.0";
  uint16_t port = 8443;  // 0 picks a free port (tests)
  unsigned threads = 2;
  /// Largest request body: an AdmissionReview carries the object and, on UPDATE, the old one.
  std::size_t max_body_bytes = std::size_t{7} << 20;
  std::size_t max_header_bytes = 16 << 10;
  /// Connections served at once; beyond it the server stops accepting (back-pressure through
  /// the listen backlog) until one closes.
  std::size_t max_connections = 512;
  /// HTTP/2 offered through ALPN ("h2" before "http/1.1"): the API server prefers it.
  bool http2 = true;
  /// HTTP/2 requests in flight on one connection (SETTINGS_MAX_CONCURRENT_STREAMS); reading
  /// pauses while that many answers are being computed.
  std::size_t max_concurrent_streams = 100;
  std::chrono::milliseconds handshake_timeout{10'000};
  /// A whole request must arrive within this once its first byte did (slow-client protection).
  std::chrono::milliseconds read_timeout{10'000};
  std::chrono::milliseconds write_timeout{10'000};
  /// How long an idle keep-alive connection stays open.
  std::chrono::milliseconds idle_timeout{60'000};
  /// On SIGTERM: stop accepting, finish in-flight requests, and stop after at most this long.
  std::chrono::milliseconds shutdown_grace{20'000};
  std::chrono::milliseconds certificate_poll{1'000};
  bool handle_signals = true;  // SIGTERM and SIGINT start a graceful shutdown
};

/// The HTTPS server (Boost.Beast over Asio, OpenSSL): HTTP/2 (libnghttp2) or keep-alive
/// HTTP/1.1 as ALPN decides, a small pool of worker threads, per-phase timeouts, connection cap, certificate
/// rotation and graceful shutdown. Requests are answered by a WebhookHandler.
class HttpsServer {
 public:
  static std::expected<std::unique_ptr<HttpsServer>, std::string> create(ServerOptions options,
                                                                         TlsCredentialStore& credentials,
                                                                         WebhookHandler& handler,
                                                                         Metrics& metrics);
  ~HttpsServer();
  HttpsServer(const HttpsServer&) = delete;
  HttpsServer& operator=(const HttpsServer&) = delete;

  /// The port the server listens on (the chosen one when options.port was 0).
  uint16_t port() const;
  /// Serves until a shutdown completes; runs the worker threads. Call once.
  void run();
  /// Starts a graceful shutdown (thread- and signal-safe to call from any thread).
  void shutdown();

  class Impl;

 private:
  explicit HttpsServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace bulwark::server
