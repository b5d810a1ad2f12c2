// Label selector semantics from the Kubernetes documentation ("Labels and Selectors", "Resources
// that support set-based requirements"): requirements are ANDed, {} selects everything, NotIn and
// DoesNotExist match objects without the key.
#include "k8s/label_selector.h"

#include <gtest/gtest.h>

#include "doc/byte_source.h"
#include "doc/yaml_loader.h"

namespace bulwark::k8s {
namespace {

struct Case {
  std::string name;
  std::string selector;  // YAML flow mapping
  Labels labels;
  bool matches;
};

doc::Document load(const std::string& yaml) {
  doc::MemoryByteSource source(yaml);
  doc::YamlStreamLoader loader(source, "selector.yaml");
  auto result = loader.next();
  EXPECT_TRUE(result && result->has_value());
  return std::move(**result);
}

class LabelSelectorTest : public ::testing::TestWithParam<Case> {};

TEST_P(LabelSelectorTest, MatchesAsKubernetesDoes) {
  const Case& c = GetParam();
  doc::Document d = load(c.selector);
  auto selector = LabelSelector::parse(*d.root());
  ASSERT_TRUE(selector.has_value()) << selector.error();
  EXPECT_EQ(selector->matches(c.labels), c.matches);
}

INSTANTIATE_TEST_SUITE_P(
    Semantics, LabelSelectorTest,
    ::testing::Values(
        Case{"empty_selects_all", "{}", {{"app", "web"}}, true},
        Case{"empty_selects_unlabelled", "{}", {}, true},
        Case{"match_labels_equal", "{matchLabels: {app: web}}", {{"app", "web"}, {"tier", "x"}}, true},
        Case{"match_labels_other_value", "{matchLabels: {app: web}}", {{"app", "db"}}, false},
        Case{"match_labels_missing_key", "{matchLabels: {app: web}}", {}, false},
        Case{"match_labels_all_required", "{matchLabels: {app: web, tier: fe}}", {{"app", "web"}}, false},
        Case{"in",
             "{matchExpressions: [{key: env, operator: In, values: [prod, qa]}]}",
             {{"env", "qa"}},
             true},
        Case{"in_missing_key", "{matchExpressions: [{key: env, operator: In, values: [prod]}]}", {}, false},
        Case{"notin_other",
             "{matchExpressions: [{key: env, operator: NotIn, values: [prod]}]}",
             {{"env", "qa"}},
             true},
        Case{"notin_listed",
             "{matchExpressions: [{key: env, operator: NotIn, values: [prod]}]}",
             {{"env", "prod"}},
             false},
        Case{"notin_missing_key_matches",
             "{matchExpressions: [{key: env, operator: NotIn, values: [prod]}]}",
             {},
             true},
        Case{"exists", "{matchExpressions: [{key: env, operator: Exists}]}", {{"env", ""}}, true},
        Case{"exists_missing", "{matchExpressions: [{key: env, operator: Exists}]}", {}, false},
        Case{"does_not_exist", "{matchExpressions: [{key: env, operator: DoesNotExist}]}", {}, true},
        Case{"does_not_exist_present",
             "{matchExpressions: [{key: env, operator: DoesNotExist}]}",
             {{"env", "x"}},
             false},
        Case{"labels_and_expressions_anded",
             "{matchLabels: {app: web}, matchExpressions: [{key: env, operator: In, values: [prod]}]}",
             {{"app", "web"}, {"env", "qa"}},
             false},
        Case{"null_parts_are_empty", "{matchLabels: null, matchExpressions: null}", {{"a", "b"}}, true}),
    [](const ::testing::TestParamInfo<Case>& param) { return param.param.name; });

TEST(LabelSelector, RejectsWhatTheApiServerRejects) {
  for (const char* bad : {"{matchExpressions: [{key: a, operator: In}]}",
                          "{matchExpressions: [{key: a, operator: In, values: []}]}",
                          "{matchExpressions: [{key: a, operator: Exists, values: [x]}]}",
                          "{matchExpressions: [{key: a, operator: Equals, values: [x]}]}",
                          "{matchExpressions: [{operator: Exists}]}", "{matchLabels: [a]}", "[a]"}) {
    doc::Document d = load(bad);
    EXPECT_FALSE(LabelSelector::parse(*d.root()).has_value()) << bad;
  }
}

TEST(LabelSelector, LabelsOfKeepsStringValues) {
  doc::Document d = load("{app: web, replicas: 3}");
  const Labels labels = labels_of(d.root());
  EXPECT_EQ(labels.size(), 1u);
  EXPECT_EQ(labels.at("app"), "web");
  EXPECT_TRUE(labels_of(nullptr).empty());
}

}  // namespace
}  // namespace bulwark::k8s
