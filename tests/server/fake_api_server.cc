#include "fake_api_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>

namespace bulwark::server::testing {
namespace {

SSL_CTX* ctx_of(const std::shared_ptr<void>& p) {
  return static_cast<SSL_CTX*>(p.get());
}

bool write_all(SSL* ssl, std::string_view data) {
  while (!data.empty()) {
    const int n = SSL_write(ssl, data.data(), static_cast<int>(data.size()));
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool write_chunk(SSL* ssl, const std::string& data) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  return write_all(ssl, size + data + "\r\n");
}

std::string query_value(std::string_view target, std::string_view key) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return {};
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == key)
      return eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return {};
}

}  // namespace

FakeApiServer::FakeApiServer(const TlsFiles& files) {
  // A client that refuses this server's certificate hangs up while we still write: that must be
  // EPIPE for the serving thread, not a SIGPIPE that kills the whole test binary.
  ::signal(SIGPIPE, SIG_IGN);
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  tls_ = std::shared_ptr<void>(ctx, [](void* p) { SSL_CTX_free(static_cast<SSL_CTX*>(p)); });
  if (SSL_CTX_use_certificate_chain_file(ctx, files.certificate.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx, files.private_key.c_str(), SSL_FILETYPE_PEM) != 1) {
    error_ = "cannot load the fake API server's certificate";
    return;
  }
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 16) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    error_ = "cannot listen";
    return;
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

FakeApiServer::~FakeApiServer() {
  stopping_ = true;
  {
    std::lock_guard lock(mutex_);
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  changed_.notify_all();
  if (listen_fd_ >= 0) ::shutdown(listen_fd_, SHUT_RDWR);
  if (acceptor_.joinable()) acceptor_.join();
  for (std::thread& t : connections_) t.join();
  for (int fd : open_fds_) ::close(fd);
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

void FakeApiServer::accept_loop() {
  while (!stopping_) {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) return;
    std::lock_guard lock(mutex_);
    if (stopping_) {
      ::close(fd);
      return;
    }
    open_fds_.push_back(fd);
    connections_.emplace_back([this, fd] { serve(fd); });
  }
}

std::string FakeApiServer::namespace_json(const std::string& name, const std::string& labels,
                                          long version) const {
  return R"({"kind":"Namespace","apiVersion":"v1","metadata":{"name":")" + name + R"(","resourceVersion":")" +
         std::to_string(version) + R"(","labels":)" + labels + R"(},"spec":{"finalizers":["kubernetes"]},)" +
         R"("status":{"phase":"Active"}})";
}

void FakeApiServer::put_namespace(const std::string& name, const std::string& labels_json) {
  {
    std::lock_guard lock(mutex_);
    const bool exists = namespaces_.contains(name);
    const long v = ++version_;
    namespaces_[name] = {labels_json, v};
    events_.push_back({v, R"({"type":")" + std::string(exists ? "MODIFIED" : "ADDED") + R"(","object":)" +
                              namespace_json(name, labels_json, v) + "}\n"});
  }
  changed_.notify_all();
}

void FakeApiServer::delete_namespace(const std::string& name) {
  {
    std::lock_guard lock(mutex_);
    auto it = namespaces_.find(name);
    if (it == namespaces_.end()) return;
    const long v = ++version_;
    events_.push_back(
        {v, R"({"type":"DELETED","object":)" + namespace_json(name, it->second.first, v) + "}\n"});
    namespaces_.erase(it);
  }
  changed_.notify_all();
}

void FakeApiServer::compact() {
  {
    std::lock_guard lock(mutex_);
    compacted_ = ++version_;
    events_.clear();
  }
  changed_.notify_all();
}

std::string FakeApiServer::last_authorization() const {
  std::lock_guard lock(mutex_);
  return authorization_;
}

void FakeApiServer::serve(int fd) {
  SSL* ssl = SSL_new(ctx_of(tls_));
  SSL_set_fd(ssl, fd);
  std::string buffer;
  auto finish = [&] {
    SSL_free(ssl);
    std::lock_guard lock(mutex_);
    ::shutdown(fd, SHUT_RDWR);
  };
  if (SSL_accept(ssl) != 1) return finish();
  while (!stopping_) {
    // One request head (GETs only: no body).
    std::size_t end;
    while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
      char chunk[4096];
      const int n = SSL_read(ssl, chunk, sizeof chunk);
      if (n <= 0) return finish();
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
    const std::string head = buffer.substr(0, end);
    buffer.erase(0, end + 4);
    const auto sp1 = head.find(' ');
    const auto sp2 = head.find(' ', sp1 + 1);
    const std::string target = head.substr(sp1 + 1, sp2 - sp1 - 1);
    {
      std::lock_guard lock(mutex_);
      const auto auth = head.find("\r\nAuthorization: ");
      if (auth != std::string::npos)
        authorization_ = head.substr(auth + 17, head.find("\r\n", auth + 2) - auth - 17);
    }
    if (!target.starts_with("/api/v1/namespaces")) {
      if (!write_all(ssl, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")) return finish();
      continue;
    }
    if (query_value(target, "watch") != "1") {
      ++lists_;
      std::string body;
      int status = list_failure_.load();
      if (status != 0) {
        body =
            R"({"kind":"Status","apiVersion":"v1","status":"Failure","message":"namespaces is forbidden","code":)" +
            std::to_string(status) + "}";
      } else {
        std::lock_guard lock(mutex_);
        body = R"({"kind":"NamespaceList","apiVersion":"v1","metadata":{"resourceVersion":")" +
               std::to_string(version_) + R"("},"items":[)";
        bool first = true;
        for (const auto& [name, value] : namespaces_) {
          if (!first) body += ',';
          first = false;
          // Items of a typed list carry no apiVersion/kind, as the API server sends them.
          std::string item = namespace_json(name, value.first, value.second);
          item.replace(0, item.find("\"metadata\""), "{");
          body += item;
        }
        body += "]}";
        status = 200;
      }
      const std::string response =
          "HTTP/1.1 " + std::to_string(status) + (status == 200 ? " OK" : " Error") +
          "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
          "\r\n\r\n" + body;
      if (!write_all(ssl, response)) return finish();
      continue;
    }
    ++watches_;
    long from = std::stol("0" + query_value(target, "resourceVersion"));
    if (!write_all(ssl,
                   "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"))
      return finish();
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      if (from < compacted_) {
        const std::string gone =
            R"({"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",)"
            R"("message":"too old resource version: )" +
            std::to_string(from) + " (" + std::to_string(compacted_) +
            R"x()","reason":"Expired","code":410}})x" + "\n";
        lock.unlock();
        if (!write_chunk(ssl, gone) || !write_all(ssl, "0\r\n\r\n")) return finish();
        lock.lock();
        break;
      }
      std::string batch;
      for (const Event& e : events_)
        if (e.version > from) {
          batch += e.line;
          from = e.version;
        }
      if (!batch.empty()) {
        lock.unlock();
        if (!write_chunk(ssl, batch)) return finish();
        lock.lock();
        continue;
      }
      changed_.wait_for(lock, std::chrono::milliseconds(100));
    }
  }
  finish();
}

}  // namespace bulwark::server::testing
