#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace bulwark::secrets {

/// The credential formats the scanner recognises, most specific first.
enum class SecretKind : uint8_t {
  PrivateKey,          // PEM "-----BEGIN ... PRIVATE KEY-----" with a body
  GcpServiceAccount,   // "private_key_id" of a Google service-account JSON key
  AwsAccessKeyId,      // AKIA/ASIA... key ids
  AwsSecretAccessKey,  // 40-character secret next to an aws...secret name
  AzureStorageKey,     // AccountKey=<88 base64 characters>
  GithubToken,         // ghp_/gho_/ghu_/ghs_/ghr_ and github_pat_
  GitlabToken,         // glpat-
  SlackToken,          // xoxb-/xoxp-/...
  SlackWebhook,        // https://hooks.slack.com/services/T.../B.../...
  StripeKey,           // sk_live_/rk_live_/sk_test_
  Jwt,                 // eyJ...eyJ...signature
  BasicAuthUrl,        // scheme://user:password@host (the password is the secret)
  GenericAssignment,   // password=/token:/api_key= with a value that passes the entropy test
};
std::string_view to_string(SecretKind kind);
/// Words for messages: "AWS access key id", "GitHub token", ...
std::string_view describe(SecretKind kind);

/// One credential found in a text: the secret value's byte range, never a copy of it.
struct SecretMatch {
  SecretKind kind = SecretKind::GenericAssignment;
  std::size_t offset = 0;
  std::size_t length = 0;
  bool operator==(const SecretMatch&) const = default;
};

/// Finds credentials in text. One pass for the patterns' anchor literals (anchor_filter.h) picks the
/// few patterns that may match; only their regexes run. Immutable after construction (patterns
/// compile once, on first use), so one instance serves every thread.
///
/// Placeholders never match: "changeme", "${VAR}", "$(VAR)", "{{ .Values.x }}", "<password>",
/// "example", "xxxx", paths, and values whose entropy is too low to be a generated secret.
class SecretScanner {
 public:
  SecretScanner();
  ~SecretScanner();
  SecretScanner(const SecretScanner&) = delete;
  SecretScanner& operator=(const SecretScanner&) = delete;

  /// The process-wide scanner (patterns compile on first use).
  static const SecretScanner& instance();

  /// Every credential in `text`, ordered by offset. Where matches overlap, the most specific
  /// kind wins (a GitHub token assigned to `token=` is a GithubToken, not a GenericAssignment).
  std::vector<SecretMatch> scan(std::string_view text) const;

  /// A value stored under a name (an env var, a ConfigMap or Secret key). Known formats inside
  /// the value are found as scan() finds them; otherwise a secret-like name (PASSWORD,
  /// api_key, ...) with a value that passes the placeholder and entropy tests is a
  /// GenericAssignment covering the whole value.
  std::optional<SecretMatch> scan_named(std::string_view name, std::string_view value) const;

 private:
  struct Compiled;
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace bulwark::secrets
