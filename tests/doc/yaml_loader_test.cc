#include "doc/yaml_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace bulwark::doc {
namespace {

std::vector<DocumentResult> load(std::string_view text, LoadLimits limits = {}) {
  MemoryByteSource source(text);
  YamlStreamLoader loader(source, "t.yaml", limits);
  std::vector<DocumentResult> out;
  while (auto d = loader.next()) out.push_back(std::move(*d));
  return out;
}

Document load_one(std::string_view text) {
  auto docs = load(text);
  EXPECT_EQ(docs.size(), 1u);
  EXPECT_TRUE(docs.at(0).has_value()) << (docs.at(0) ? "" : docs.at(0).error().message);
  return std::move(*docs.at(0));
}

LoadError load_error(std::string_view text) {
  auto docs = load(text);
  for (auto& d : docs)
    if (!d) return d.error();
  ADD_FAILURE() << "expected a load error";
  return {};
}

TEST(YamlLoader, BuildsTreeWithPositions) {
  Document d = load_one("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: app\n    image: nginx\n");
  const Node* root = d.root();
  ASSERT_TRUE(root && root->is_mapping());
  EXPECT_EQ(root->get("kind")->text(), "Pod");
  const Node* image = root->find("spec.containers")->at(0)->get("image");
  ASSERT_TRUE(image);
  EXPECT_EQ(image->range().begin, (Position{6, 12}));
  EXPECT_EQ(image->range().end, (Position{6, 17}));
  const MapEntry* e = root->find("spec.containers")->at(0)->entry("image");
  EXPECT_EQ(e->key->range().begin, (Position{6, 5}));
  EXPECT_EQ(d.line_text(6), "    image: nginx");
}

TEST(YamlLoader, ResolvesBooleansLikeKubectl) {
  Document d = load_one("a: yes\nb: 'yes'\nc: !!str yes\nd: On\ne: \"true\"\n");
  EXPECT_EQ(d.root()->get("a")->as_bool(), true);
  EXPECT_EQ(d.root()->get("b")->as_string(), "yes");
  EXPECT_EQ(d.root()->get("c")->as_string(), "yes");
  EXPECT_EQ(d.root()->get("d")->as_bool(), true);
  EXPECT_EQ(d.root()->get("e")->as_string(), "true");
}

TEST(YamlLoader, NonStringKeysBecomeJsonStrings) {
  // sigs.k8s.io/yaml converts bool and number keys to strings: `on:` is "true".
  Document d = load_one("on: 1\n80: http\n1.5: x\n");
  EXPECT_NE(d.root()->get("true"), nullptr);
  EXPECT_NE(d.root()->get("80"), nullptr);
  // ... so a YAML 1.1 `y:` key (as in {x: 1, y: 2}) is the key "true" for Kubernetes.
  EXPECT_NE(load_one("{x: 1, y: 2}\n").root()->get("true"), nullptr);
  EXPECT_NE(d.root()->get("1.5"), nullptr);
  EXPECT_THAT(load_error("~: x\n").message, ::testing::HasSubstr("unsupported map key"));
}

TEST(YamlLoader, DuplicateKeyKeepsLastAndWarns) {
  Document d = load_one(
      "spec:\n  securityContext:\n    privileged: false\n    runAsUser: 1000\n    privileged: true\n");
  const Node* sc = d.root()->find("spec.securityContext");
  EXPECT_EQ(sc->get("privileged")->as_bool(), true);
  EXPECT_EQ(sc->size(), 2u);
  ASSERT_EQ(d.warnings().size(), 1u);
  const LoadWarning& w = d.warnings()[0];
  EXPECT_EQ(w.key, "privileged");
  EXPECT_EQ(w.path, "spec.securityContext");
  EXPECT_EQ(w.range.begin, (Position{5, 5}));
  EXPECT_EQ(w.first, (Position{3, 5}));
}

TEST(YamlLoader, DuplicateKeysAcrossQuotingStylesAreTheSameKey) {
  Document d = load_one("privileged: false\n\"privileged\": true\n");
  EXPECT_EQ(d.root()->get("privileged")->as_bool(), true);
  EXPECT_EQ(d.warnings().size(), 1u);
}

TEST(YamlLoader, MergeKeysFollowGoyamlV2) {
  Document d = load_one(
      "base: &base {privileged: true, runAsUser: 0}\n"
      "a:\n  <<: *base\n  runAsUser: 1000\n"
      "b:\n  runAsUser: 1000\n  <<: *base\n"
      "c:\n  <<: [{p: 1}, {p: 2, q: 2}]\n"
      "d:\n  '<<': *base\n");
  const Node* a = d.root()->get("a");
  EXPECT_EQ(a->get("privileged")->as_bool(), true);
  EXPECT_EQ(a->get("runAsUser")->as_int(), 1000);
  // goyaml.v2 applies a merge in document order: a later `<<` overrides an earlier explicit key.
  EXPECT_EQ(d.root()->get("b")->get("runAsUser")->as_int(), 0);
  // In a list of merges, earlier maps win.
  ASSERT_NE(d.root()->get("c")->get("q"), nullptr);
  EXPECT_EQ(d.root()->get("c")->get("p")->as_int(), 1);
  EXPECT_EQ(d.root()->get("c")->get("q")->as_int(), 2);
  // A quoted '<<' is an ordinary key.
  EXPECT_NE(d.root()->get("d")->get("<<"), nullptr);
  EXPECT_TRUE(d.warnings().empty());
  EXPECT_THAT(load_error("a: &a 1\nb:\n  <<: *a\n").message, ::testing::HasSubstr("map merge requires map"));
}

TEST(YamlLoader, AliasesShareTheAnchoredNode) {
  Document d = load_one("p: &sc {runAsNonRoot: true}\nq: *sc\n");
  ASSERT_NE(d.root()->get("q"), nullptr);
  EXPECT_EQ(d.root()->get("p"), d.root()->get("q"));
  EXPECT_THAT(load_error("q: *missing\n").message, ::testing::HasSubstr("unknown anchor 'missing'"));
}

TEST(YamlLoader, BillionLaughsFailsFastInBoundedMemory) {
  std::string bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) bomb += std::string(i ? "," : "") + "*" + static_cast<char>(c - 1);
    bomb += "]\n";
  }
  const LoadError e = load_error(bomb);
  EXPECT_THAT(e.message, ::testing::HasSubstr("alias bomb"));
  EXPECT_GT(e.position.line, 1u);
}

TEST(YamlLoader, DepthIsBounded) {
  std::string deep(100000, '[');
  const LoadError e = load_error(deep);
  EXPECT_THAT(e.message, ::testing::HasSubstr("nesting deeper than 512"));
  EXPECT_EQ(e.position, (Position{1, 513}));
}

TEST(YamlLoader, OversizedDocumentIsAnErrorAndTheNextDocumentLoads) {
  LoadLimits limits;
  limits.max_document_bytes = 1024;
  const std::string text = "a: " + std::string(4000, 'x') + "\n---\nkind: Pod\n";
  auto docs = load(text, limits);
  ASSERT_EQ(docs.size(), 2u);
  ASSERT_FALSE(docs[0]);
  EXPECT_THAT(docs[0].error().message, ::testing::HasSubstr("over the 0 MiB limit"));
  ASSERT_TRUE(docs[1]);
  EXPECT_EQ(docs[1]->root()->get("kind")->text(), "Pod");
}

TEST(YamlLoader, ErrorsCarryLineColumnAndAClearReason) {
  {
    const LoadError e = load_error("a:\n\tb: 1\n");
    EXPECT_EQ(e.position, (Position{2, 1}));
    EXPECT_THAT(e.message, ::testing::HasSubstr("tab character used for indentation"));
  }
  {
    const LoadError e = load_error("a: 1\nb: \"unterminated\nc: 2\n");
    EXPECT_EQ(e.position.line, 4u);
    EXPECT_THAT(e.message, ::testing::HasSubstr("quoted scalar"));
  }
  {
    const LoadError e = load_error(std::string("a: 1\nb: x\xff\xfey\n"));
    EXPECT_EQ(e.position, (Position{2, 5}));
    EXPECT_THAT(e.message, ::testing::HasSubstr("invalid UTF-8"));
  }
  {
    const LoadError e = load_error(std::string("a: 1\nb: x\0y\n", 12));
    EXPECT_EQ(e.position, (Position{2, 5}));
    EXPECT_THAT(e.message, ::testing::HasSubstr("NUL byte"));
  }
  {
    const LoadError e = load_error("a: b: c\n");
    EXPECT_EQ(e.position, (Position{1, 5}));
    EXPECT_THAT(e.message, ::testing::HasSubstr("mapping values are not allowed"));
  }
}

TEST(YamlLoader, BadDocumentDoesNotStopTheStream) {
  auto docs = load("kind: A\n---\na: [\n---\nkind: C\n");
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_TRUE(docs[0]);
  EXPECT_FALSE(docs[1]);
  ASSERT_TRUE(docs[2]);
  EXPECT_EQ(docs[2]->root()->get("kind")->text(), "C");
  EXPECT_EQ(docs[2]->root()->get("kind")->range().begin, (Position{5, 7}));
  EXPECT_EQ(docs[2]->index(), 2u);
}

TEST(YamlLoader, BomAndCrlfAreAccepted) {
  Document d = load_one(
      "\xEF\xBB\xBF"
      "kind: Pod\r\nmetadata:\r\n  name: x\r\n");
  EXPECT_EQ(d.root()->find("metadata.name")->text(), "x");
  EXPECT_EQ(d.root()->find("metadata.name")->range().begin, (Position{3, 9}));
  EXPECT_EQ(d.line_text(2), "metadata:");
}

TEST(YamlLoader, ColumnsCountCodePoints) {
  Document d = load_one("a: \"é\"\nb: x\n");
  EXPECT_EQ(d.root()->get("a")->range().end, (Position{1, 7}));
}

TEST(YamlLoader, ManyKeysLoadInLinearTime) {
  std::string text;
  for (int i = 0; i < 200000; ++i) text += "k" + std::to_string(i) + ": 1\n";
  text += "k5: 2\n";
  Document d = load_one(text);
  EXPECT_EQ(d.root()->size(), 200000u);
  EXPECT_EQ(d.root()->get("k5")->as_int(), 2);
  EXPECT_EQ(d.warnings().size(), 1u);
}

}  // namespace
}  // namespace bulwark::doc
