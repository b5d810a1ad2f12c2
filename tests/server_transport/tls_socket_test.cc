// TlsSocket on its own: OpenSSL on the socket's descriptor, Asio only waiting for readiness.
// What the server relies on: a deadline ends a pending read with beast::error::timeout, a peer
// that closes is an error the session can tell from a fault, and writing to a peer that reset
// the connection is an error, never a SIGPIPE that would kill the process.

#include "server/tls_socket.h"

#include <gtest/gtest.h>

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <csignal>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "server/tls_credentials.h"
#include "test_pki.h"
#include "tls_client.h"

namespace bulwark::server::testing {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

class TlsSocketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (run_command("command -v openssl >/dev/null && echo yes") != "yes\n")
      GTEST_SKIP() << "openssl is needed";
    ASSERT_TRUE(pki_.ok());
    ASSERT_TRUE(pki_.issue("server", "bulwark-tls-socket", true));
    auto credentials = load_tls_credentials(TlsFiles{pki_.cert("server"), pki_.key("server"), ""});
    ASSERT_TRUE(credentials) << credentials.error();
    credentials_ = std::move(*credentials);
    client_context_.emplace(pki_.ca());
    ASSERT_TRUE(client_context_->ok());
  }

  // Accepts one connection and completes both handshakes (the client's is blocking, on a thread).
  void connect() {
    tcp::acceptor acceptor(io_, tcp::endpoint(net::ip::address_v4::loopback(), 0));
    const uint16_t port = acceptor.local_endpoint().port();
    std::thread client([&] { client_ = TlsClient::connect(*client_context_, port, {}, 5s); });
    server_.emplace(acceptor.accept(), credentials_.context->native_handle());
    std::optional<boost::system::error_code> handshake;
    server_->expires_after(5s);
    server_->async_handshake([&](boost::system::error_code ec, std::size_t) { handshake = ec; });
    run_until(handshake);
    client.join();
    ASSERT_TRUE(handshake.has_value());
    ASSERT_FALSE(*handshake) << handshake->message();
    ASSERT_TRUE(client_);
  }

  // Runs handlers until `done` is set (a deadline's timer keeps the context busy, so running it
  // until it has no work would wait for the timer).
  template <class T>
  void run_until(const std::optional<T>& done) {
    const auto end = std::chrono::steady_clock::now() + 5s;
    io_.restart();
    while (!done && std::chrono::steady_clock::now() < end)
      io_.run_one_for(end - std::chrono::steady_clock::now());
  }

  std::optional<boost::system::error_code> read_once(std::string* text = nullptr) {
    std::optional<boost::system::error_code> result;
    server_->async_read_some(net::buffer(buffer_), [&](boost::system::error_code ec, std::size_t n) {
      result = ec;
      if (text) text->assign(buffer_.data(), n);
    });
    run_until(result);
    return result;
  }

  ScratchDir dir_;
  TestPki pki_{dir_};
  TlsCredentials credentials_;
  std::optional<TlsClientContext> client_context_;
  net::io_context io_;
  std::optional<TlsSocket> server_;
  std::unique_ptr<TlsClient> client_;
  std::array<char, 4096> buffer_{};
};

TEST_F(TlsSocketTest, ReadsWhatThePeerSendsAndWritesBack) {
  connect();
  ASSERT_TRUE(client_->send("ping over TLS"));
  std::string text;
  const auto read = read_once(&text);
  ASSERT_TRUE(read.has_value());
  EXPECT_FALSE(*read) << read->message();
  EXPECT_EQ(text, "ping over TLS");

  std::optional<boost::system::error_code> written;
  const std::string answer = "pong";
  net::async_write(*server_, net::buffer(answer),
                   [&](boost::system::error_code ec, std::size_t) { written = ec; });
  run_until(written);
  ASSERT_TRUE(written.has_value());
  EXPECT_FALSE(*written) << written->message();
  EXPECT_EQ(client_->read_for(300ms), "pong");
}

TEST_F(TlsSocketTest, AReadPastItsDeadlineEndsWithTimeoutAndTheConnectionStaysUsable) {
  connect();
  server_->expires_after(100ms);
  const auto start = std::chrono::steady_clock::now();
  const auto read = read_once();
  ASSERT_TRUE(read.has_value()) << "the read never ended";
  EXPECT_EQ(*read, boost::beast::error::timeout) << read->message();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  // A new deadline clears the old one: the session may still say goodbye on this connection.
  server_->expires_after(5s);
  ASSERT_TRUE(client_->send("late"));
  std::string text;
  const auto again = read_once(&text);
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(*again) << again->message();
  EXPECT_EQ(text, "late");
}

TEST_F(TlsSocketTest, APeerThatClosesWithoutGoodbyeIsATruncatedStream) {
  connect();
  client_->read_for(100ms);  // the session tickets: closing with them unread would send a reset
  client_.reset();           // TCP FIN, no close_notify
  const auto read = read_once();
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(*read, net::ssl::error::stream_truncated) << read->message();
}

TEST_F(TlsSocketTest, WritingToAPeerThatResetIsAnErrorNotASignal) {
  // The default action of SIGPIPE ends the process: a BIO writing with write(2) fails this test
  // by killing it. The read takes the reset (ECONNRESET); every send after it is EPIPE, which
  // is where the signal comes from (a session answers 400 after a failed read).
  const auto previous = std::signal(SIGPIPE, SIG_DFL);
  connect();
  client_->abort();
  const auto read = read_once();
  ASSERT_TRUE(read.has_value());
  EXPECT_TRUE(*read);
  std::optional<boost::system::error_code> written;
  const std::string answer = "HTTP/1.1 400 Bad Request\r\n\r\n";
  net::async_write(*server_, net::buffer(answer),
                   [&](boost::system::error_code ec, std::size_t) { written = ec; });
  run_until(written);
  std::signal(SIGPIPE, previous);
  ASSERT_TRUE(written.has_value());
  EXPECT_TRUE(*written) << "a write to a reset connection succeeded";
}

}  // namespace
}  // namespace bulwark::server::testing
