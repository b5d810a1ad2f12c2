#pragma once

#include <openssl/ssl.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace bulwark::server::testing {

/// A client TLS context trusting one CA file; shared by many connections (and threads).
class TlsClientContext {
 public:
  explicit TlsClientContext(const std::string& ca_file);
  ~TlsClientContext();
  TlsClientContext(const TlsClientContext&) = delete;
  TlsClientContext& operator=(const TlsClientContext&) = delete;
  bool ok() const { return ctx_ != nullptr; }
  SSL_CTX* get() const { return ctx_; }

 private:
  SSL_CTX* ctx_ = nullptr;
};

/// One HTTP/1.1 answer as read off the wire.
struct HttpResponse {
  int status = 0;
  bool close = false;  // "Connection: close"
  std::string body;
};

/// A blocking TLS connection to 127.0.0.1 with a receive timeout, for tests that need to misbehave
/// in ways curl cannot: stall half-way, vanish mid-request, or speak raw HTTP/2 frames.
class TlsClient {
 public:
  /// Connects and completes the handshake (verifying the server against the CA), offering `alpn`
  /// (wire format, e.g. "\x02h2"; empty offers nothing). nullptr on failure.
  static std::unique_ptr<TlsClient> connect(const TlsClientContext& context, uint16_t port,
                                            std::string_view alpn = {},
                                            std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~TlsClient();
  TlsClient(const TlsClient&) = delete;
  TlsClient& operator=(const TlsClient&) = delete;

  std::string negotiated_protocol() const;
  bool send(std::string_view bytes);
  /// Reads one HTTP/1.1 response (Content-Length framed); nullopt on timeout, EOF or garbage.
  std::optional<HttpResponse> read_response();
  /// Reads until the peer closes or `limit` passes; true when it closed.
  bool read_until_closed(std::chrono::milliseconds limit, std::string* received = nullptr);
  /// Reads what arrives within `limit` (at most until the peer closes).
  std::string read_for(std::chrono::milliseconds limit);
  /// Drops the connection without a TLS goodbye, with a TCP reset.
  void abort();

 private:
  TlsClient(int fd, SSL* ssl) : fd_(fd), ssl_(ssl) {}
  int read_some(char* buffer, int size);  // >0 bytes, 0 closed, -1 timeout/error
  void set_timeout(std::chrono::milliseconds timeout);
  int fd_;
  SSL* ssl_;
  std::string pending_;
};

}  // namespace bulwark::server::testing
