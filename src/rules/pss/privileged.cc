#include "rules/pss/pod_fields.h"
#include "rules/pss/pss_check.h"
#include "rules/pss/references.h"

namespace bulwark::rules::pss {
namespace {

constexpr Reference kRefs[] = {kPssPage, kCisBenchmark, kNsaCisaGuide, kMitreEscapeToHost};

constexpr RuleMeta kMeta{
    .id = "PSS-privileged",
    .severity = Severity::Critical,
    .family = Family::PodSecurity,
    .title = "Privileged containers",
    .why =
        "A privileged container sees every device of the node and can load kernel modules or mount the "
        "node's disks. One compromised process in it becomes root on the machine, and from there on every "
        "pod scheduled on that node.",
    .fix = "securityContext:\n  privileged: false   # or leave it out",
    .references = kRefs,
};

// 1.0+: no container may set securityContext.privileged=true.
void privileged_1_0(const PodCheckRun& run) {
  visit_containers(run.pod(), [&](const ContainerRef& c) {
    const doc::Node* v = c.security_field(k8s::SecurityField::Privileged);
    if (v && v->as_bool() == true)
      run.report(v, container_path(run.pod(), c, "securityContext.privileged"), "privileged",
                 container_label(c) + " must not set securityContext.privileged=true");
  });
}

constexpr VersionedCheck kVersions[] = {{0, privileged_1_0}};

}  // namespace

const PssCheck kPrivilegedCheck{&kMeta, "privileged", PssLevel::Baseline, kVersions};

}  // namespace bulwark::rules::pss
