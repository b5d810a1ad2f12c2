#pragma once

#include <openssl/ssl.h>

#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

namespace bulwark::server {

/// What the connection's BIO knows of its socket (see tls_socket.cc).
struct SocketBioState {
  int fd = -1;
  bool eof = false;  // the peer closed its side
};

/// A server-side TLS connection with OpenSSL working straight on the socket: OpenSSL receives
/// and sends through the descriptor itself, and Asio only says when the socket is ready again.
/// (asio::ssl::stream instead copies every record through a BIO pair and a buffer of its own,
/// and clears OpenSSL's error queue several times per call: a fifth of the cost of a small
/// request.) It is an Asio AsyncReadStream and AsyncWriteStream, so Beast's readers and
/// asio::async_write work on it.
///
/// At most one operation per direction is pending at a time, and all of them run on the
/// socket's executor (the connection's strand), as for asio::ssl::stream. A deadline set with
/// expires_after ends the pending operation, and any started after it passed, with
/// beast::error::timeout; the connection stays open for a goodbye.
class TlsSocket {
 public:
  using tcp = boost::asio::ip::tcp;
  using executor_type = tcp::socket::executor_type;
  using error_code = boost::system::error_code;

  /// Takes the accepted socket; `context` gives the certificate, ALPN and verification
  /// settings. If OpenSSL cannot make a connection object, the handshake fails.
  TlsSocket(tcp::socket&& socket, SSL_CTX* context);
  ~TlsSocket();
  TlsSocket(const TlsSocket&) = delete;
  TlsSocket& operator=(const TlsSocket&) = delete;

  executor_type get_executor() { return socket_.get_executor(); }
  tcp::socket& socket() { return socket_; }
  SSL* native_handle() { return ssl_.get(); }

  /// Operations started after this must finish within `after` (together).
  void expires_after(std::chrono::steady_clock::duration after);
  void expires_never();
  /// Ends the pending operations with operation_aborted.
  void cancel();

  template <class Token>
  auto async_handshake(Token&& token) {
    return start<Token>(Step::Handshake, nullptr, 0, std::forward<Token>(token));
  }
  /// Completes with the bytes read into the first non-empty buffer; net::error::eof when the
  /// peer closed TLS properly, ssl::error::stream_truncated when it closed TCP without that.
  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    const boost::asio::mutable_buffer b = first_buffer<boost::asio::mutable_buffer>(buffers);
    return start<Token>(Step::Read, b.data(), b.size(), std::forward<Token>(token));
  }
  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    const boost::asio::const_buffer b = first_buffer<boost::asio::const_buffer>(buffers);
    return start<Token>(Step::Write, const_cast<void*>(b.data()), b.size(), std::forward<Token>(token));
  }
  /// Sends close_notify and waits (within the deadline) for the peer's.
  template <class Token>
  auto async_shutdown(Token&& token) {
    return start<Token>(Step::Shutdown, nullptr, 0, std::forward<Token>(token));
  }

 private:
  enum class Step { Handshake, Read, Write, Shutdown };
  /// What one OpenSSL call came to.
  struct Outcome {
    enum Kind { Done, WantRead, WantWrite, Again, Failed } kind;
    std::size_t bytes = 0;
    error_code error;
  };
  Outcome perform(Step step, void* data, std::size_t size);
  static error_code timeout_error();  // beast::error::timeout, without Beast in this header

  template <class Buffer, class Buffers>
  static Buffer first_buffer(const Buffers& buffers) {
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers); ++it) {
      Buffer b(*it);
      if (b.size() > 0) return b;
    }
    return Buffer();
  }

  /// One operation: calls OpenSSL until it is done, waiting on the socket whenever OpenSSL
  /// needs it readable or writable. A result ready at once is posted, never delivered from
  /// inside the initiating call (Asio's rule).
  struct Operation {
    TlsSocket* tls;
    Step step;
    void* data;
    std::size_t size;
    bool started = false;

    template <class Self>
    void operator()(Self& self, error_code waited = {}) {
      const bool first = !started;
      started = true;
      if (tls->timed_out_) return finish(self, first, timeout_error(), 0);
      if (waited) return finish(self, first, waited, 0);
      for (;;) {
        const Outcome o = tls->perform(step, data, size);
        switch (o.kind) {
          case Outcome::Again:
            continue;
          case Outcome::WantRead:
            return tls->socket_.async_wait(tcp::socket::wait_read, std::move(self));
          case Outcome::WantWrite:
            return tls->socket_.async_wait(tcp::socket::wait_write, std::move(self));
          case Outcome::Done:
          case Outcome::Failed:
            return finish(self, first, o.error, o.bytes);
        }
      }
    }

    template <class Self>
    void finish(Self& self, bool first, error_code error, std::size_t bytes) {
      if (!first) return self.complete(error, bytes);
      auto executor = tls->get_executor();
      boost::asio::post(executor,
                        [self = std::move(self), error, bytes]() mutable { self.complete(error, bytes); });
    }
  };

  template <class Token>
  auto start(Step step, void* data, std::size_t size, Token&& token) {
    return boost::asio::async_compose<Token, void(error_code, std::size_t)>(Operation{this, step, data, size},
                                                                            token, socket_);
  }

  struct SslFree {
    void operator()(SSL* ssl) const { SSL_free(ssl); }
  };
  tcp::socket socket_;
  SocketBioState bio_state_;  // its descriptor is read from socket_ before every OpenSSL call
  std::unique_ptr<SSL, SslFree> ssl_;
  boost::asio::steady_timer deadline_;
  uint64_t generation_ = 0;  // of the deadline: a wait from an older one is stale
  bool timed_out_ = false;
  bool close_notify_sent_ = false;
};

}  // namespace bulwark::server
