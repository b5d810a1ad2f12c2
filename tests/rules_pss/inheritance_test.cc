// Pod-level and container-level securityContext combined as Pod Security Admission combines them:
// a container inherits runAsNonRoot and seccompProfile from the pod unless it sets its own; a
// pod-level value PSA forbids is reported on the pod even where every container overrides it;
// seLinuxOptions, appArmorProfile and runAsUser are judged where they are set.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pss_test_support.h"

namespace bulwark::rules::pss::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// A pod with an init container and two containers, each securityContext a one-line flow mapping:
//   line 6   `  securityContext: {<pod>}`                       (pod fields start at column 21)
//   line 9   `    securityContext: {<init>, ...}` of "init"     (container fields start at column 23)
//   line 12  the same for "app", line 14 for "side"
// Containers always carry allowPrivilegeEscalation: false and drop ALL, so only the fields under
// test decide the restricted outcome.
std::string pod(std::string_view pod_fields, std::string_view init, std::string_view app,
                std::string_view side) {
  auto sc = [](std::string_view fields) {
    return "    securityContext: {" + std::string(fields.empty() ? "readOnlyRootFilesystem: true" : fields) +
           ", allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}\n";
  };
  return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext: {" +
         std::string(pod_fields.empty() ? "fsGroup: 2000" : pod_fields) +
         "}\n  initContainers:\n  - name: init\n" + sc(init) + "  containers:\n  - name: app\n" + sc(app) +
         "  - name: side\n" + sc(side);
}

constexpr std::string_view kBoth = "runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}";

std::vector<std::string> restricted(const std::string& yaml) {
  return describe(pss_findings(yaml, PssLevel::Restricted, "latest"));
}

// The layout the expectations rely on, so that a mistake in it cannot pass silently.
TEST(PssInheritance, FixtureLayout) {
  LoadedManifest m = load(pod("x: 1", "a: 1", "b: 1", "c: 1"));
  ASSERT_EQ(m.objects.size(), 1u);
  const doc::Node& spec = *m.objects[0].root().get("spec");
  auto at = [](const doc::Node* n) { return std::pair(n->range().begin.line, n->range().begin.column); };
  EXPECT_EQ(at(spec.find("securityContext.x")), std::pair(6u, 24u));
  EXPECT_EQ(at(spec.get("initContainers")->at(0)->find("securityContext.a")), std::pair(9u, 26u));
  EXPECT_EQ(at(spec.get("containers")->at(0)->find("securityContext.b")), std::pair(12u, 26u));
  EXPECT_EQ(at(spec.get("containers")->at(1)->find("securityContext.c")), std::pair(14u, 26u));
}

TEST(PssInheritance, PodLevelRunAsNonRootAndSeccompCoverEveryContainer) {
  EXPECT_THAT(restricted(pod(kBoth, "", "", "")), IsEmpty());
}

TEST(PssInheritance, EveryContainerSettingItsOwnIsEnough) {
  EXPECT_THAT(restricted(pod("", kBoth, kBoth, kBoth)), IsEmpty());
}

TEST(PssInheritance, AContainerThatSetsNeitherIsReportedAlone) {
  EXPECT_THAT(
      restricted(pod("", kBoth, "", kBoth)),
      ElementsAre(
          "PSS-runAsNonRoot 12:22 spec.containers[0].securityContext.runAsNonRoot | runAsNonRoot != true "
          "(pod or container \"app\" must set securityContext.runAsNonRoot=true)",
          "PSS-seccompProfile_restricted 12:22 spec.containers[0].securityContext.seccompProfile | "
          "seccompProfile (pod or container \"app\" must set securityContext.seccompProfile.type to "
          "\"RuntimeDefault\" or \"Localhost\")"));
}

TEST(PssInheritance, ContainerFalseOverridesPodTrueAndIsReported) {
  EXPECT_THAT(
      restricted(pod(kBoth, "", "runAsNonRoot: false", "")),
      ElementsAre("PSS-runAsNonRoot 12:37 spec.containers[0].securityContext.runAsNonRoot | runAsNonRoot != "
                  "true (container \"app\" must not set securityContext.runAsNonRoot=false)"));
}

TEST(PssInheritance, PodFalseIsReportedOnceOnThePodEvenWhereContainersSayTrue) {
  // "side" inherits the pod's false; the pod's finding covers it.
  EXPECT_THAT(
      restricted(pod("runAsNonRoot: false, seccompProfile: {type: RuntimeDefault}", "runAsNonRoot: true",
                     "runAsNonRoot: true", "")),
      ElementsAre("PSS-runAsNonRoot 6:35 spec.securityContext.runAsNonRoot | runAsNonRoot != true (pod must "
                  "not set securityContext.runAsNonRoot=false)"));
}

TEST(PssInheritance, ContainerSeccompOverridesPodProfile) {
  EXPECT_THAT(
      restricted(pod(kBoth, "", "seccompProfile: {type: Unconfined}",
                     "seccompProfile: {type: Localhost, localhostProfile: p.json}")),
      ElementsAre(
          "PSS-seccompProfile_restricted 12:46 spec.containers[0].securityContext.seccompProfile.type "
          "| seccompProfile (container \"app\" must not set securityContext.seccompProfile.type to "
          "\"Unconfined\")"));
}

TEST(PssInheritance, PodUnconfinedSeccompIsReportedEvenWhenEveryContainerOverridesIt) {
  constexpr std::string_view kProfile = "seccompProfile: {type: RuntimeDefault}";
  EXPECT_THAT(
      restricted(pod("runAsNonRoot: true, seccompProfile: {type: Unconfined}", kProfile, kProfile, kProfile)),
      ElementsAre("PSS-seccompProfile_restricted 6:64 spec.securityContext.seccompProfile.type | "
                  "seccompProfile (pod must not set securityContext.seccompProfile.type to \"Unconfined\")"));
}

TEST(PssInheritance, BaselineSeccompOnlyJudgesWhatIsSet) {
  // Baseline does not require a profile; it forbids Unconfined wherever it is set.
  EXPECT_THAT(describe(pss_findings(pod("", "", "", ""), PssLevel::Baseline, "latest")), IsEmpty());
  EXPECT_THAT(
      describe(
          pss_findings(pod("seccompProfile: {type: Unconfined}", "", "", ""), PssLevel::Baseline, "latest")),
      ElementsAre(
          "PSS-seccompProfile_baseline 6:44 spec.securityContext.seccompProfile.type | seccompProfile (pod "
          "must not set securityContext.seccompProfile.type to \"Unconfined\")"));
}

TEST(PssInheritance, RunAsUserZeroIsJudgedWhereItIsSet) {
  EXPECT_THAT(restricted(pod(kBoth, "runAsUser: 0", "runAsUser: 1000", "")),
              ElementsAre("PSS-runAsUser 9:34 spec.initContainers[0].securityContext.runAsUser | runAsUser=0 "
                          "(container \"init\" must not set runAsUser=0)"));
  // PSA reports the pod's 0 although every container overrides it.
  EXPECT_THAT(restricted(pod("runAsUser: 0, runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}",
                             "runAsUser: 1000", "runAsUser: 1000", "runAsUser: 1000")),
              ElementsAre("PSS-runAsUser 6:32 spec.securityContext.runAsUser | runAsUser=0 (pod must not set "
                          "runAsUser=0)"));
}

TEST(PssInheritance, SeLinuxAndAppArmorAreJudgedAtEachLevel) {
  EXPECT_THAT(
      describe(pss_findings(pod("seLinuxOptions: {type: spc_t}", "seLinuxOptions: {type: container_t}",
                                "appArmorProfile: {type: Unconfined}", ""),
                            PssLevel::Baseline, "latest")),
      ElementsAre("PSS-appArmorProfile 12:47 spec.containers[0].securityContext.appArmorProfile.type | "
                  "forbidden AppArmor profile (container \"app\" must not set AppArmor profile type to "
                  "\"Unconfined\")",
                  "PSS-seLinuxOptions 6:44 spec.securityContext.seLinuxOptions.type | seLinuxOptions (pod "
                  "set forbidden securityContext.seLinuxOptions: type \"spc_t\")"));
}

TEST(PssInheritance, EphemeralContainersAreCheckedLikeOthers) {
  std::string y = pod(kBoth, "", "", "") +
                  "  ephemeralContainers:\n  - name: debug\n    securityContext: {privileged: true}\n";
  EXPECT_THAT(
      restricted(y),
      ElementsAre("PSS-privileged 17:35 spec.ephemeralContainers[0].securityContext.privileged | privileged "
                  "(container \"debug\" must not set securityContext.privileged=true)",
                  "PSS-allowPrivilegeEscalation 17:22 "
                  "spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation | "
                  "allowPrivilegeEscalation != false (container \"debug\" must set "
                  "securityContext.allowPrivilegeEscalation=false)",
                  "PSS-capabilities_restricted 17:22 "
                  "spec.ephemeralContainers[0].securityContext.capabilities.drop | unrestricted capabilities "
                  "(container \"debug\" must set securityContext.capabilities.drop=[\"ALL\"])"));
}

TEST(PssInheritance, DeploymentTemplatesInheritTheSameWay) {
  std::string y = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
      - name: app
        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, runAsNonRoot: false}
)";
  EXPECT_THAT(
      restricted(y),
      ElementsAre(
          "PSS-runAsNonRoot 11:103 spec.template.spec.containers[0].securityContext.runAsNonRoot | "
          "runAsNonRoot != true (container \"app\" must not set securityContext.runAsNonRoot=false)"));
}

}  // namespace
}  // namespace bulwark::rules::pss::testing
