#include "engine/suppression.h"

#include <gtest/gtest.h>

#include "test_manifest.h"

namespace bulwark::engine {
namespace {

const rules::RuleMeta kRuleA{
    .id = "BW-a", .family = rules::Family::Workload, .title = "", .why = "", .fix = "", .references = {}};
const rules::RuleMeta kRuleB{
    .id = "BW-b", .family = rules::Family::Rbac, .title = "", .why = "", .fix = "", .references = {}};

rules::Finding finding(const rules::RuleMeta& rule, std::string path) {
  rules::Finding f;
  f.rule = &rule;
  f.field_path = std::move(path);
  return f;
}

TEST(Suppression, ParsesRulesContainersAndReason) {
  const auto p = parse_suppressions(" BW-a, BW-b/web ,rbac -- accepted: pinned upstream ");
  ASSERT_EQ(p.entries.size(), 3u);
  EXPECT_EQ(p.entries[0].rule, "BW-a");
  EXPECT_EQ(p.entries[1].rule, "BW-b");
  EXPECT_EQ(p.entries[1].container, "web");
  EXPECT_EQ(p.entries[2].rule, "rbac");
  EXPECT_EQ(p.reason, "accepted: pinned upstream");
  EXPECT_TRUE(parse_suppressions("BW-a").reason.empty());
}

constexpr std::string_view kPod = R"(apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    bulwark.dev/ignore: "BW-a/sidecar -- the sidecar image is vendor-pinned"
spec:
  containers:
  - name: web
  - name: sidecar
)";

TEST(Suppression, ContainerScopedEntriesOnlyCoverThatContainer) {
  auto m = testing::load_manifest(kPod);
  ASSERT_EQ(m->objects.size(), 1u);
  std::vector<rules::Finding> findings{finding(kRuleA, "spec.containers[0].image"),
                                       finding(kRuleA, "spec.containers[1].image"),
                                       finding(kRuleB, "spec.containers[1].image")};
  EXPECT_EQ(apply_suppressions(m->objects[0], findings), 1u);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].field_path, "spec.containers[0].image");
  EXPECT_EQ(findings[1].rule, &kRuleB);
}

TEST(Suppression, WithoutReasonIsNotAppliedAndIsReported) {
  auto m = testing::load_manifest(
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    bulwark.dev/ignore: BW-a\nspec: "
      "{}\n");
  std::vector<rules::Finding> findings{finding(kRuleA, "spec")};
  EXPECT_EQ(apply_suppressions(m->objects[0], findings), 0u);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[1].rule, &kSuppressionWithoutReason);
  EXPECT_EQ(findings[1].location.range.begin, (doc::Position{6, 25}));
}

TEST(Suppression, FamilyNamesSuppressTheirRules) {
  auto m = testing::load_manifest(
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    bulwark.dev/ignore: rbac -- "
      "reviewed\n");
  std::vector<rules::Finding> findings{finding(kRuleA, "x"), finding(kRuleB, "y")};
  EXPECT_EQ(apply_suppressions(m->objects[0], findings), 1u);
  EXPECT_EQ(findings[0].rule, &kRuleA);
}

}  // namespace
}  // namespace bulwark::engine
