// evaluate_levels (one run of the checks for several levels at one version) against evaluate (one
// run per level, as Pod Security Admission evaluates): over every fixture of ../shared/corpus/psa,
// at every version and every set of levels, the findings of each level must be exactly evaluate's,
// in order. The restricted overrides (capabilities_baseline replaced by capabilities_restricted,
// ...) are where the two could part: the corpus has fixtures for each of them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "k8s/pod_spec_view.h"
#include "pss_test_support.h"
#include "rules/pss/pss_rules.h"

namespace bulwark::rules::pss::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(BULWARK_SOURCE_DIR) / ".." / "shared" / "corpus" / "psa";

// Every distinct fixture text (many repeat verbatim across versions).
std::vector<std::string> fixture_texts() {
  std::set<std::string> texts;
  for (const auto& entry : fs::recursive_directory_iterator(kCorpus)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".yaml") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    texts.insert(s.str());
  }
  return {texts.begin(), texts.end()};
}

std::vector<std::string> every_version() {
  std::vector<std::string> out{"latest"};
  for (int minor = 0; minor <= PssVersion::kNewestMinor; ++minor)
    out.push_back("v1." + std::to_string(minor));
  return out;
}

std::vector<std::string> full_description(const std::vector<const Finding*>& findings) {
  std::vector<std::string> out;
  for (const Finding* f : findings) out.push_back(describe(*f) + " | " + f->object);
  return out;
}

std::vector<std::string> full_description(const std::vector<Finding>& findings) {
  std::vector<const Finding*> pointers;
  for (const Finding& f : findings) pointers.push_back(&f);
  return full_description(pointers);
}

// What evaluate_levels reports at `level`.
std::vector<std::string> at_level(const LeveledFindings& found, PssLevel level) {
  std::vector<const Finding*> out;
  for (std::size_t i = 0; i < found.findings.size(); ++i)
    if (found.levels[i].contains(level)) out.push_back(&found.findings[i]);
  return full_description(out);
}

// The old way with some checks disabled: the enabled PSS rules one by one through the catalog.
std::vector<std::string> rule_by_rule(const k8s::Object& object, const CheckContext& context,
                                      const CheckSet& checks) {
  FindingSink sink;
  for (const ObjectRule& rule : object_rules()) {
    const std::optional<std::size_t> i = check_index(*rule.meta);
    if (i && checks.test(*i)) rule.check(object, context, sink);
  }
  return full_description(sink.take());
}

TEST(PssLevelPass, CheckIndexesFollowEvaluateOrderAndCoverEveryCheck) {
  std::set<std::size_t> seen;
  for (const ObjectRule& rule : object_rules())
    if (std::optional<std::size_t> i = check_index(*rule.meta)) seen.insert(*i);
  EXPECT_EQ(seen.size(), kCheckCount);
  EXPECT_FALSE(check_index(kNamespaceEnforceLabel).has_value());
}

TEST(PssLevelPass, OneRunGivesEachLevelWhatItsOwnRunGives) {
  if (!fs::exists(kCorpus / "expectations.tsv")) GTEST_SKIP() << "../shared/corpus/psa is absent: not run";
  const std::vector<std::string> texts = fixture_texts();
  ASSERT_GT(texts.size(), 300u);  // 4,537 files, 380 distinct texts
  CheckSet all;
  all.set();
  LevelSet both, baseline_only, restricted_only, with_privileged;
  both.add(PssLevel::Baseline);
  both.add(PssLevel::Restricted);
  baseline_only.add(PssLevel::Baseline);
  restricted_only.add(PssLevel::Restricted);
  with_privileged.add(PssLevel::Privileged);
  with_privileged.add(PssLevel::Restricted);
  int compared = 0, nonempty = 0;
  for (const std::string& text : texts) {
    LoadedManifest m = load(text);
    ASSERT_EQ(m.objects.size(), 1u) << text;
    const std::optional<k8s::PodSpecView> pod = k8s::PodSpecView::of(m.objects[0]);
    ASSERT_TRUE(pod.has_value()) << text;
    for (const std::string& version : every_version()) {
      const PssVersion v = *parse_pss_version(version);
      std::vector<std::string> expected[3];
      for (PssLevel level : {PssLevel::Baseline, PssLevel::Restricted}) {
        FindingSink sink;
        evaluate(*pod, context(level, version), sink);
        expected[static_cast<int>(level)] = full_description(sink.take());
        nonempty += !expected[static_cast<int>(level)].empty();
      }
      const auto b = PssLevel::Baseline, r = PssLevel::Restricted;
      const LeveledFindings merged = evaluate_levels(*pod, v, both, all);
      ASSERT_EQ(merged.levels.size(), merged.findings.size());
      ASSERT_EQ(at_level(merged, b), expected[1]) << version << "\n" << text;
      ASSERT_EQ(at_level(merged, r), expected[2]) << version << "\n" << text;
      EXPECT_TRUE(at_level(merged, PssLevel::Privileged).empty());
      ASSERT_EQ(full_description(evaluate_levels(*pod, v, baseline_only, all).findings), expected[1])
          << version;
      ASSERT_EQ(full_description(evaluate_levels(*pod, v, restricted_only, all).findings), expected[2])
          << version;
      ASSERT_EQ(at_level(evaluate_levels(*pod, v, with_privileged, all), r), expected[2]) << version;
      ++compared;
    }
  }
  std::printf("evaluate_levels == evaluate per level: %d fixture/version pairs (%d runs with findings)\n",
              compared, nonempty);
  EXPECT_GT(nonempty, 1000);
}

TEST(PssLevelPass, DisabledChecksAreLeftOutAsTheCatalogRulesWouldBe) {
  if (!fs::exists(kCorpus / "expectations.tsv")) GTEST_SKIP() << "../shared/corpus/psa is absent: not run";
  const std::vector<std::string> texts = fixture_texts();
  // Every other check, and the complement: three of the four override pairs (a restricted check
  // and the baseline one it replaces) are split between the two.
  CheckSet even, odd;
  for (std::size_t i = 0; i < kCheckCount; ++i) (i % 2 ? odd : even).set(i);
  LevelSet both;
  both.add(PssLevel::Baseline);
  both.add(PssLevel::Restricted);
  for (const std::string& text : texts) {
    LoadedManifest m = load(text);
    ASSERT_EQ(m.objects.size(), 1u);
    const std::optional<k8s::PodSpecView> pod = k8s::PodSpecView::of(m.objects[0]);
    ASSERT_TRUE(pod.has_value());
    for (const std::string version : {"latest", "v1.24", "v1.18"}) {
      for (const CheckSet& checks : {even, odd}) {
        const LeveledFindings merged = evaluate_levels(*pod, *parse_pss_version(version), both, checks);
        for (PssLevel level : {PssLevel::Baseline, PssLevel::Restricted})
          ASSERT_EQ(at_level(merged, level), rule_by_rule(m.objects[0], context(level, version), checks))
              << version << "\n"
              << text;
      }
    }
  }
}

// The webhook asks for messages only: the same findings, without the object name and location.
TEST(PssLevelPass, MessagesOnlyKeepsRuleMessageAndFieldPath) {
  LoadedManifest m = load(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n"
      "      containers:\n      - name: app\n        securityContext:\n          privileged: true\n");
  ASSERT_EQ(m.objects.size(), 1u);
  const std::optional<k8s::PodSpecView> pod = k8s::PodSpecView::of(m.objects[0]);
  ASSERT_TRUE(pod.has_value());
  LevelSet both;
  both.add(PssLevel::Baseline);
  both.add(PssLevel::Restricted);
  CheckSet all;
  all.set();
  const PssVersion latest;
  const LeveledFindings full = evaluate_levels(*pod, latest, both, all);
  const LeveledFindings brief = evaluate_levels(*pod, latest, both, all, FindingSink::Detail::Messages);
  ASSERT_FALSE(full.findings.empty());
  ASSERT_EQ(brief.findings.size(), full.findings.size());
  for (std::size_t i = 0; i < full.findings.size(); ++i) {
    EXPECT_EQ(brief.findings[i].rule, full.findings[i].rule);
    EXPECT_EQ(brief.findings[i].message, full.findings[i].message);
    EXPECT_EQ(brief.findings[i].field_path, full.findings[i].field_path);
    EXPECT_EQ(brief.levels[i].contains(PssLevel::Baseline), full.levels[i].contains(PssLevel::Baseline));
    EXPECT_EQ(brief.findings[i].object, "");
    EXPECT_EQ(brief.findings[i].location.snippet, "");
  }
  EXPECT_EQ(full.findings[0].object, "Deployment web");
  EXPECT_EQ(full.findings[0].field_path, "spec.template.spec.containers[0].securityContext.privileged");
  EXPECT_EQ(full.findings[0].location.range.begin.line, 11u);
}

}  // namespace
}  // namespace bulwark::rules::pss::testing
