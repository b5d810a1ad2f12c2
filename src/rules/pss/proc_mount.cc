#include "rules/pss/pod_fields.h"
#include "rules/pss/pss_check.h"
#include "rules/pss/references.h"

namespace bulwark::rules::pss {
namespace {

constexpr Reference kRefs[] = {kPssPage, kNsaCisaGuide, kUserNamespaces, kMitreEscapeToHost};

constexpr RuleMeta kMeta{
    .id = "PSS-procMount",
    .severity = Severity::High,
    .family = Family::PodSecurity,
    .title = "Unmasked /proc",
    .why =
        "The runtime hides sensitive parts of /proc (kernel memory, sysrq, interrupt settings) from "
        "containers. procMount: Unmasked exposes them, which gives a process in the container ways to read "
        "kernel data or disturb the node. Only pods in their own user namespace (hostUsers: false) may relax "
        "this at the baseline level.",
    .fix = "securityContext:\n  procMount: Default   # or leave it out",
    .references = kRefs,
};

// 1.35+: pods in a user namespace may set any procMount (API validation still applies).
void proc_mount_1_35(const PodCheckRun& run) {
  if (in_user_namespace(run.pod())) return;
  proc_mount_unconditional(run);
}

constexpr VersionedCheck kVersions[] = {{0, proc_mount_unconditional}, {35, proc_mount_1_35}};

}  // namespace

// 1.0+: containers must leave securityContext.procMount unset or "Default".
void proc_mount_unconditional(const PodCheckRun& run) {
  visit_containers(run.pod(), [&](const ContainerRef& c) {
    const doc::Node* v = c.security_field(k8s::SecurityField::ProcMount);
    if (!v || v->text() == "Default") return;
    run.report(v, container_path(run.pod(), c, "securityContext.procMount"), "procMount",
               container_label(c) + " must not set securityContext.procMount to " + quote(v->text()));
  });
}

const PssCheck kProcMountCheck{&kMeta, "procMount", PssLevel::Baseline, kVersions};

}  // namespace bulwark::rules::pss
