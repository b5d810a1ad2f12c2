// The scanner runs the assignment patterns anchored where a match can start (at the anchor, or at the
// start of the name around it) instead of searching the whole text. What it finds must be exactly what the
// plain search finds: each regex's leftmost matches over the whole text, one after another, then the same
// validation (passes_validation) and overlap rules. That plain search is written out here from the patterns'
// table and RE2 alone, and both are compared on crafted edge cases and on every file and line of both
// corpora.
#include <gtest/gtest.h>
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "corpus_texts.h"
#include "secrets/secret_patterns.h"
#include "secrets/secret_scanner.h"

namespace bulwark::secrets {
namespace {

const std::vector<std::unique_ptr<RE2>>& regexes() {
  static const std::vector<std::unique_ptr<RE2>> compiled = [] {
    std::vector<std::unique_ptr<RE2>> out;
    for (const Pattern& p : kPatterns)
      out.push_back(std::make_unique<RE2>(re2::StringPiece(p.regex.data(), p.regex.size())));
    return out;
  }();
  return compiled;
}

// Every pattern searched over the whole text, leftmost match after leftmost match.
std::vector<SecretMatch> plain_search(std::string_view text) {
  struct Found {
    std::size_t priority;
    SecretMatch match;
  };
  std::vector<Found> found;
  const re2::StringPiece input(text.data(), text.size());
  for (std::size_t i = 0; i < kPatterns.size(); ++i) {
    const Pattern& p = kPatterns[i];
    const int groups = std::max(p.secret_group, p.key_group) + 1;
    std::array<re2::StringPiece, 4> g;
    std::size_t pos = 0;
    while (pos <= text.size() &&
           regexes()[i]->Match(input, pos, text.size(), RE2::UNANCHORED, g.data(), groups)) {
      re2::StringPiece secret = g[static_cast<std::size_t>(p.secret_group)];
      if (p.max_secret != 0 && secret.size() > p.max_secret) {
        if (p.overlong == Overlong::NoMatch) {
          pos = static_cast<std::size_t>(secret.data() - text.data());
          continue;
        }
        secret = re2::StringPiece(secret.data(), p.max_secret);
      }
      const re2::StringPiece key = g[static_cast<std::size_t>(p.key_group)];
      if (secret.data() &&
          passes_validation(p, p.key_group ? std::string_view(key.data(), key.size()) : std::string_view{},
                            std::string_view(secret.data(), secret.size())))
        found.push_back({i, {p.kind, static_cast<std::size_t>(secret.data() - text.data()), secret.size()}});
      const std::size_t end = static_cast<std::size_t>(g[0].data() - text.data()) + g[0].size();
      const std::size_t next =
          secret.data() ? static_cast<std::size_t>(secret.data() - text.data()) + secret.size() : end;
      pos = std::max(next, pos + 1);
    }
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const Found& a, const Found& b) { return a.priority < b.priority; });
  std::vector<SecretMatch> out;
  for (const Found& f : found)
    if (std::none_of(out.begin(), out.end(), [&](const SecretMatch& m) {
          return f.match.offset < m.offset + m.length && m.offset < f.match.offset + f.match.length;
        }))
      out.push_back(f.match);
  std::sort(out.begin(), out.end(),
            [](const SecretMatch& a, const SecretMatch& b) { return a.offset < b.offset; });
  return out;
}

void expect_same(std::string_view text) {
  EXPECT_EQ(SecretScanner::instance().scan(text), plain_search(text)) << text;
}

TEST(AnchoredSearch, FindsWhatThePlainSearchFindsOnEdgeCases) {
  const std::string v = "Xk9mP2vL7qRtZ3";
  const std::string long_value = std::string(230, 'q') + "Zk9mP2vL";  // past the 200-character bound
  const std::vector<std::string> texts = {
      "DB_PASSWORD=" + v,
      "x.db-password.file = '" + v + "'",  // the name starts before the anchor, dots and dashes included
      "export A=1 MY_TOKEN=" + v + " B_SECRET=" + v,  // several matches, one after another
      "password_token_secret=" + v,                   // several anchors in one name
      "passwordpassword=" + v + "secret=" + v,        // an anchor inside the value of the match before
      "token=" + long_value + "token=" + v,  // truncated at 200: the next search starts inside the value
      "API_KEY=\"" + long_value + "\" API_KEY=\"" + v + "\"",  // the quoted form's overlong value: no match
      "MY-API_KEY=\"" + v + "\"",  // the quoted form's name has no '-': it starts after it
      "aws_secret_access_key = PtYgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA+ aws_key=" + std::string(40, 'A') +
          "b",
      "xaws_secret_key=PtYgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA+",
      "to\u212Aen=" + v + " pass=" + v,  // U+212A folds onto 'k': the plain search runs
      "\u017Fecret=" + v,
      "password=" + v + "\npassword=" + v,
      "credentials: " + v + ", private.key: " + v,
      "token=",
      "=token=" + v,
  };
  for (const std::string& t : texts) expect_same(t);
  // The edge cases do find secrets (a comparison of two empty results proves nothing).
  std::size_t matches = 0;
  for (const std::string& t : texts) matches += plain_search(t).size();
  EXPECT_GT(matches, 12u);
}

void expect_same_on_corpus(const char* name) {
  const std::vector<std::string> files = testing::corpus_texts(name);
  if (files.empty()) GTEST_SKIP() << "../shared/corpus/" << name << " is absent";
  std::size_t matched = 0;
  for (const std::string& text : files) {
    expect_same(text);
    for (const std::string_view line : testing::lines_of(text)) {
      expect_same(line);
      matched += plain_search(line).size();
    }
  }
  EXPECT_GT(matched, 0u) << "the corpus holds no secret to compare";
}

TEST(AnchoredSearch, FindsWhatThePlainSearchFindsInTheDockerfileCorpus) {
  expect_same_on_corpus("dockerfiles");
}
TEST(AnchoredSearch, FindsWhatThePlainSearchFindsInTheManifestCorpus) {
  expect_same_on_corpus("realworld");
}

}  // namespace
}  // namespace bulwark::secrets
