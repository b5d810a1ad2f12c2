// The webhook runs the PSS checks once per version for all the levels a namespace's enforce, warn
// and audit labels ask for. Its answers must be those of one rules::pss::evaluate per mode, as Pod
// Security Admission evaluates: for every fixture of ../shared/corpus/psa, in namespaces that mix
// levels at one version and across versions, the expected answer is built here from
// rules::pss::evaluate at each mode's level and version.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "doc/json_loader.h"
#include "doc/yaml_loader.h"
#include "k8s/pod_spec_view.h"
#include "psa_fixture_rows.h"
#include "review_builder.h"
#include "rules/pss/pss_rules.h"
#include "server/admission_evaluator.h"
#include "server/admission_review.h"

namespace bulwark::server::testing {
namespace {

namespace fs = std::filesystem;
using rules::PssLevel;

using Fixture = PsaFixtureRow;

std::vector<std::string> versions() {
  std::vector<std::string> out{"latest"};
  for (int minor = 0; minor <= rules::PssVersion::kNewestMinor; ++minor)
    out.push_back("v1." + std::to_string(minor));
  return out;
}

struct Mode {
  std::string level, version;
};
struct Labels {
  Mode enforce, warn, audit;
  std::string name() const {
    std::string n =
        enforce.level + enforce.version + "-" + warn.level + warn.version + "-" + audit.level + audit.version;
    std::replace(n.begin(), n.end(), '.', '_');
    return n;
  }
};

LevelVersion setting(const Mode& m) {
  return {*rules::parse_pss_level(m.level), *rules::parse_pss_version(m.version)};
}

// What rules::pss::evaluate reports for the pod at one mode's level and version.
std::vector<rules::Finding> evaluate_at(const k8s::PodSpecView& pod, const Mode& mode) {
  rules::CheckContext context;
  context.pss_level = *rules::parse_pss_level(mode.level);
  context.pss_version = *rules::parse_pss_version(mode.version);
  rules::FindingSink sink;
  rules::pss::evaluate(pod, context, sink);
  return sink.take();
}

// PSA's wording: each distinct message once, in order.
std::string joined(const std::vector<rules::Finding>& findings) {
  std::vector<std::string> seen;
  std::string out;
  for (const rules::Finding& f : findings) {
    if (std::find(seen.begin(), seen.end(), f.message) != seen.end()) continue;
    seen.push_back(f.message);
    out += (out.empty() ? "" : ", ") + f.message;
  }
  return out;
}

// The answer of one pss::evaluate per mode, in the webhook's wording (namespace labels only set
// the Pod Security modes here, so no bulwark rule is read).
Decision expected_decision(const k8s::PodSpecView& pod, const Labels& labels, const std::string& object) {
  Decision d;
  AdmissionResponse& r = d.response;
  const auto enforce = evaluate_at(pod, labels.enforce);
  const auto warn = evaluate_at(pod, labels.warn);
  const auto audit = evaluate_at(pod, labels.audit);
  for (const auto* list : {&enforce, &warn, &audit})
    for (const rules::Finding& f : *list) d.rule_ids.emplace_back(f.rule->id);
  std::sort(d.rule_ids.begin(), d.rule_ids.end());
  d.rule_ids.erase(std::unique(d.rule_ids.begin(), d.rule_ids.end()), d.rule_ids.end());
  if (!enforce.empty()) {
    r.allowed = false;
    r.status_message = object + " is forbidden: violates PodSecurity \"" +
                       setting(labels.enforce).to_string() + "\": " + joined(enforce);
  }
  if (!warn.empty())
    r.warnings.push_back("would violate PodSecurity \"" + setting(labels.warn).to_string() +
                         "\": " + joined(warn));
  if (labels.enforce.level != "privileged")
    r.audit_annotations.emplace_back("enforce-policy", setting(labels.enforce).to_string());
  if (!audit.empty())
    r.audit_annotations.emplace_back(
        "audit-violations",
        "would violate PodSecurity \"" + setting(labels.audit).to_string() + "\": " + joined(audit));
  return d;
}

// Namespaces for fixture `i` (of level L at version V): both levels at V in one namespace, levels
// at V next to another version (which needs its own run), and enforce privileged.
std::vector<Labels> labels_for(const Fixture& f, std::size_t i, const std::vector<std::string>& all) {
  const std::string other = f.level == "baseline" ? "restricted" : "baseline";
  const std::string& elsewhen = all[i % all.size()];
  const std::string& elsewhen2 = all[(i * 7 + 3) % all.size()];
  return {
      {{f.level, f.version}, {other, f.version}, {"restricted", f.version}},
      {{"baseline", elsewhen}, {"restricted", f.version}, {f.level, elsewhen2}},
      {{"privileged", "latest"}, {"baseline", f.version}, {"restricted", elsewhen}},
      {{f.level, f.version}, {"restricted", elsewhen}, {"baseline", elsewhen}},
  };
}

TEST(PssLevelsInOneRun, EveryFixtureInMixedNamespacesGetsThePerLevelAnswer) {
  if (!fs::exists(psa_corpus_dir() / "expectations.tsv"))
    GTEST_SKIP() << "../shared/corpus/psa is absent: not run";
  const std::vector<Fixture> fixtures = read_psa_fixture_rows();
  ASSERT_EQ(fixtures.size(), 4537u);
  const std::vector<std::string> all = versions();

  auto namespaces = std::make_shared<NamespacePolicies>();
  std::set<std::string> known;
  for (std::size_t i = 0; i < fixtures.size(); ++i)
    for (const Labels& l : labels_for(fixtures[i], i, all)) {
      if (!known.insert(l.name()).second) continue;
      const std::string yaml = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + l.name() +
                               "\n  labels:\n    pod-security.kubernetes.io/enforce: " + l.enforce.level +
                               "\n    pod-security.kubernetes.io/enforce-version: " + l.enforce.version +
                               "\n    pod-security.kubernetes.io/warn: " + l.warn.level +
                               "\n    pod-security.kubernetes.io/warn-version: " + l.warn.version +
                               "\n    pod-security.kubernetes.io/audit: " + l.audit.level +
                               "\n    pod-security.kubernetes.io/audit-version: " + l.audit.version + "\n";
      auto docs = doc::load_yaml_chunk("ns.yaml", yaml, 1, 0, doc::LoadLimits{});
      ASSERT_TRUE(!docs.empty() && docs.front());
      auto document = std::make_shared<const doc::Document>(std::move(*docs.front()));
      namespaces->observe(document, k8s::Object::in(*document).front());
    }
  const AdmissionEvaluator evaluator({}, namespaces);

  int compared = 0, denied = 0, warned = 0, reported = 0;
  for (std::size_t i = 0; i < fixtures.size(); ++i) {
    const Fixture& f = fixtures[i];
    auto pod_document = doc::load_json_document(f.path, f.pod_json);
    ASSERT_TRUE(pod_document.has_value()) << f.path;
    const std::vector<k8s::Object> objects = k8s::Object::in(*pod_document);
    ASSERT_EQ(objects.size(), 1u) << f.path;
    const std::optional<k8s::PodSpecView> pod = k8s::PodSpecView::of(objects.front());
    ASSERT_TRUE(pod.has_value()) << f.path;
    for (const Labels& l : labels_for(f, i, all)) {
      ReviewBuilder b;
      b.namespace_name = l.name();
      b.object = f.pod_json;
      auto review = decode_admission_review(b.json());
      ASSERT_TRUE(review.has_value()) << f.path;
      const Decision got = evaluator.evaluate(review->request);
      const Decision want = expected_decision(*pod, l, got.object);
      const AdmissionResponse &g = got.response, &w = want.response;
      const bool same = g.allowed == w.allowed && g.status_message == w.status_message &&
                        g.warnings == w.warnings && g.audit_annotations == w.audit_annotations &&
                        got.rule_ids == want.rule_ids;
      if (!same && ++reported <= 10)
        ADD_FAILURE() << f.path << " in " << l.name() << ":\n  got  " << g.status_message << " | "
                      << (g.warnings.empty() ? "" : g.warnings[0]) << "\n  want " << w.status_message << " | "
                      << (w.warnings.empty() ? "" : w.warnings[0]);
      ++compared;
      denied += !w.allowed;
      warned += !w.warnings.empty();
    }
  }
  std::printf(
      "webhook PSS modes in one run == one pss::evaluate per mode: %d decisions (%d denied, %d warned)\n",
      compared, denied, warned);
  EXPECT_EQ(reported, 0);
  EXPECT_GT(denied, 1000);
  EXPECT_GT(warned, 1000);
}

}  // namespace
}  // namespace bulwark::server::testing
