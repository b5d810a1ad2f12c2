// load_json_document(..., JsonPositions::Skip) takes simdjson's DOM parser (json_dom_loader.h)
// for most documents. Its trees must be the On-Demand loader's trees, ranges aside: checked on the
// real-world and Pod Security corpora (as JSON) and on every case the DOM path has to hand back.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "doc/byte_source.h"
#include "doc/json_loader.h"
#include "doc/yaml_loader.h"

namespace bulwark::doc {
namespace {

namespace fs = std::filesystem;

// Where the two trees differ first ("" when they do not), comparing everything but ranges.
std::string difference(const Node* a, const Node* b, const std::string& path = "$") {
  if (!a || !b) return (a == b) ? "" : path + ": one side is missing";
  if (a->kind() != b->kind())
    return path + ": kind " + std::string(to_string(a->kind())) + " vs " + std::string(to_string(b->kind()));
  if (a->style() != b->style() || a->is_flow() != b->is_flow()) return path + ": style";
  if (a->text() != b->text())
    return path + ": text \"" + std::string(a->text()) + "\" vs \"" + std::string(b->text()) + "\"";
  if (a->as_bool() != b->as_bool() || a->as_int() != b->as_int()) return path + ": value";
  if (a->is_sequence()) {
    if (a->size() != b->size()) return path + ": size";
    for (std::size_t i = 0; i < a->size(); ++i)
      if (auto d = difference(a->items()[i], b->items()[i], path + "[" + std::to_string(i) + "]"); !d.empty())
        return d;
  }
  if (a->is_mapping()) {
    if (a->size() != b->size()) return path + ": size";
    for (std::size_t i = 0; i < a->size(); ++i) {
      const MapEntry& x = a->entries()[i];
      const MapEntry& y = b->entries()[i];
      if (x.name != y.name) return path + ": key " + std::string(x.name) + " vs " + std::string(y.name);
      if (auto d = difference(x.key, y.key, path + ".<key " + std::string(x.name) + ">"); !d.empty())
        return d;
      if (auto d = difference(x.value, y.value, path + "." + std::string(x.name)); !d.empty()) return d;
    }
  }
  return "";
}

struct Loaded {
  DocumentResult keep;
  DocumentResult skip;
};

Loaded load_both(const std::string& text) {
  return {load_json_document("t.json", text), load_json_document("t.json", text, {}, JsonPositions::Skip)};
}

// The same result both ways; true when the DOM path built it (its ranges are unknown).
bool same_both_ways(const std::string& text) {
  Loaded l = load_both(text);
  EXPECT_EQ(l.keep.has_value(), l.skip.has_value()) << text;
  if (!l.keep || !l.skip) {
    if (!l.keep && !l.skip) {
      EXPECT_EQ(l.keep.error().message, l.skip.error().message) << text;
      EXPECT_EQ(l.keep.error().position, l.skip.error().position) << text;
    }
    return false;
  }
  EXPECT_EQ(difference(l.keep->root(), l.skip->root()), "") << text;
  EXPECT_EQ(l.keep->warnings().size(), l.skip->warnings().size()) << text;
  EXPECT_EQ(l.keep->text(), l.skip->text());
  return l.skip->root() && !l.skip->root()->range().begin.known();
}

TEST(JsonDomLoader, TakesTheFastPathForOrdinaryDocumentsWithTheSameTree) {
  EXPECT_TRUE(same_both_ways(R"({"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"name": "a",
    "securityContext": {"runAsUser": 0, "privileged": true, "capabilities": null}}], "n": -12, "e": [], "o": {}}})"));
  EXPECT_TRUE(same_both_ways(R"([1, "two", [true, false, null], {"k": "v"}])"));
  EXPECT_TRUE(same_both_ways("\n\t{ \"a\" :\r\n \"b\" }  \n"));
  // Escapes: the DOM's unescaped strings are the On-Demand loader's.
  EXPECT_TRUE(
      same_both_ways(R"({"k\n": "tab\there", "u": "\u00e9\ud83d\ude00", "nul": "a\u0000b", "q": "\"\\/"})"));
  EXPECT_TRUE(
      same_both_ways(R"({"max": 9223372036854775807, "min": -9223372036854775808, "name": "web-0"})"));
  // Objects larger than the pairwise duplicate check.
  std::string wide = "{";
  for (int i = 0; i < 40; ++i) wide += (i ? ",\"k" : "\"k") + std::to_string(i) + "\": " + std::to_string(i);
  EXPECT_TRUE(same_both_ways(wide + "}"));
  // Names alike in length and first and last byte, which the duplicate check tells apart by their
  // bytes; the empty name.
  EXPECT_TRUE(same_both_ways(R"({"a1z": 1, "a2z": {"": 2, "a": 3}, "a3z": [{"x": 4, "y": 5}]})"));
}

TEST(JsonDomLoader, HandsBackWhatOnlyTheOnDemandLoaderBuildsExactly) {
  // Texts the DOM does not keep: floats, integers beyond int64, a negative zero.
  EXPECT_FALSE(same_both_ways(R"({"a": 1.50})"));
  EXPECT_FALSE(same_both_ways(R"({"a": 1e3})"));
  EXPECT_FALSE(same_both_ways(R"({"a": 9223372036854775808})"));
  EXPECT_FALSE(same_both_ways(R"({"a": 18446744073709551616})"));
  EXPECT_FALSE(same_both_ways(R"({"a": [-0]})"));
  EXPECT_FALSE(same_both_ways(R"({"a": -0 })"));
  // Duplicate keys are warned about with positions, small and large objects alike.
  EXPECT_FALSE(same_both_ways(R"({"sc": {"privileged": false, "privileged": true}})"));
  std::string wide = "{";
  for (int i = 0; i < 40; ++i)
    wide += (i ? ",\"k" : "\"k") + std::to_string(i % 39) + "\": " + std::to_string(i);
  EXPECT_FALSE(same_both_ways(wide + "}"));
  EXPECT_FALSE(same_both_ways(R"({"a1z": 1, "a2z": 2, "a1z": 3})"));
  EXPECT_FALSE(same_both_ways(R"({"o": {"": 1, "x": 2, "": 3}})"));
  EXPECT_FALSE(same_both_ways(R"([{"k": [{"a": 1}, {"b": 2, "c": 3, "b": 4}]}])"));
  // A root that is not a container, a BOM, errors (with the same message and position).
  EXPECT_FALSE(same_both_ways("\"just a string\""));
  EXPECT_FALSE(same_both_ways("\xEF\xBB\xBF{\"a\": 1}"));
  EXPECT_FALSE(same_both_ways("{\n  \"a\": tru\n}"));
  EXPECT_FALSE(same_both_ways("{} {}"));
  EXPECT_FALSE(same_both_ways(""));
  EXPECT_FALSE(same_both_ways(std::string("{\"a\": \"\xff\"}")));
  EXPECT_FALSE(same_both_ways(R"({"a": [1, 2)"));
}

TEST(JsonDomLoader, NegativeZeroKeepsItsText) {
  auto d = load_json_document("t.json", R"({"a": -0, "b": 0})", {}, JsonPositions::Skip);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->root()->get("a")->text(), "-0");
  EXPECT_EQ(d->root()->get("b")->text(), "0");
}

TEST(JsonDomLoader, DepthLimitIsTheOnDemandLoaders) {
  const LoadLimits limits{.max_depth = 8};
  for (int depth = 6; depth <= 10; ++depth) {
    const std::string text = std::string(depth, '[') + std::string(depth, ']');
    auto keep = load_json_document("t.json", text, limits);
    auto skip = load_json_document("t.json", text, limits, JsonPositions::Skip);
    ASSERT_EQ(keep.has_value(), skip.has_value()) << depth;
    if (!keep) {
      EXPECT_EQ(keep.error().message, skip.error().message);
    }
  }
  auto hostile =
      load_json_document("t.json", std::string(5000, '[') + std::string(5000, ']'), {}, JsonPositions::Skip);
  EXPECT_FALSE(hostile);
}

TEST(JsonDomLoader, LargeAndSmallDocumentsInTurn) {
  // One thread's reused parser, and the parser of its own a document over the reuse limit gets.
  std::string large = "{\"items\": [";
  for (int i = 0; i < 20000; ++i) large += (i ? ",\"" : "\"") + std::to_string(i) + "\"";
  large += "]}";
  ASSERT_GT(large.size(), std::size_t{64} << 10);
  for (int round = 0; round < 3; ++round) {
    EXPECT_TRUE(same_both_ways(large));
    EXPECT_TRUE(same_both_ways(R"({"a": ["b", {"c": 1}]})"));
  }
}

// Every document of a corpus, turned into JSON, loads the same both ways; returns how many
// documents took the DOM path.
int compare_corpus(const fs::path& root, int& documents) {
  int fast = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const auto ext = entry.path().extension();
    if (!entry.is_regular_file() || (ext != ".yaml" && ext != ".yml")) continue;
    auto source = FileByteSource::open(entry.path().string());
    if (!source) continue;
    YamlStreamLoader loader(*source, entry.path().string());
    while (auto d = loader.next()) {
      if (!*d || !(*d)->root() || (*d)->root()->is_scalar()) continue;
      ++documents;
      fast += same_both_ways(to_json(*(*d)->root())) ? 1 : 0;
    }
  }
  return fast;
}

TEST(JsonDomLoader, RealWorldAndPodSecurityCorporaAsJson) {
  const fs::path corpus = fs::path(BULWARK_SOURCE_DIR) / ".." / "shared" / "corpus";
  if (!fs::exists(corpus / "realworld") || !fs::exists(corpus / "psa")) GTEST_SKIP() << "corpus absent";
  int documents = 0;
  const int fast =
      compare_corpus(corpus / "realworld", documents) + compare_corpus(corpus / "psa", documents);
  EXPECT_GT(documents, 4000);
  // Floats and the like are rare in manifests: nearly all of them take the fast path.
  EXPECT_GT(fast, documents * 9 / 10);
  std::printf("%d documents, %d through the DOM path\n", documents, fast);
}

}  // namespace
}  // namespace bulwark::doc
