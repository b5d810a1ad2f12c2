#include <array>

#include "rules/pss/pod_fields.h"
#include "rules/pss/pss_check.h"
#include "rules/pss/references.h"

namespace bulwark::rules::pss {
namespace {

constexpr Reference kRefs[] = {kPssPage, kCisBenchmark, kNsaCisaGuide, kMitreElevationControl};

constexpr RuleMeta kMeta{
    .id = "PSS-allowPrivilegeEscalation",
    .severity = Severity::High,
    .family = Family::PodSecurity,
    .title = "Privilege escalation allowed",
    .why =
        "Unless allowPrivilegeEscalation is false, a process in the container can gain more privileges than "
        "it started with, through setuid binaries such as sudo or su, or file capabilities. An attacker who "
        "lands as an unprivileged user can then become root inside the container, one step from the node.",
    .fix = "securityContext:\n  allowPrivilegeEscalation: false",
    .references = kRefs,
};

constexpr std::array<std::string_view, 1> kSecurityContext{"securityContext"};

// 1.8+: every container must set securityContext.allowPrivilegeEscalation=false.
void allow_privilege_escalation_1_8(const PodCheckRun& run) {
  visit_containers(run.pod(), [&](const ContainerRef& c) {
    const doc::Node* v = c.security_field(k8s::SecurityField::AllowPrivilegeEscalation);
    if (v && v->as_bool() == false) return;
    run.report(v ? v : deepest(c.node, kSecurityContext),
               container_path(run.pod(), c, "securityContext.allowPrivilegeEscalation"),
               "allowPrivilegeEscalation != false",
               container_label(c) + " must set securityContext.allowPrivilegeEscalation=false");
  });
}

// 1.25+: Windows pods are exempt (the field has no meaning there).
void allow_privilege_escalation_1_25(const PodCheckRun& run) {
  if (is_windows_pod(run.pod())) return;
  allow_privilege_escalation_1_8(run);
}

constexpr VersionedCheck kVersions[] = {{8, allow_privilege_escalation_1_8},
                                        {25, allow_privilege_escalation_1_25}};

}  // namespace

const PssCheck kAllowPrivilegeEscalationCheck{&kMeta, "allowPrivilegeEscalation", PssLevel::Restricted,
                                              kVersions};

}  // namespace bulwark::rules::pss
