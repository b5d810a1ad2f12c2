#include "tls_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace bulwark::server::testing {

TlsClientContext::TlsClientContext(const std::string& ca_file) {
  ctx_ = SSL_CTX_new(TLS_client_method());
  if (!ctx_) return;
  SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
  if (SSL_CTX_load_verify_locations(ctx_, ca_file.c_str(), nullptr) != 1) {
    SSL_CTX_free(ctx_);
    ctx_ = nullptr;
  }
}

TlsClientContext::~TlsClientContext() {
  if (ctx_) SSL_CTX_free(ctx_);
}

std::unique_ptr<TlsClient> TlsClient::connect(const TlsClientContext& context, uint16_t port,
                                              std::string_view alpn, std::chrono::milliseconds timeout) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return nullptr;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return nullptr;
  }
  SSL* ssl = SSL_new(context.get());
  SSL_set_fd(ssl, fd);
  SSL_set1_host(ssl, "127.0.0.1");
  if (!alpn.empty())
    SSL_set_alpn_protos(ssl, reinterpret_cast<const unsigned char*>(alpn.data()),
                        static_cast<unsigned>(alpn.size()));
  std::unique_ptr<TlsClient> client(new TlsClient(fd, ssl));
  client->set_timeout(timeout);
  if (SSL_connect(ssl) != 1) return nullptr;
  return client;
}

TlsClient::~TlsClient() {
  if (ssl_) SSL_free(ssl_);
  if (fd_ >= 0) ::close(fd_);
}

void TlsClient::set_timeout(std::chrono::milliseconds timeout) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

std::string TlsClient::negotiated_protocol() const {
  const unsigned char* p = nullptr;
  unsigned n = 0;
  SSL_get0_alpn_selected(ssl_, &p, &n);
  return std::string(reinterpret_cast<const char*>(p), n);
}

bool TlsClient::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const int n =
        SSL_write(ssl_, bytes.data(), static_cast<int>(std::min<std::size_t>(bytes.size(), 1 << 20)));
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

int TlsClient::read_some(char* buffer, int size) {
  const int n = SSL_read(ssl_, buffer, size);
  if (n > 0) return n;
  const int error = SSL_get_error(ssl_, n);
  if (error == SSL_ERROR_ZERO_RETURN) return 0;
  if (error == SSL_ERROR_SYSCALL && (errno == 0 || errno == ECONNRESET || errno == EPIPE)) return 0;
  return -1;
}

std::optional<HttpResponse> TlsClient::read_response() {
  std::array<char, 16384> buffer;
  std::size_t header_end;
  while ((header_end = pending_.find("\r\n\r\n")) == std::string::npos) {
    const int n = read_some(buffer.data(), static_cast<int>(buffer.size()));
    if (n <= 0) return std::nullopt;
    pending_.append(buffer.data(), static_cast<std::size_t>(n));
  }
  std::string head = pending_.substr(0, header_end);
  std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
  HttpResponse r;
  if (head.rfind("http/1.1 ", 0) != 0) return std::nullopt;
  std::from_chars(head.data() + 9, head.data() + head.size(), r.status);
  std::size_t length = 0;
  const auto cl = head.find("\r\ncontent-length:");
  if (cl == std::string::npos) return std::nullopt;
  std::size_t at = cl + 17;
  while (at < head.size() && head[at] == ' ') ++at;
  std::from_chars(head.data() + at, head.data() + head.size(), length);
  r.close = head.find("\r\nconnection: close") != std::string::npos;
  pending_.erase(0, header_end + 4);
  while (pending_.size() < length) {
    const int n = read_some(buffer.data(), static_cast<int>(buffer.size()));
    if (n <= 0) return std::nullopt;
    pending_.append(buffer.data(), static_cast<std::size_t>(n));
  }
  r.body = pending_.substr(0, length);
  pending_.erase(0, length);
  return r;
}

bool TlsClient::read_until_closed(std::chrono::milliseconds limit, std::string* received) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::array<char, 16384> buffer;
  while (std::chrono::steady_clock::now() < deadline) {
    set_timeout(std::max(std::chrono::milliseconds(1), std::chrono::duration_cast<std::chrono::milliseconds>(
                                                           deadline - std::chrono::steady_clock::now())));
    const int n = read_some(buffer.data(), static_cast<int>(buffer.size()));
    if (n == 0) return true;
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) continue;
      return true;  // a reset is a close too
    }
    if (received) received->append(buffer.data(), static_cast<std::size_t>(n));
  }
  return false;
}

std::string TlsClient::read_for(std::chrono::milliseconds limit) {
  std::string received;
  read_until_closed(limit, &received);
  return received;
}

void TlsClient::abort() {
  linger l{1, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  ::close(fd_);
  fd_ = -1;
}

}  // namespace bulwark::server::testing
