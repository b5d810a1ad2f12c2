#include "rules/pss/pod_fields.h"
#include "rules/pss/pss_check.h"
#include "rules/pss/references.h"

namespace bulwark::rules::pss {
namespace {

constexpr Reference kRefs[] = {kPssPage, kCisBenchmark, kNsaCisaGuide, kUserNamespaces};

constexpr RuleMeta kMeta{
    .id = "PSS-runAsUser",
    .severity = Severity::High,
    .family = Family::PodSecurity,
    .title = "Explicitly running as root (runAsUser: 0)",
    .why =
        "runAsUser: 0 runs the process as root whatever the image says, and defeats runAsNonRoot. Root in "
        "a container is uid 0 on the node too: a single escape bug or writable host mount gives the "
        "attacker the node.",
    .fix = "securityContext:\n  runAsUser: 10001   # any non-zero uid\n  runAsNonRoot: true",
    .references = kRefs,
};

void check_setter(const PodCheckRun& run, const Setter& setter) {
  const doc::Node* v = setter.field(k8s::SecurityField::RunAsUser);
  if (v && v->as_int() == 0)
    run.report(v, setter.path("securityContext.runAsUser"), "runAsUser=0",
               setter.label() + " must not set runAsUser=0");
}

// 1.23+: neither the pod nor a container may set runAsUser=0 (a pod-level 0 is reported even
// where containers override it, as PSA does).
void run_as_user_1_23(const PodCheckRun& run) {
  const k8s::PodSpecView& pod = run.pod();
  check_setter(run, pod_setter(pod));
  visit_containers(pod, [&](const ContainerRef& c) { check_setter(run, container_setter(pod, c)); });
}

// 1.35+: pods in a user namespace (hostUsers: false) are exempt.
void run_as_user_1_35(const PodCheckRun& run) {
  if (in_user_namespace(run.pod())) return;
  run_as_user_1_23(run);
}

constexpr VersionedCheck kVersions[] = {{23, run_as_user_1_23}, {35, run_as_user_1_35}};

}  // namespace

const PssCheck kRunAsUserCheck{&kMeta, "runAsUser", PssLevel::Restricted, kVersions};

}  // namespace bulwark::rules::pss
