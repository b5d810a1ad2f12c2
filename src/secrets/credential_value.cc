#include "secrets/credential_value.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <string>

namespace bulwark::secrets {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// Dummy values that documentation and examples use in place of a real secret.
constexpr std::array<std::string_view, 22> kDummyWords{
    "changeme",   "change_me", "change-me", "example", "placeholder", "redacted",     "dummy",
    "sample",     "replace",   "your_",     "your-",   "yourpass",    "xxxx",         "****",
    "....",       "todo",      "fixme",     "insert",  "notasecret",  "not-a-secret", "mysecretpassword",
    "password123"};

constexpr std::array<std::string_view, 14> kExactDummies{"password", "secret", "token", "test",   "testing",
                                                         "none",     "null",   "nil",   "empty",  "admin",
                                                         "root",     "true",   "false", "default"};

// Words after the credential word that make the name a reference to a secret, not a secret.
constexpr std::array<std::string_view, 33> kReferenceSuffixes{
    "file",   "files",    "path",     "name",    "names",    "ref",      "dir",       "url",    "uri",
    "type",   "mode",     "length",   "field",   "enabled",  "endpoint", "header",    "prefix", "env",
    "policy", "ttl",      "expiry",   "expires", "lifetime", "timeout",  "secretref", "keyref", "source",
    "store",  "provider", "location", "mount",   "volume",   "count"};

// Credential words as they read once a name is lower-cased and its separators (- . _) are
// dropped: API_KEY, api-key, apiKey and api.key all become "apikey".
constexpr std::array<std::string_view, 9> kCredentialWords{
    "password", "passwd", "pwd", "secret", "token", "apikey", "accesskey", "privatekey", "credential"};

}  // namespace

double shannon_entropy(std::string_view text) {
  if (text.empty()) return 0;
  std::array<std::size_t, 256> counts{};
  for (char c : text) ++counts[static_cast<unsigned char>(c)];
  double h = 0;
  const double n = static_cast<double>(text.size());
  for (std::size_t c : counts) {
    if (c == 0) continue;
    const double p = static_cast<double>(c) / n;
    h -= p * std::log2(p);
  }
  return h;
}

bool is_placeholder(std::string_view value) {
  if (value.empty()) return true;
  if (contains(value, "${") || contains(value, "$(") || contains(value, "{{") || contains(value, "%(") ||
      contains(value, "#{") || contains(value, "%{"))
    return true;
  if (value.front() == '$' || value.front() == '<' || value.front() == '/' || value.front() == '~' ||
      value.starts_with("./") || value.starts_with("file:") || value.starts_with("env:") ||
      value.starts_with("vault:") || value.starts_with("ref+") || value.starts_with("secretref"))
    return true;
  if (value.find_first_not_of(value.front()) == std::string_view::npos) return true;  // "xxxxxxxx"
  const std::string l = lower(value);
  for (std::string_view w : kExactDummies)
    if (l == w) return true;
  for (std::string_view w : kDummyWords)
    if (contains(l, w)) return true;
  return false;
}

namespace {

bool is_separator(char c) {
  return c == '-' || c == '.' || c == '_';
}

// ASCII lower case (what std::tolower does in the "C" locale, without a libc call per character).
char folded(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Whether the name, read from byte `at` on as the flattened name reads (lower case, separators
// dropped), begins with `word`.
bool flat_starts_with(std::string_view name, std::size_t at, std::string_view word) {
  for (const char w : word) {
    while (at < name.size() && is_separator(name[at])) ++at;
    if (at == name.size() || folded(name[at]) != w) return false;
    ++at;
  }
  return true;
}

// The first letters of the credential words, in either case: the bytes where one may begin.
constexpr std::array<bool, 256> kWordStarts = [] {
  std::array<bool, 256> starts{};
  for (const char c : std::string_view("pstacPSTAC")) starts[static_cast<unsigned char>(c)] = true;
  return starts;
}();

// Whether a credential word begins with these two letters and the name, from byte `rest` on,
// reads as the remainder of it ("passw" covers password and passwd).
bool word_continues(std::string_view name, std::size_t rest, char first, char second) {
  switch (first) {
    case 'p':
      return (second == 'a' && flat_starts_with(name, rest, "ssw")) ||
             (second == 'w' && flat_starts_with(name, rest, "d")) ||
             (second == 'r' && flat_starts_with(name, rest, "ivatekey"));
    case 's':
      return second == 'e' && flat_starts_with(name, rest, "cret");
    case 't':
      return second == 'o' && flat_starts_with(name, rest, "ken");
    case 'a':
      return (second == 'p' && flat_starts_with(name, rest, "ikey")) ||
             (second == 'c' && flat_starts_with(name, rest, "cesskey"));
    case 'c':
      return second == 'r' && flat_starts_with(name, rest, "edential");
    default:
      return false;
  }
}

// Whether any credential word occurs in the name once lower-cased without its separators, read in
// place. Most names (image, name, port, LOG_LEVEL, ...) hold none: a byte that cannot begin a word
// costs a table look-up, and one that can is mostly settled by the letter after it.
bool mentions_credential_word(std::string_view name) {
  const std::size_t size = name.size();
  for (std::size_t i = 0; i < size; ++i) {
    if (!kWordStarts[static_cast<unsigned char>(name[i])]) continue;
    std::size_t next = i + 1;
    while (next < size && is_separator(name[next])) ++next;
    if (next == size) return false;  // nothing but separators left: no word fits
    if (word_continues(name, next + 1, folded(name[i]), folded(name[next]))) return true;
  }
  return false;
}

}  // namespace

bool is_secret_name(std::string_view name) {
  // Called for every string value of every scanned object, on its key: most keys name no
  // credential, which the pass above settles without building anything.
  if (!mentions_credential_word(name)) return false;
  // Lower-cased without its separators into a buffer on the stack for names of ordinary length.
  std::array<char, 128> small;
  std::string large;
  char* out = small.data();
  if (name.size() > small.size()) {
    large.resize(name.size());
    out = large.data();
  }
  std::size_t size = 0;
  for (const char c : name)
    if (!is_separator(c)) out[size++] = folded(c);
  const std::string_view flat(out, size);
  for (std::string_view word : kCredentialWords) {
    const std::size_t at = flat.find(word);
    if (at == std::string_view::npos) continue;
    const std::string_view rest = flat.substr(at + word.size());
    bool reference = std::any_of(kReferenceSuffixes.begin(), kReferenceSuffixes.end(),
                                 [&](std::string_view suffix) { return contains(rest, suffix); });
    // "secretKey" reads as a credential but "secretKeyRef"/"secretName" do not; "tokenizer",
    // "pwdHash" (a hash is not the password) neither.
    if (contains(rest, "hash") || contains(rest, "izer") || rest.starts_with("id")) reference = true;
    if (!reference) return true;
  }
  return false;
}

bool looks_like_generated_secret(std::string_view value) {
  if (value.size() < 8 || value.size() > 4096) return false;
  if (is_placeholder(value)) return false;
  bool lower_c = false, upper_c = false, digit = false, symbol = false, space = false;
  for (char ch : value) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (std::islower(c))
      lower_c = true;
    else if (std::isupper(c))
      upper_c = true;
    else if (std::isdigit(c))
      digit = true;
    else if (c == ' ')
      space = true;
    else
      symbol = true;
  }
  // Sentences and multi-line text are configuration, not a credential.
  if (space) return false;
  if (value.find('\n') != std::string_view::npos) return false;
  // A Kubernetes object name ("db-credentials", "prom-operator") is a reference, not a secret.
  const bool dns_like = !upper_c && (value.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-.") ==
                                     std::string_view::npos);
  if (dns_like && !digit) return false;
  const int classes = int{lower_c} + int{upper_c} + int{digit} + int{symbol};
  if (classes < 2) return false;
  return shannon_entropy(value) >= 3.0;
}

}  // namespace bulwark::secrets
