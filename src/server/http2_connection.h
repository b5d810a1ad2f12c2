#pragma once

#include <array>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "server/metrics.h"
#include "server/tls_socket.h"
#include "server/webhook_handler.h"

struct nghttp2_session;

namespace bulwark::server {

struct ServerOptions;

/// On shutdown, how long an idle connection still waits for a request already on its way (a
/// client that wrote just as we closed would otherwise see an accepted request fail).
inline constexpr std::chrono::milliseconds kDrainWindow{500};

/// The ALPN protocol list the server offers, in preference order ("h2" first when HTTP/2 is on),
/// installed on a TLS context before its first handshake. Not thread-safe for a context in use.
void offer_alpn(boost::asio::ssl::context& context, bool http2);

/// True when the handshake on `stream` negotiated HTTP/2 through ALPN.
bool negotiated_http2(TlsSocket& stream);

/// One HTTP/2 connection (RFC 9113) after a TLS handshake that chose "h2": libnghttp2 frames
/// the protocol, requests go to the WebhookHandler (on the worker pool, so the streams of one
/// connection — the API server multiplexes every webhook call on one — use every thread), and
/// the answers are written back on the connection's strand. Limits match HTTP/1.1: body size
/// (413), header size (431), a deadline for each request once it started (slow clients), an
/// idle timeout, a write timeout, and at most `max_concurrent_streams` requests in flight.
///
/// Everything but the handler call runs on the stream's strand. The owner (the session that
/// holds the stream and this object) is kept alive by every pending operation.
class Http2Connection {
 public:
  Http2Connection(TlsSocket& stream, const ServerOptions& options, WebhookHandler& handler, Metrics& metrics,
                  boost::asio::any_io_executor workers);
  ~Http2Connection();
  Http2Connection(const Http2Connection&) = delete;
  Http2Connection& operator=(const Http2Connection&) = delete;

  /// Sends the server preface and starts reading; `draining` when a shutdown already began.
  void start(std::shared_ptr<void> owner, bool draining);
  /// Graceful shutdown: GOAWAY, finish the streams already received, then close.
  void drain();

  struct Stream;

 private:
  using Clock = std::chrono::steady_clock;
  friend struct Http2Callbacks;

  void read();
  void on_read(boost::system::error_code ec, std::size_t n);
  void flush();
  void tick();
  void arm_timer(std::chrono::milliseconds after);
  void close();
  void finish();
  void maybe_close();
  void finish_request(Stream& s);
  void answer(int32_t stream_id, HttpAnswer answer);
  void on_answer(int32_t stream_id, HttpAnswer answer);
  void send_goaway();
  bool reading_paused() const;

  TlsSocket& stream_;
  const ServerOptions& options_;
  WebhookHandler& handler_;
  Metrics& metrics_;
  boost::asio::any_io_executor workers_;
  boost::asio::steady_timer timer_;
  std::shared_ptr<void> owner_;  // released when the connection closes
  nghttp2_session* session_ = nullptr;
  std::map<int32_t, std::unique_ptr<Stream>> streams_;
  std::array<uint8_t, 16384> input_{};
  std::string output_;
  Clock::time_point started_;
  Clock::time_point idle_since_;
  Clock::time_point write_started_;
  Clock::time_point closing_since_;
  Clock::time_point drain_started_;
  std::size_t pending_answers_ = 0;  // requests handed to the workers, not yet answered
  bool preface_received_ = false;
  bool reading_ = false;
  bool writing_ = false;
  bool draining_ = false;
  bool goaway_sent_ = false;
  bool closing_ = false;    // no more input is processed
  bool finishing_ = false;  // our sending side is shut; waiting for the peer to close
  bool closed_ = false;
};

}  // namespace bulwark::server
