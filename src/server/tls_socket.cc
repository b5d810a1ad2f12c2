#include "server/tls_socket.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <sys/socket.h>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <cerrno>
#include <cstdint>

namespace bulwark::server {

namespace net = boost::asio;

namespace {

// OpenSSL's own socket BIO writes with write(2), which raises SIGPIPE when the peer has gone;
// this one sends with MSG_NOSIGNAL (as Asio does) and never blocks.
SocketBioState& state_of(BIO* bio) {
  return *static_cast<SocketBioState*>(BIO_get_data(bio));
}

int bio_write(BIO* bio, const char* data, std::size_t size, std::size_t* written) {
  BIO_clear_retry_flags(bio);
  for (;;) {
    const ssize_t n = ::send(state_of(bio).fd, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0) {
      *written = static_cast<std::size_t>(n);
      return 1;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) BIO_set_retry_write(bio);
    return 0;
  }
}

int bio_read(BIO* bio, char* data, std::size_t size, std::size_t* read) {
  BIO_clear_retry_flags(bio);
  for (;;) {
    const ssize_t n = ::recv(state_of(bio).fd, data, size, MSG_DONTWAIT);
    if (n > 0) {
      *read = static_cast<std::size_t>(n);
      return 1;
    }
    if (n == 0) {
      state_of(bio).eof = true;  // OpenSSL asks (BIO_CTRL_EOF) to tell a closed peer from an error
      return 0;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) BIO_set_retry_read(bio);
    return 0;
  }
}

long bio_ctrl(BIO* bio, int command, long, void*) {
  switch (command) {
    case BIO_CTRL_FLUSH:
      return 1;  // nothing is buffered here
    case BIO_CTRL_EOF:
      return state_of(bio).eof ? 1 : 0;
    default:
      return 0;
  }
}

int bio_create(BIO* bio) {
  BIO_set_init(bio, 1);
  return 1;
}

const BIO_METHOD* socket_method() {
  struct MethodFree {
    void operator()(BIO_METHOD* m) const { BIO_meth_free(m); }
  };
  static const std::unique_ptr<BIO_METHOD, MethodFree> method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "bulwark socket");
    if (m) {
      BIO_meth_set_write_ex(m, bio_write);
      BIO_meth_set_read_ex(m, bio_read);
      BIO_meth_set_ctrl(m, bio_ctrl);
      BIO_meth_set_create(m, bio_create);
    }
    return std::unique_ptr<BIO_METHOD, MethodFree>(m);
  }();
  return method.get();
}

}  // namespace

TlsSocket::TlsSocket(tcp::socket&& socket, SSL_CTX* context)
    : socket_(std::move(socket)), ssl_(SSL_new(context)), deadline_(socket_.get_executor()) {
  if (!ssl_) return;
  BIO* bio = socket_method() ? BIO_new(socket_method()) : nullptr;
  if (!bio) {
    ssl_.reset();
    return;
  }
  BIO_set_data(bio, &bio_state_);
  SSL_set_bio(ssl_.get(), bio, bio);  // the connection owns the BIO from here
  SSL_set_accept_state(ssl_.get());
  // A whole request record arrives with one recv instead of a header read and a body read.
  SSL_set_read_ahead(ssl_.get(), 1);
  SSL_set_mode(ssl_.get(), SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
}

TlsSocket::~TlsSocket() = default;

void TlsSocket::expires_after(std::chrono::steady_clock::duration after) {
  timed_out_ = false;
  const uint64_t generation = ++generation_;
  deadline_.expires_after(after);  // a wait still pending ends with operation_aborted
  deadline_.async_wait([this, generation](error_code ec) {
    // A wait that had already fired when the deadline moved is queued with success: its
    // generation tells it is stale.
    if (ec || generation != generation_) return;
    timed_out_ = true;
    error_code ignored;
    socket_.cancel(ignored);
  });
}

void TlsSocket::expires_never() {
  timed_out_ = false;
  ++generation_;
  deadline_.cancel();
}

void TlsSocket::cancel() {
  error_code ignored;
  socket_.cancel(ignored);
}

TlsSocket::error_code TlsSocket::timeout_error() {
  return boost::beast::error::timeout;
}

TlsSocket::Outcome TlsSocket::perform(Step step, void* data, std::size_t size) {
  SSL* ssl = ssl_.get();
  if (!ssl) return {Outcome::Failed, 0, net::error::no_memory};
  // A wait that completed just before the connection closed its socket still comes here: the
  // descriptor number may be another connection's by now, so it is read from the socket each time.
  bio_state_.fd = socket_.native_handle();
  if (bio_state_.fd < 0) return {Outcome::Failed, 0, net::error::bad_descriptor};
  if ((step == Step::Read || step == Step::Write) && size == 0) return {Outcome::Done, 0, {}};
  ERR_clear_error();  // SSL_get_error reads the thread's error queue: it must hold only this call's
  errno = 0;
  std::size_t bytes = 0;
  int result = 0;
  switch (step) {
    case Step::Handshake:
      result = SSL_do_handshake(ssl);
      break;
    case Step::Read:
      result = SSL_read_ex(ssl, data, size, &bytes);
      break;
    case Step::Write:
      result = SSL_write_ex(ssl, data, size, &bytes);
      break;
    case Step::Shutdown:
      result = SSL_shutdown(ssl);
      // 0: our close_notify is out; the next call waits for the peer's.
      if (result == 0 && !close_notify_sent_) {
        close_notify_sent_ = true;
        return {Outcome::Again, 0, {}};
      }
      if (result == 0) return {Outcome::Done, 0, {}};
      break;
  }
  if (result == 1) return {Outcome::Done, bytes, {}};
  const int saved_errno = errno;
  switch (SSL_get_error(ssl, result)) {
    case SSL_ERROR_WANT_READ:
      return {Outcome::WantRead, 0, {}};
    case SSL_ERROR_WANT_WRITE:
      return {Outcome::WantWrite, 0, {}};
    case SSL_ERROR_ZERO_RETURN:
      return {Outcome::Failed, 0, net::error::eof};
    case SSL_ERROR_SYSCALL:
      if (saved_errno != 0)
        return {Outcome::Failed, 0, error_code(saved_errno, boost::system::system_category())};
      return {Outcome::Failed, 0, net::ssl::error::stream_truncated};
    default: {
      const unsigned long error = ERR_get_error();
      if (ERR_GET_REASON(error) == SSL_R_UNEXPECTED_EOF_WHILE_READING)
        return {Outcome::Failed, 0, net::ssl::error::stream_truncated};
      return {Outcome::Failed, 0, error_code(static_cast<int>(error), net::error::get_ssl_category())};
    }
  }
}

}  // namespace bulwark::server
