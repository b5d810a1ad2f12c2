// The Namespace rule: Pod Security Admission enforces a level only where the namespace's
// pod-security.kubernetes.io/enforce label asks for one.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pss_test_support.h"
#include "rules/catalog.h"

namespace bulwark::rules::pss::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(PssNamespaceLabel, NamespaceWithoutLabelsIsReportedAtItsMetadata) {
  EXPECT_THAT(
      describe(pss_findings("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: default\n",
                            PssLevel::Restricted)),
      ElementsAre("PSS-namespace-enforce-label 4:3 metadata | namespace \"default\" has no "
                  "pod-security.kubernetes.io/enforce label: Pod Security Admission enforces nothing there "
                  "beyond the cluster default"));
}

TEST(PssNamespaceLabel, OnlyWarnOrAuditLabelsDoNotEnforce) {
  EXPECT_THAT(
      describe(pss_findings(R"(apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/warn: restricted
    pod-security.kubernetes.io/audit: restricted
)",
                            PssLevel::Restricted)),
      ElementsAre("PSS-namespace-enforce-label 6:5 metadata.labels | namespace \"shop\" has no "
                  "pod-security.kubernetes.io/enforce label: Pod Security Admission enforces nothing there "
                  "beyond the cluster default"));
}

TEST(PssNamespaceLabel, EnforceLabelSatisfiesTheRuleWhateverTheLevelOfTheScan) {
  const char* yaml = R"(apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: baseline
)";
  EXPECT_THAT(describe(pss_findings(yaml, PssLevel::Restricted)), IsEmpty());
  EXPECT_THAT(describe(pss_findings(yaml, PssLevel::Privileged)), IsEmpty());
}

TEST(PssNamespaceLabel, UnknownLevelIsReportedAtTheLabel) {
  EXPECT_THAT(
      describe(pss_findings(R"(apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: strict
)",
                            PssLevel::Restricted)),
      ElementsAre("PSS-namespace-enforce-label 6:41 "
                  "metadata.labels[\"pod-security.kubernetes.io/enforce\"] | namespace \"shop\" sets "
                  "pod-security.kubernetes.io/enforce=\"strict\", which is not privileged, baseline or "
                  "restricted: Pod Security Admission rejects the label"));
}

TEST(PssNamespaceLabel, OtherKindsAreNotNamespaces) {
  EXPECT_THAT(describe(pss_findings("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: default\n",
                                    PssLevel::Restricted)),
              IsEmpty());
}

TEST(PssCatalog, EveryPsaCheckIsARuleWithMetadata) {
  for (std::string_view id : {"PSS-privileged",
                              "PSS-hostNamespaces",
                              "PSS-hostPathVolumes",
                              "PSS-hostPorts",
                              "PSS-hostProbesAndHostLifecycle",
                              "PSS-capabilities_baseline",
                              "PSS-appArmorProfile",
                              "PSS-seLinuxOptions",
                              "PSS-procMount",
                              "PSS-seccompProfile_baseline",
                              "PSS-sysctls",
                              "PSS-windowsHostProcess",
                              "PSS-allowPrivilegeEscalation",
                              "PSS-capabilities_restricted",
                              "PSS-procMount_restricted",
                              "PSS-restrictedVolumes",
                              "PSS-runAsNonRoot",
                              "PSS-runAsUser",
                              "PSS-seccompProfile_restricted",
                              "PSS-namespace-enforce-label"}) {
    const RuleMeta* meta = find_rule(id);
    ASSERT_NE(meta, nullptr) << id;
    EXPECT_EQ(meta->family, Family::PodSecurity) << id;
    EXPECT_FALSE(meta->title.empty()) << id;
    EXPECT_GT(meta->why.size(), 80u) << id;
    EXPECT_FALSE(meta->fix.empty()) << id;
    ASSERT_FALSE(meta->references.empty()) << id;
    EXPECT_TRUE(meta->references[0].url.starts_with("https://kubernetes.io/")) << id;
  }
}

}  // namespace
}  // namespace bulwark::rules::pss::testing
