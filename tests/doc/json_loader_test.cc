#include "doc/json_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace bulwark::doc {
namespace {

TEST(JsonLoader, BuildsTreeWithPositions) {
  auto d = load_json_document(
      "p.json", "{\n  \"kind\": \"Pod\",\n  \"spec\": {\"hostPID\": true, \"n\": 3, \"f\": 1.5}\n}\n");
  ASSERT_TRUE(d) << d.error().message;
  const Node* root = d->root();
  EXPECT_EQ(root->get("kind")->as_string(), "Pod");
  EXPECT_EQ(root->get("kind")->range().begin, (Position{2, 11}));
  EXPECT_EQ(root->get("kind")->range().end, (Position{2, 16}));
  EXPECT_EQ(root->entry("spec")->key->range().begin, (Position{3, 3}));
  EXPECT_EQ(root->find("spec.hostPID")->as_bool(), true);
  EXPECT_EQ(root->find("spec.n")->kind(), NodeKind::Int);
  EXPECT_EQ(root->find("spec.f")->kind(), NodeKind::Float);
  EXPECT_EQ(root->get("spec")->range().end, (Position{3, 46}));
  EXPECT_EQ(root->range().end, (Position{4, 2}));
}

TEST(JsonLoader, KeysAndStringsWithAndWithoutEscapes) {
  // Plain strings are read as written, escaped ones unescaped: both kinds in one document, keys
  // with blanks around the colon, and an escaped quote right before a key's closing quote.
  auto d = load_json_document(
      "p.json", R"({"plain" : "v", "\u0041b": "x\ny", "q\"": "\"", "" :"", "s\\": "a\\b", "t":"\u00e9"})");
  ASSERT_TRUE(d) << d.error().message;
  const Node* root = d->root();
  ASSERT_EQ(root->size(), 6u);
  EXPECT_EQ(root->get("plain")->as_string(), "v");
  EXPECT_EQ(root->get("Ab")->as_string(), "x\ny");
  EXPECT_EQ(root->get("q\"")->as_string(), "\"");
  EXPECT_EQ(root->get("")->as_string(), "");
  EXPECT_EQ(root->get("s\\")->as_string(), "a\\b");
  EXPECT_EQ(root->get("t")->as_string(), "\xC3\xA9");
  // The same document without a single backslash anywhere takes the verbatim path for all.
  auto plain = load_json_document("p.json", R"({"k" : "v", "e": "", "n": ["a", "b c"]})");
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_EQ(plain->root()->get("k")->as_string(), "v");
  EXPECT_EQ(plain->root()->get("e")->as_string(), "");
  EXPECT_EQ(plain->root()->get("n")->at(1)->as_string(), "b c");
  EXPECT_EQ(plain->root()->entry("n")->key->range().begin, (Position{1, 22}));
}

TEST(JsonLoader, DuplicateKeysKeepLastAndWarn) {
  auto d = load_json_document("p.json", R"({"sc": {"privileged": false, "privileged": true}})");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->root()->find("sc.privileged")->as_bool(), true);
  ASSERT_EQ(d->warnings().size(), 1u);
  EXPECT_EQ(d->warnings()[0].path, "sc");
}

TEST(JsonLoader, BigNumbersBecomeFloats) {
  auto d = load_json_document("p.json", R"({"a": 18446744073709551616, "b": -9223372036854775808})");
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->root()->get("a")->kind(), NodeKind::Float);
  EXPECT_EQ(d->root()->get("b")->as_int(), INT64_MIN);
}

TEST(JsonLoader, ErrorsHavePositions) {
  auto d = load_json_document("p.json", "{\n  \"a\": tru\n}");
  ASSERT_FALSE(d);
  EXPECT_THAT(d.error().message, ::testing::HasSubstr("invalid JSON"));
  EXPECT_EQ(d.error().position.line, 2u);
  auto trailing = load_json_document("p.json", "{} {}");
  ASSERT_FALSE(trailing);
  EXPECT_THAT(trailing.error().message, ::testing::HasSubstr("content after the value"));
  auto utf8 = load_json_document("p.json", std::string("{\"a\": \"\xff\"}"));
  ASSERT_FALSE(utf8);
  EXPECT_THAT(utf8.error().message, ::testing::HasSubstr("UTF-8"));
  EXPECT_EQ(utf8.error().position, (Position{1, 8}));
}

TEST(JsonLoader, DepthIsBounded) {
  auto d = load_json_document("p.json", std::string(5000, '[') + std::string(5000, ']'));
  ASSERT_FALSE(d);
  EXPECT_THAT(d.error().message, ::testing::HasSubstr("nesting"));
}

TEST(JsonLoader, SniffsJsonLikeKubectl) {
  EXPECT_TRUE(looks_like_json("  \n{\"kind\": 1}"));
  EXPECT_TRUE(looks_like_json("\xEF\xBB\xBF[1]"));
  EXPECT_FALSE(looks_like_json("kind: Pod"));
  EXPECT_FALSE(looks_like_json(""));
}

}  // namespace
}  // namespace bulwark::doc
