#include <fmt/format.h>

#include <array>

#include "rules/pss/pod_fields.h"
#include "rules/pss/pss_check.h"
#include "rules/pss/references.h"

namespace bulwark::rules::pss {
namespace {

constexpr Reference kRefs[] = {kPssPage, kCisBenchmark, kNsaCisaGuide, kMitreEscapeToHost};

constexpr RuleMeta kMeta{
    .id = "PSS-seccompProfile_restricted",
    .severity = Severity::Medium,
    .family = Family::PodSecurity,
    .title = "Seccomp profile not set",
    .why =
        "Seccomp filters the system calls a container may make. Unless a profile is set, most runtimes run "
        "the container unconfined, with every system call of the kernel open to an attacker, including the "
        "rarely used ones behind many kernel exploits. RuntimeDefault blocks those at no cost to most "
        "applications.",
    .fix =
        "spec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault   # pod level covers "
        "every "
        "container",
    .references = kRefs,
};

constexpr std::string_view kReason = "seccompProfile";
constexpr std::array<std::string_view, 1> kSecurityContext{"securityContext"};

bool valid_type(std::string_view type) {
  return type == "RuntimeDefault" || type == "Localhost";
}

// 1.19+: the pod, or every container, must set seccompProfile.type to RuntimeDefault or Localhost,
// and no one may set another type. A container inherits the pod's profile unless it sets its own.
void seccomp_profile_restricted_1_19(const PodCheckRun& run) {
  const k8s::PodSpecView& pod = run.pod();
  const doc::Node* pod_profile = pod_security_field(pod, k8s::SecurityField::SeccompProfile);
  const doc::Node* pod_type = field(pod_profile, "type");
  bool pod_valid = pod_profile && valid_type(pod_type ? pod_type->text() : "");
  if (pod_profile && !pod_valid)
    run.report(
        pod_type ? pod_type : pod_profile,
        pod.field_path(pod_type ? "securityContext.seccompProfile.type" : "securityContext.seccompProfile"),
        kReason,
        "pod must not set securityContext.seccompProfile.type to " + quote(pod_type ? pod_type->text() : ""));
  visit_containers(pod, [&](const ContainerRef& c) {
    const doc::Node* profile = c.security_field(k8s::SecurityField::SeccompProfile);
    if (profile) {
      const doc::Node* type = field(profile, "type");
      std::string_view value = type ? type->text() : std::string_view{};
      if (valid_type(value)) return;
      run.report(type ? type : profile,
                 container_path(
                     pod, c, type ? "securityContext.seccompProfile.type" : "securityContext.seccompProfile"),
                 kReason,
                 fmt::format("{} must not set securityContext.seccompProfile.type to {}", container_label(c),
                             quote(value)));
      return;
    }
    // Not set on the container: a valid pod profile covers it; a bad one is reported above.
    if (pod_profile) return;
    // In one allocation: most pods in the wild set no profile, so this is the common finding.
    constexpr std::string_view kPodOr = "pod or ";
    constexpr std::string_view kMustSet =
        " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"";
    const std::string label = container_label(c);
    std::string detail;
    detail.reserve(kPodOr.size() + label.size() + kMustSet.size());
    detail += kPodOr;
    detail += label;
    detail += kMustSet;
    run.report(deepest(c.node, kSecurityContext), container_path(pod, c, "securityContext.seccompProfile"),
               kReason, detail);
  });
}

// 1.25+: Windows pods are exempt.
void seccomp_profile_restricted_1_25(const PodCheckRun& run) {
  if (is_windows_pod(run.pod())) return;
  seccomp_profile_restricted_1_19(run);
}

constexpr std::string_view kOverrides[] = {"seccompProfile_baseline"};
constexpr VersionedCheck kVersions[] = {{19, seccomp_profile_restricted_1_19, kOverrides},
                                        {25, seccomp_profile_restricted_1_25, kOverrides}};

}  // namespace

const PssCheck kSeccompProfileRestrictedCheck{&kMeta, "seccompProfile_restricted", PssLevel::Restricted,
                                              kVersions};

}  // namespace bulwark::rules::pss
