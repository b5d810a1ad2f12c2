#include "secrets/secret_scanner.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <mutex>
#include <string>

#include "secrets/anchor_filter.h"
#include "secrets/credential_value.h"
#include "secrets/secret_patterns.h"

namespace bulwark::secrets {

bool passes_validation(const Pattern& p, std::string_view key, std::string_view secret) {
  switch (p.validation) {
    case Validation::None:
      return true;
    case Validation::NotExample:
      return secret.find("EXAMPLE") == std::string_view::npos && !is_placeholder(secret);
    case Validation::Password:
      return secret.size() >= 4 && !is_placeholder(secret);
    case Validation::Generated:
      return is_secret_name(key) && looks_like_generated_secret(secret);
  }
  return false;
}

namespace {

bool in_name_run(char c, MatchStart start) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         (start == MatchStart::NameRun && (c == '.' || c == '-'));
}

// Where a match holding the anchor at `anchor` starts, at the earliest.
std::size_t match_start(std::string_view text, std::size_t anchor, MatchStart start) {
  if (start == MatchStart::AtAnchor) return anchor;
  std::size_t k = anchor;
  while (k > 0 && in_name_run(text[k - 1], start)) --k;
  return k;
}

RE2::Options options() {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_max_mem(64 << 20);
  return o;
}

}  // namespace

struct SecretScanner::Compiled {
  // Patterns compile on first use: most texts have no candidate pattern, a scan of one file needs few.
  std::array<std::once_flag, kPatterns.size()> once;
  std::array<std::unique_ptr<RE2>, kPatterns.size()> exact;

  const RE2& exact_pattern(std::size_t index) {
    std::call_once(once[index], [&] {
      const std::string_view regex = kPatterns[index].regex;
      exact[index] = std::make_unique<RE2>(re2::StringPiece(regex.data(), regex.size()), options());
    });
    return *exact[index];
  }
};

SecretScanner::SecretScanner() : compiled_(std::make_unique<Compiled>()) {}

SecretScanner::~SecretScanner() = default;

const SecretScanner& SecretScanner::instance() {
  static const SecretScanner scanner;
  return scanner;
}

std::vector<SecretMatch> SecretScanner::scan(std::string_view text) const {
  std::vector<SecretMatch> out;
  const std::uint32_t possible = candidate_patterns(text);
  if (possible == 0) return out;
  std::vector<int> hits;
  const re2::StringPiece input(text.data(), text.size());
  for (std::size_t i = 0; i < kPatterns.size(); ++i)
    if (possible & (1u << i)) hits.push_back(static_cast<int>(i));

  struct Candidate {
    std::size_t priority;
    SecretMatch match;
  };
  std::vector<Candidate> candidates;
  std::vector<std::size_t> anchors;
  const bool folds = has_non_ascii_fold(text);
  for (int index : hits) {
    const Pattern& p = kPatterns[static_cast<std::size_t>(index)];
    const RE2& re = compiled_->exact_pattern(static_cast<std::size_t>(index));
    const int groups = std::max(p.secret_group, p.key_group) + 1;
    std::array<re2::StringPiece, 4> g;
    // Takes the match in `g` (found searching from `pos`); returns where the search goes on.
    const auto take = [&](std::size_t pos) -> std::size_t {
      re2::StringPiece secret = g[static_cast<std::size_t>(p.secret_group)];
      if (p.max_secret != 0 && secret.size() > p.max_secret) {
        if (p.overlong == Overlong::NoMatch) return static_cast<std::size_t>(secret.data() - text.data());
        secret = re2::StringPiece(secret.data(), p.max_secret);
      }
      const std::string_view key = p.key_group
                                       ? std::string_view(g[static_cast<std::size_t>(p.key_group)].data(),
                                                          g[static_cast<std::size_t>(p.key_group)].size())
                                       : std::string_view{};
      if (secret.data() && passes_validation(p, key, std::string_view(secret.data(), secret.size())))
        candidates.push_back(
            {static_cast<std::size_t>(index),
             {p.kind, static_cast<std::size_t>(secret.data() - text.data()), secret.size()}});
      const std::size_t end = static_cast<std::size_t>(g[0].data() - text.data()) + g[0].size();
      // Continue after the secret rather than after the whole match: trailing context such as
      // a delimiter may begin the next match.
      const std::size_t next =
          secret.data() ? static_cast<std::size_t>(secret.data() - text.data()) + secret.size() : end;
      return std::max(next, pos + 1);
    };
    if (p.start == MatchStart::Anywhere || folds) {
      std::size_t pos = 0;
      while (pos <= text.size() && re.Match(input, pos, text.size(), RE2::UNANCHORED, g.data(), groups))
        pos = take(pos);
      continue;
    }
    // The same matches, found from where they can start: a match holds one of the pattern's anchors (with
    // what must follow it), and starts at it or at the start of the name around it (any later start in
    // the name could start one byte earlier too, so the leftmost is the name's first byte, or `pos`).
    anchor_positions(text, static_cast<std::size_t>(index), anchors);
    std::size_t pos = 0;
    std::size_t failed = std::string_view::npos;  // an anchored start already tried, without a match
    for (const std::size_t a : anchors) {
      if (a < pos) continue;  // a match from `pos` on holds its anchor at or after `pos`
      const std::size_t start = std::max(pos, match_start(text, a, p.start));
      if (start == failed) continue;
      if (!re.Match(input, start, text.size(), RE2::ANCHOR_START, g.data(), groups)) {
        failed = start;
        continue;
      }
      pos = take(pos);
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.priority < b.priority; });
  for (const Candidate& c : candidates) {
    const bool overlaps = std::any_of(out.begin(), out.end(), [&](const SecretMatch& m) {
      return c.match.offset < m.offset + m.length && m.offset < c.match.offset + c.match.length;
    });
    if (!overlaps) out.push_back(c.match);
  }
  std::sort(out.begin(), out.end(),
            [](const SecretMatch& a, const SecretMatch& b) { return a.offset < b.offset; });
  return out;
}

std::optional<SecretMatch> SecretScanner::scan_named(std::string_view name, std::string_view value) const {
  std::vector<SecretMatch> found = scan(value);
  if (!found.empty()) return found.front();
  if (!is_secret_name(name)) return std::nullopt;
  std::string lowered(name);
  for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lowered.find("aws") != std::string::npos && lowered.find("secret") != std::string::npos &&
      value.size() == 40 &&
      value.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+") ==
          std::string_view::npos &&
      value.find("EXAMPLE") == std::string_view::npos)
    return SecretMatch{SecretKind::AwsSecretAccessKey, 0, value.size()};
  // A multi-line value under a secret name (a mounted config file) is scanned, not judged whole.
  if (looks_like_generated_secret(value)) return SecretMatch{SecretKind::GenericAssignment, 0, value.size()};
  return std::nullopt;
}

std::string_view to_string(SecretKind kind) {
  switch (kind) {
    case SecretKind::PrivateKey:
      return "private-key";
    case SecretKind::GcpServiceAccount:
      return "gcp-service-account";
    case SecretKind::AwsAccessKeyId:
      return "aws-access-key-id";
    case SecretKind::AwsSecretAccessKey:
      return "aws-secret-access-key";
    case SecretKind::AzureStorageKey:
      return "azure-storage-key";
    case SecretKind::GithubToken:
      return "github-token";
    case SecretKind::GitlabToken:
      return "gitlab-token";
    case SecretKind::SlackToken:
      return "slack-token";
    case SecretKind::SlackWebhook:
      return "slack-webhook";
    case SecretKind::StripeKey:
      return "stripe-key";
    case SecretKind::Jwt:
      return "jwt";
    case SecretKind::BasicAuthUrl:
      return "basic-auth-url";
    case SecretKind::GenericAssignment:
      return "generic-secret";
  }
  return "generic-secret";
}

std::string_view describe(SecretKind kind) {
  switch (kind) {
    case SecretKind::PrivateKey:
      return "private key (PEM)";
    case SecretKind::GcpServiceAccount:
      return "Google Cloud service-account key";
    case SecretKind::AwsAccessKeyId:
      return "AWS access key id";
    case SecretKind::AwsSecretAccessKey:
      return "AWS secret access key";
    case SecretKind::AzureStorageKey:
      return "Azure storage account key";
    case SecretKind::GithubToken:
      return "GitHub token";
    case SecretKind::GitlabToken:
      return "GitLab token";
    case SecretKind::SlackToken:
      return "Slack token";
    case SecretKind::SlackWebhook:
      return "Slack webhook URL";
    case SecretKind::StripeKey:
      return "Stripe secret key";
    case SecretKind::Jwt:
      return "JSON Web Token";
    case SecretKind::BasicAuthUrl:
      return "password in a URL";
    case SecretKind::GenericAssignment:
      return "password or secret";
  }
  return "secret";
}

}  // namespace bulwark::secrets
