// Hostile inputs: each yields a clear error or a correct result, in bounded memory. (Time is
// bounded by ctest's per-test timeout; a hang fails the suite.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "doc/json_loader.h"
#include "doc/yaml_loader.h"
#include "k8s/object.h"
#include "rules/catalog.h"

namespace bulwark {
namespace {

// AddressSanitizer's shadow memory and quarantine make RSS meaningless; memory bounds are
// asserted in the plain build (the suite runs in both).
#if defined(__SANITIZE_ADDRESS__)
constexpr long kRssSlackMb = 1 << 20;
#else
constexpr long kRssSlackMb = 0;
#endif

long peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

struct Outcome {
  int documents = 0;
  std::vector<doc::LoadError> errors;
  std::vector<rules::Finding> findings;
};

// Loads and runs every rule, as a scan would.
Outcome scan_yaml(std::string_view text) {
  Outcome out;
  doc::MemoryByteSource source(text);
  doc::YamlStreamLoader loader(source, "hostile.yaml");
  rules::CheckContext context;
  while (auto d = loader.next()) {
    if (!*d) {
      out.errors.push_back(d->error());
      continue;
    }
    ++out.documents;
    rules::FindingSink sink;
    for (const auto& r : rules::document_rules()) r.check(**d, sink);
    for (const auto& o : k8s::Object::in(**d))
      for (const auto& r : rules::object_rules()) r.check(o, context, sink);
    for (auto& f : sink.findings()) out.findings.push_back(std::move(f));
  }
  return out;
}

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Hostile, DeepNestingIsAnErrorNotAStackOverflow) {
  for (const std::string& deep : {std::string(1'000'000, '['), std::string(200'000, '{') + "a: 1", [] {
                                    std::string s;
                                    for (int i = 0; i < 5000; ++i) s += std::string(i, ' ') + "a:\n";
                                    return s;
                                  }()}) {
    const Outcome o = scan_yaml(deep);
    ASSERT_EQ(o.errors.size(), 1u);
    EXPECT_THAT(o.errors[0].message, ::testing::HasSubstr("nesting deeper than 512"));
  }
  auto json = doc::load_json_document("deep.json", std::string(1'000'000, '[') + std::string(1'000'000, ']'));
  ASSERT_FALSE(json);
  EXPECT_THAT(json.error().message, ::testing::HasSubstr("nesting"));
}

TEST(Hostile, BillionLaughsStaysSmall) {
  std::string bomb =
      "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'z'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? "," : "") + "*" + static_cast<char>(c - 1);
    bomb += "]\n";
  }
  const long before = peak_rss_mb();
  const Outcome o = scan_yaml(bomb);
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_THAT(o.errors[0].message, ::testing::HasSubstr("alias bomb"));
  EXPECT_LT(peak_rss_mb() - before, 64 + kRssSlackMb);
}

TEST(Hostile, HundredMegabyteScalarIsRefusedAndTheNextDocumentLoads) {
  std::string text = "apiVersion: v1\nkind: ConfigMap\ndata:\n  big: \"";
  text.append(100u << 20, 'x');
  text += "\"\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n";
  const long before = peak_rss_mb();
  const Outcome o = scan_yaml(text);
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_THAT(o.errors[0].message, ::testing::HasSubstr("MiB limit"));
  EXPECT_EQ(o.documents, 1);
  // The refused document is not kept: growth stays far below its size (the input string itself
  // was already counted before).
  EXPECT_LT(peak_rss_mb() - before, 64 + kRssSlackMb);
}

// A document whose one line of 'x' is made up as it is read, followed by a small valid document:
// a file too large to hold, as the loader sees it.
class EndlessLineSource final : public doc::ByteSource {
 public:
  explicit EndlessLineSource(std::size_t line_bytes) : line_bytes_(line_bytes) {}
  std::expected<std::size_t, std::string> read(std::span<char> buffer) override {
    std::size_t n = 0;
    while (n < buffer.size() && offset_ < size()) {
      if (offset_ < kHead.size()) {
        buffer[n++] = kHead[offset_++];
      } else if (offset_ < kHead.size() + line_bytes_) {
        const std::size_t run = std::min(buffer.size() - n, kHead.size() + line_bytes_ - offset_);
        std::fill_n(buffer.begin() + static_cast<std::ptrdiff_t>(n), run, 'x');
        n += run;
        offset_ += run;
      } else {
        buffer[n++] = kTail[offset_++ - kHead.size() - line_bytes_];
      }
    }
    return n;
  }

 private:
  static constexpr std::string_view kHead = "apiVersion: v1\nkind: ConfigMap\ndata:\n  big: ";
  static constexpr std::string_view kTail = "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n";
  std::size_t size() const { return kHead.size() + line_bytes_ + kTail.size(); }
  std::size_t line_bytes_;
  std::size_t offset_ = 0;
};

TEST(Hostile, HalfGigabyteLineIsRefusedWhileReading) {
  EndlessLineSource source(std::size_t{512} << 20);
  doc::YamlStreamLoader loader(source, "hostile.yaml");
  const long before = peak_rss_mb();
  std::vector<doc::LoadError> errors;
  int documents = 0;
  while (auto d = loader.next()) {
    if (*d) {
      ++documents;
    } else {
      errors.push_back(d->error());
    }
  }
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].position.line, 1u);
  EXPECT_THAT(errors[0].message, ::testing::HasSubstr("document is 512 MiB, over the 64 MiB limit"));
  EXPECT_EQ(documents, 1);
  // The line is never held whole: at most the 64 MiB a document may have, plus read buffers.
  EXPECT_LT(peak_rss_mb() - before, 128 + kRssSlackMb);
}

TEST(Hostile, MillionKeysInOneMapping) {
  std::string text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n";
  text.reserve(20u << 20);
  for (int i = 0; i < 1'000'000; ++i) text += "  k" + std::to_string(i) + ": v\n";
  text += "  k17: again\n";
  const Outcome o = scan_yaml(text);
  EXPECT_TRUE(o.errors.empty());
  EXPECT_EQ(o.documents, 1);
  const auto dup = std::count_if(o.findings.begin(), o.findings.end(),
                                 [](const rules::Finding& f) { return f.rule->id == "BW-duplicate-key"; });
  EXPECT_EQ(dup, 1);
}

TEST(Hostile, InvalidUtf8AndNulBytesPointAtTheByte) {
  const Outcome bad = scan_yaml(std::string("apiVersion: v1\nkind: Pod\nmetadata:\n  name: \xc3\x28\n"));
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0].position.line, 4u);
  EXPECT_THAT(bad.errors[0].message, ::testing::HasSubstr("UTF-8"));
  const Outcome nul = scan_yaml(std::string("apiVersion: v1\nkind: Pod\n\0\n", 26));
  ASSERT_EQ(nul.errors.size(), 1u);
  EXPECT_EQ(nul.errors[0].position.line, 3u);
  EXPECT_THAT(nul.errors[0].message, ::testing::HasSubstr("NUL"));
}

TEST(Hostile, DuplicateKeyCannotHidePrivileged) {
  const Outcome o = scan_yaml(R"(apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    image: nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000
    securityContext:
      privileged: false
      privileged: yes
)");
  std::vector<std::string> ids;
  for (const auto& f : o.findings) ids.emplace_back(f.rule->id);
  EXPECT_THAT(ids, ::testing::Contains("BW-duplicate-key"));
  EXPECT_THAT(ids, ::testing::Contains("PSS-privileged"));
}

TEST(Hostile, NumbersOutOfRangeDoNotCrashRules) {
  const Outcome o = scan_yaml(R"(apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext: {runAsUser: 99999999999999999999999, runAsGroup: -1e400, fsGroup: .nan}
  containers:
  - name: app
    image: nginx
    ports: [{containerPort: 1e308, hostPort: -9223372036854775809}]
    securityContext: {runAsUser: 0x7fffffffffffffff}
)");
  EXPECT_TRUE(o.errors.empty());
  EXPECT_EQ(o.documents, 1);
}

TEST(Hostile, EveryTruncationOfARealFileLoadsOrFailsCleanly) {
  const std::string text = read(std::string(BULWARK_SOURCE_DIR) + "/examples/deployment.yaml");
  ASSERT_FALSE(text.empty());
  for (std::size_t n = 0; n <= text.size(); ++n) {
    const Outcome o = scan_yaml(std::string_view(text).substr(0, n));
    for (const auto& e : o.errors) {
      EXPECT_FALSE(e.message.empty());
      EXPECT_TRUE(e.position.known()) << "truncated at " << n;
    }
  }
  const std::string json =
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"a","image":"b"}]}})";
  for (std::size_t n = 0; n < json.size(); ++n) {
    auto d = doc::load_json_document("t.json", json.substr(0, n));
    if (!d) {
      EXPECT_FALSE(d.error().message.empty());
    }
  }
}

}  // namespace
}  // namespace bulwark

namespace bulwark {
namespace {

TEST(Hostile, LookalikeKeysAreReportedAsSuspicious) {
  // "privileged" with a Cyrillic er (U+0440) and "hostPID" with a zero-width space.
  const Outcome o = scan_yaml(
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app: \xe3\x81\x8a\xe5\xba\x97\n"
      "spec:\n  hostPID\xe2\x80\x8b: true\n  containers:\n  - name: a\n    securityContext:\n"
      "      \xd1\x80rivileged: false\n");
  std::vector<std::string> messages;
  for (const auto& f : o.findings)
    if (f.rule->id == "BW-lookalike-key")
      messages.push_back(f.message + " @" + std::to_string(f.location.range.begin.line));
  EXPECT_THAT(messages, ::testing::UnorderedElementsAre(
                            ::testing::HasSubstr("looks like \"hostPID\" but contains U+200B"),
                            ::testing::HasSubstr("looks like \"privileged\" but contains U+0440")));
  EXPECT_THAT(messages, ::testing::Contains(::testing::EndsWith("@12")));
}

}  // namespace
}  // namespace bulwark
