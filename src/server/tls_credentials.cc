#include "server/tls_credentials.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace bulwark::server {
namespace {

namespace ssl = boost::asio::ssl;

std::string openssl_error() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  char buffer[256];
  ERR_error_string_n(code, buffer, sizeof buffer);
  return buffer;
}

int64_t not_after_of(SSL_CTX* ctx) {
  X509* cert = SSL_CTX_get0_certificate(ctx);
  if (!cert) return 0;
  struct tm tm {};
  if (ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) != 1) return 0;
  return static_cast<int64_t>(timegm(&tm));
}

// Only the API server calls us, and every supported Kubernetes speaks TLS 1.2+ with ECDHE and
// AES-GCM or ChaCha20; nothing older is worth the downgrade surface.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

// Advertise HTTP/1.1 only: a client that prefers h2 (Go's, the API server's) falls back to it.
int select_alpn(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
                unsigned int inlen, void*) {
  static constexpr unsigned char kHttp11[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
  unsigned char* selected = nullptr;
  if (SSL_select_next_proto(&selected, outlen, kHttp11, sizeof kHttp11, in, inlen) != OPENSSL_NPN_NEGOTIATED)
    return SSL_TLSEXT_ERR_NOACK;
  *out = selected;
  return SSL_TLSEXT_ERR_OK;
}

}  // namespace

std::expected<TlsCredentials, std::string> load_tls_credentials(const TlsFiles& files) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX* ctx = context->native_handle();
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX_set_cipher_list(ctx, kTls12Ciphers);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER);
  SSL_CTX_set_alpn_select_cb(ctx, select_alpn, nullptr);
  ERR_clear_error();
  if (SSL_CTX_use_certificate_chain_file(ctx, files.certificate.c_str()) != 1)
    return std::unexpected("TLS certificate " + files.certificate + ": " + openssl_error());
  if (SSL_CTX_use_PrivateKey_file(ctx, files.private_key.c_str(), SSL_FILETYPE_PEM) != 1)
    return std::unexpected("TLS key " + files.private_key + ": " + openssl_error());
  if (SSL_CTX_check_private_key(ctx) != 1)
    return std::unexpected("TLS key " + files.private_key + " does not match certificate " +
                           files.certificate);
  if (!files.client_ca.empty()) {
    if (SSL_CTX_load_verify_locations(ctx, files.client_ca.c_str(), nullptr) != 1)
      return std::unexpected("client CA " + files.client_ca + ": " + openssl_error());
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  }
  return TlsCredentials{std::move(context), not_after_of(ctx)};
}

std::expected<std::unique_ptr<TlsCredentialStore>, std::string> TlsCredentialStore::open(TlsFiles files) {
  std::unique_ptr<TlsCredentialStore> store(new TlsCredentialStore(std::move(files)));
  store->stamps_ = store->stamp();
  auto loaded = load_tls_credentials(store->files_);
  if (!loaded) return std::unexpected(loaded.error());
  store->credentials_ = std::move(*loaded);
  return store;
}

TlsCredentialStore::Stamps TlsCredentialStore::stamp() const {
  auto of = [](const std::string& path) {
    FileStamp s;
    struct stat st {};
    if (path.empty() || ::stat(path.c_str(), &st) != 0) return s;
    s.inode = st.st_ino;
    s.size = st.st_size;
    s.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    return s;
  };
  return Stamps{of(files_.certificate), of(files_.private_key), of(files_.client_ca)};
}

std::shared_ptr<boost::asio::ssl::context> TlsCredentialStore::current() const {
  std::lock_guard lock(mutex_);
  return credentials_.context;
}

int64_t TlsCredentialStore::not_after_unix() const {
  std::lock_guard lock(mutex_);
  return credentials_.not_after_unix;
}

TlsCredentialStore::Reload TlsCredentialStore::reload_if_changed(std::string* error) {
  const Stamps now = stamp();
  {
    std::lock_guard lock(mutex_);
    if (now == stamps_) return Reload::Unchanged;
  }
  auto loaded = load_tls_credentials(files_);
  std::lock_guard lock(mutex_);
  // Remember the stamps either way: a bad pair is reported once, and retried when it changes again.
  stamps_ = now;
  if (!loaded) {
    if (error) *error = loaded.error();
    return Reload::Failed;
  }
  credentials_ = std::move(*loaded);
  return Reload::Reloaded;
}

}  // namespace bulwark::server
