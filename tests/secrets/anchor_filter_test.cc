// The anchor filter decides which texts the secret regexes never see, so a clear bit must be a proof:
// whenever a pattern's regex matches a text, the filter marks that pattern. Checked on crafted texts
// (each format, with the anchor in other cases, near the edges, with RE2's non-ASCII case folds) and on
// every line and every file of the real-world corpora.
#include "secrets/anchor_filter.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <memory>
#include <string>
#include <vector>

#include "corpus_texts.h"
#include "secrets/secret_patterns.h"

namespace bulwark::secrets {
namespace {

const std::vector<std::unique_ptr<RE2>>& regexes() {
  static const std::vector<std::unique_ptr<RE2>> compiled = [] {
    std::vector<std::unique_ptr<RE2>> out;
    for (const Pattern& p : kPatterns) {
      out.push_back(std::make_unique<RE2>(re2::StringPiece(p.regex.data(), p.regex.size())));
      EXPECT_TRUE(out.back()->ok()) << p.regex;
    }
    return out;
  }();
  return compiled;
}

// The patterns whose regex matches somewhere in `text`, one bit each.
std::uint32_t matching_patterns(std::string_view text) {
  std::uint32_t bits = 0;
  for (std::size_t i = 0; i < kPatterns.size(); ++i)
    if (RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *regexes()[i])) bits |= 1u << i;
  return bits;
}

void expect_sound(std::string_view text) {
  const std::uint32_t matching = matching_patterns(text);
  const std::uint32_t candidates = candidate_patterns(text);
  EXPECT_EQ(matching & ~candidates, 0u) << "a matching pattern was filtered out of: " << text;
}

TEST(AnchorFilter, KeepsEveryPatternThatMatchesACraftedText) {
  const std::string body = "vqdt7s8Stqcbnr3yBdGBLEPH1qhT61qtc4xatws8phP9nhFyJfm5di4PzJ59FHz5";
  const std::vector<std::string> texts = {
      "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----",
      R"({"private_key_id": "4d3cea27d26934b484e73cf575dcad6ba2b0aee0"})",
      "AKIAQ7XRZ3D5M2PLW4NB",
      "A3TXQ7XRZ3D5M2PLW4NB",
      "aws_secret_access_key = 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",
      "AWS_Secret_KEY\"\n\t:'PtYgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA+",
      "AccountKey=2O76UMFxFkM+R5Kjp1vRt/1fjORS+6ilI8ihN5KXSc7Tvo+hBKqFYY+kv5ZJr3J1TWDtkwtDDb/xHKas1VOqg6==",
      "ghp_53X83RZJzzzzgEOzdmenCkhvMdgaKjIg8xNb",
      "glpat-e3nNyjOq9wMxEhh2FDEE",
      "https://hooks.slack.com/services/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",
      "xoxb-123456789012-1234567890123-WHtP3fS2qHx6kwXoIIXGvOoN",
      "rk_test_tfjgVvVqE1SkHbn88HxjSI6b",
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.yEZDz_"
      "TddJ8HyS5SUkCnD8zRA9a9SkpXz9w3QlY7Zku",
      "postgres://app:Zk8q2Lm9Xp@db.internal:5432/app",
      "git+ssh://us\ver:p\va:ss@host",  // a vertical tab is no \s for RE2
      "db.PassWord=Xk9#mP2vL7qR",
      "X_PWD: Xk9#mP2vL7qR",
      "my-Api.Key \t= 'f3K9qL2mZ8xW4vT7'",
      "ACCESSKEY:f3K9qL2mZ8xW4vT7",
      "private-key=f3K9qL2mZ8xW4vT7",
      "Credentials='f3K9qL2mZ8xW4vT7'",
      "export DB_TOKEN=\"Tr0ub4dor&3xq\"",
      "SeCrEt=\"Tr0ub4dor&3xq\"",
      // RE2's (?i) folds 'k' with U+212A KELVIN SIGN and 's' with U+017F LATIN SMALL LETTER LONG S.
      "to\u212Aen=Xk9#mP2vL7qR",
      "\u017Fecret=Xk9#mP2vL7qR",
      "aw\u017F_secret_key=PtYgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA+",
      "password",  // anchors at the very end
      "pw",
      // Values at the shortest a pattern takes, with RE2's idea of a blank (\v is none, so it counts).
      "password=\v1234567",
      "secret: '12345678'",
      "Api.Key\t=\t\"k2#4%6&8\"",
      "MY_TOKEN=\"12345678\"",
      "aws_key: 'PtYgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA+'",
  };
  for (const std::string& t : texts) expect_sound(t);
  // The filter reads several positions a step: where a text sits (after 0 to 8 blanks, before 0 to 8
  // newlines, which no anchor or its follow-up can use) must not change what it finds.
  for (const std::string& t : texts) {
    const std::uint32_t alone = candidate_patterns(t);
    for (std::size_t before = 0; before <= 8; ++before)
      for (std::size_t after = 0; after <= 8; ++after)
        EXPECT_EQ(candidate_patterns(std::string(before, ' ') + t + std::string(after, '\n')), alone)
            << before << " blanks before, " << after << " newlines after: " << t;
  }
  // The crafted texts do exercise the patterns (a filter test over texts nothing matches proves nothing).
  std::uint32_t all = 0;
  for (const std::string& t : texts) all |= matching_patterns(t);
  EXPECT_EQ(all, (1u << kPatterns.size()) - 1);
}

TEST(AnchorFilter, RejectsOrdinaryShellCommands) {
  EXPECT_EQ(candidate_patterns("apt-get update && apt-get install -y curl ca-certificates"), 0u);
  EXPECT_EQ(candidate_patterns("curl -fsSL https://deb.nodesource.com/setup_20.x | bash -"), 0u);
  EXPECT_EQ(candidate_patterns("apt-key adv --keyserver hkp://keyserver.ubuntu.com:80 --recv-keys 0x1"), 0u);
  EXPECT_EQ(candidate_patterns("echo $PWD; pip install --no-cache-dir tokenizers"), 0u);
  EXPECT_EQ(candidate_patterns(""), 0u);
  EXPECT_NE(candidate_patterns("ARG GITHUB_TOKEN=abcdefgh"), 0u);
}

TEST(AnchorFilter, RejectsAssignmentsTooShortToHoldASecret) {
  // Every assignment pattern needs 8 or more characters of value (40 for an AWS secret key): names that
  // look like secrets with empty or short values are not worth a regex run.
  EXPECT_EQ(candidate_patterns("ENV PWD=/app"), 0u);
  EXPECT_EQ(candidate_patterns("ARG GITHUB_TOKEN="), 0u);
  EXPECT_EQ(candidate_patterns("export DB_PASSWORD=\"\""), 0u);
  EXPECT_EQ(candidate_patterns("secret: 1234567"), 0u);
  EXPECT_EQ(candidate_patterns("aws_secret_key=short"), 0u);
  EXPECT_EQ(candidate_patterns("ENV TOKEN=\"1234567\""), 0u);
  // "access", "api" and "private" count only as the `...[_.-]?key` the patterns name.
  EXPECT_EQ(candidate_patterns("access.log = /proc/self/fd/2"), 0u);
  EXPECT_EQ(candidate_patterns("private_dir = /var/lib/private"), 0u);
  EXPECT_NE(candidate_patterns("Access.Key = /proc/self/fd/2"), 0u);
  // Seven characters, then a delimiter the value cannot hold.
  EXPECT_EQ(candidate_patterns("password=1234567;echo"), 0u);
}

void expect_sound_on_corpus(const char* name) {
  const std::vector<std::string> files = testing::corpus_texts(name);
  if (files.empty()) GTEST_SKIP() << "../shared/corpus/" << name << " is absent";
  std::size_t matched_lines = 0;
  for (const std::string& text : files) {
    expect_sound(text);
    for (const std::string_view line : testing::lines_of(text)) {
      expect_sound(line);
      if (matching_patterns(line) != 0) ++matched_lines;
    }
  }
  EXPECT_GT(matched_lines, 0u) << "the corpus exercises no pattern";
}

// The vector path (32 positions a step where the CPU has AVX2) finds what the byte-at-a-time one finds,
// with anchors at every place relative to its 32-byte steps and to the end of the text.
TEST(AnchorFilter, VectorAndScalarPathsAgree) {
  const std::vector<std::string> anchors = {"PRIVATE KEY----- x",
                                            "\"private_key_id\": \"",
                                            "AKIAQ7XRZ3D5M2PLW4NB",
                                            "aws_secret_key=" + std::string(40, 'A'),
                                            "AccountKey=",
                                            "ghp_",
                                            "glpat-",
                                            "https://hooks.slack.com/",
                                            "xoxb-",
                                            "sk_live_",
                                            "eyJ",
                                            "u://a:b@h",
                                            "db.Pass_Word = Xk9#mP2vL7qR",
                                            "Api-Key: Xk9#mP2vL7qR",
                                            "SECRET=\"Xk9#mP2vL7qR\"",
                                            "to\u212Aen=Xk9#mP2vL7qR"};
  std::size_t found = 0;
  for (const std::string& anchor : anchors) {
    for (std::size_t before = 0; before <= 70; ++before) {
      for (const std::size_t after : {0, 1, 2, 31, 32, 33}) {
        const std::string text = std::string(before, 'q') + anchor + std::string(after, 'z');
        EXPECT_EQ(candidate_patterns(text), candidate_patterns_scalar(text)) << text;
        found += candidate_patterns_scalar(text) != 0;
      }
    }
  }
  EXPECT_GT(found, 0u);
  for (const char* corpus : {"dockerfiles", "realworld"})
    for (const std::string& text : testing::corpus_texts(corpus)) {
      EXPECT_EQ(candidate_patterns(text), candidate_patterns_scalar(text));
      for (const std::string_view line : testing::lines_of(text))
        EXPECT_EQ(candidate_patterns(line), candidate_patterns_scalar(line)) << line;
    }
}

TEST(AnchorFilter, KeepsEveryPatternThatMatchesInTheDockerfileCorpus) {
  expect_sound_on_corpus("dockerfiles");
}
TEST(AnchorFilter, KeepsEveryPatternThatMatchesInTheManifestCorpus) {
  expect_sound_on_corpus("realworld");
}

}  // namespace
}  // namespace bulwark::secrets
