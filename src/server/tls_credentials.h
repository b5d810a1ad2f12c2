#pragma once

#include <sys/stat.h>

#include <boost/asio/ssl/context.hpp>
#include <cstdint>
#include <expected>
#include <memory>
#include <mutex>
#include <string>

namespace bulwark::server {

/// Where the serving certificate, its key and (optionally) the CA for client certificates are.
struct TlsFiles {
  std::string certificate;  // PEM chain, leaf first
  std::string private_key;  // PEM
  std::string client_ca;    // PEM bundle; "" accepts any client
};

/// A TLS server context (TLS 1.2 and newer, forward-secret AEAD ciphers only) built from files,
/// with the certificate's notAfter for the expiry metric.
struct TlsCredentials {
  std::shared_ptr<boost::asio::ssl::context> context;
  int64_t not_after_unix = 0;
};
std::expected<TlsCredentials, std::string> load_tls_credentials(const TlsFiles& files);

/// The credentials in use, reloaded when the files change on disk (cert-manager rewrites the
/// Secret volume by swapping a symlink). A connection keeps the context it was accepted with, so
/// a rotation drops none; new connections get the new certificate. A rotation to files that do
/// not load (a half-written pair) keeps the old credentials and reports the error.
class TlsCredentialStore {
 public:
  static std::expected<std::unique_ptr<TlsCredentialStore>, std::string> open(TlsFiles files);

  std::shared_ptr<boost::asio::ssl::context> current() const;
  int64_t not_after_unix() const;
  enum class Reload { Unchanged, Reloaded, Failed };
  /// Checks the files' identity (inode, size, mtime) and reloads when they differ.
  Reload reload_if_changed(std::string* error = nullptr);

 private:
  struct FileStamp {
    ino_t inode = 0;
    off_t size = 0;
    int64_t mtime_ns = 0;
    bool operator==(const FileStamp&) const = default;
  };
  struct Stamps {
    FileStamp cert, key, ca;
    bool operator==(const Stamps&) const = default;
  };
  Stamps stamp() const;

  explicit TlsCredentialStore(TlsFiles files) : files_(std::move(files)) {}
  TlsFiles files_;
  mutable std::mutex mutex_;
  TlsCredentials credentials_;
  Stamps stamps_;
};

}  // namespace bulwark::server
