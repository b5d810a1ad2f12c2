#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "secrets/secret_scanner.h"

namespace bulwark::secrets {

/// How a pattern's captured value is checked before it counts.
enum class Validation : uint8_t {
  None,        // the format is specific enough
  NotExample,  // reject documentation examples (AKIA...EXAMPLE)
  Password,    // the captured value must not be a placeholder
  Generated,   // looks_like_generated_secret() on the value, is_secret_name() on the key
};

/// What a pattern's regex requires right after one of its anchor literals (see Pattern::anchors).
enum class Follow : uint8_t {
  Nothing,
  // A name's tail, an optional quote, blanks and ':' or '=' (`[A-Za-z0-9_.-]*["']?\s*[:=]`), then blanks,
  // an optional quote and 40 of `[A-Za-z0-9/+]` (an AWS secret access key)
  AwsKeyAssignment,
  // The same assignment, then `[ \t]*["']?` and 8 of `[^\s"'`,;]` (a generic password, token or key value)
  ValueAssignment,
  // `[A-Za-z0-9_]*="`, 8 of `[^"\s]` and more up to a closing '"' (the environment-file form)
  QuotedAssignment,
  UserinfoAt,  // `user:password@` before any '/', '?', '#', blank, quote or angle bracket
};

/// What a secret longer than Pattern::max_secret means.
enum class Overlong : uint8_t {
  Truncate,  // a greedy `X{8,200}` at the end of the regex: the match takes the first 200 characters
  NoMatch,   // the regex requires a delimiter within 200 characters: no match, and none starts before the
             // secret (every earlier start shares its delimiter and the same overlong secret)
};

/// Where a pattern's matches start, relative to the anchor inside them. Knowing it, the regex runs anchored
/// at the few places a match can start instead of searching the whole text.
enum class MatchStart : uint8_t {
  Anywhere,  // not known: the regex searches the text
  AtAnchor,  // the match begins with the anchor (`(?i)aws_?...`)
  NameRun,   // at the first byte of the run of `[A-Za-z0-9_.-]` that holds the anchor
  WordRun,   // at the first byte of the run of `[A-Za-z0-9_]` that holds the anchor
};

/// One credential format: its regex and where the secret is in a match.
struct Pattern {
  SecretKind kind;
  std::string_view regex;
  int secret_group;  // capture group holding the secret (0: the whole match)
  int key_group;     // capture group holding the name it is assigned to (0: none)
  Validation validation;
  // Literals read off the regex: every match contains one of them (compared ignoring ASCII case
  // when the regex is (?i); a '*' after the first two bytes matches one optional '_', '.' or '-'),
  // followed by what `follow` says. Most texts (a RUN line, an env
  // value) contain none, and skip the regexes entirely.
  std::array<std::string_view, 9> anchors;
  Follow follow = Follow::Nothing;
  // RE2 unrolls a counted repetition into one instruction per count: `{8,200}` made a regex of 3,300
  // instructions, millions of CPU instructions to compile and again to capture one match. Such a regex
  // says `{8,}` and the upper bound is applied to the captured secret instead (0: no bound).
  std::size_t max_secret = 0;
  Overlong overlong = Overlong::Truncate;
  MatchStart start = MatchStart::Anywhere;
};

/// Order is priority: where matches overlap, the earlier pattern wins.
inline constexpr std::array<Pattern, 14> kPatterns{{
    {SecretKind::PrivateKey,
     R"re(-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----(?:\s|\\n)+(?:[A-Za-z-]+: [^\n\\]*(?:\n|\\n)+)*[A-Za-z0-9+/=]{32}[A-Za-z0-9+/=\s\\n]*(?:-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----)?)re",
     0,
     0,
     Validation::None,
     {"PRIVATE KEY"}},
    {SecretKind::GcpServiceAccount,
     R"re("private_key_id"\s*:\s*"([a-f0-9]{40})")re",
     1,
     0,
     Validation::None,
     {"\"private_key_id\""}},
    {SecretKind::AwsAccessKeyId,
     R"re(\b((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})\b)re",
     1,
     0,
     Validation::NotExample,
     {"AKIA", "ASIA", "ABIA", "ACCA", "A3T"}},
    {SecretKind::AwsSecretAccessKey,
     R"re((?i)aws_?(?:secret|private)?_?(?:access)?_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$))re",
     1,
     0,
     Validation::NotExample,
     {"aws"},
     Follow::AwsKeyAssignment,
     0,
     Overlong::Truncate,
     MatchStart::AtAnchor},
    {SecretKind::AzureStorageKey,
     R"re(AccountKey=([A-Za-z0-9+/]{86}==))re",
     1,
     0,
     Validation::NotExample,
     {"AccountKey="}},
    {SecretKind::GithubToken,
     R"re(\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})\b)re",
     1,
     0,
     Validation::None,
     {"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"}},
    {SecretKind::GitlabToken,
     R"re((?:^|[^A-Za-z0-9_-])(glpat-[A-Za-z0-9_-]{20,50})(?:[^A-Za-z0-9_-]|$))re",
     1,
     0,
     Validation::None,
     {"glpat-"}},
    {SecretKind::SlackWebhook,
     R"re((https://hooks\.slack\.com/(?:services|workflows)/T[A-Z0-9]{6,}/[AB][A-Z0-9]{6,}/[A-Za-z0-9]{20,}))re",
     1,
     0,
     Validation::None,
     {"https://hooks.slack.com/"}},
    {SecretKind::SlackToken,
     R"re(\b(xox[abposr]-[0-9]{6,}-[0-9A-Za-z-]{8,}))re",
     1,
     0,
     Validation::None,
     {"xox"}},
    {SecretKind::StripeKey,
     R"re(\b((?:sk|rk)_(?:live|test)_[0-9A-Za-z]{24,99})\b)re",
     1,
     0,
     Validation::None,
     {"k_live_", "k_test_"}},
    {SecretKind::Jwt,
     R"re(\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}))re",
     1,
     0,
     Validation::None,
     {"eyJ"}},
    {SecretKind::BasicAuthUrl,
     R"re(\b[A-Za-z][A-Za-z0-9+.-]{1,20}://[^:/?#@\s"'<>]{1,64}:([^@/?#\s"'<>]{1,128})@[A-Za-z0-9.\[\]-]+)re",
     1,
     0,
     Validation::Password,
     {"://"},
     Follow::UserinfoAt},
    {SecretKind::GenericAssignment,
     R"re((?i)([A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_.-]?key|access[_.-]?key|private[_.-]?key|credentials?)[A-Za-z0-9_.-]*)["']?[ \t]*[:=][ \t]*["']?([^\s"'`,;]{8,}))re",
     2,
     1,
     Validation::Generated,
     // '*' stands for the regex's optional [_.-]: "access" alone is in every access.log line.
     {"password", "passwd", "pwd", "secret", "token", "api*key", "access*key", "private*key", "credential"},
     Follow::ValueAssignment,
     200,
     Overlong::Truncate,
     MatchStart::NameRun},
    // A generic pattern for the environment-file form, KEY="value", keeps quotes out of the value.
    {SecretKind::GenericAssignment,
     R"re((?i)([A-Za-z0-9_]*(?:PASSWORD|SECRET|TOKEN|API_KEY)[A-Za-z0-9_]*)="([^"\s]{8,})")re",
     2,
     1,
     Validation::Generated,
     {"password", "secret", "token", "api_key"},
     Follow::QuotedAssignment,
     200,
     Overlong::NoMatch,
     MatchStart::WordRun},
}};

/// Whether a match of `pattern` with this `key` (its key group, or "") and `secret` counts
/// (Pattern::validation).
bool passes_validation(const Pattern& pattern, std::string_view key, std::string_view secret);

}  // namespace bulwark::secrets
