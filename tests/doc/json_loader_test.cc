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
