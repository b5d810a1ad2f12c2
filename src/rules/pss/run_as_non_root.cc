#include <array>

#include "rules/pss/pod_fields.h"
#include "rules/pss/pss_check.h"
#include "rules/pss/references.h"

namespace bulwark::rules::pss {
namespace {

constexpr Reference kRefs[] = {kPssPage, kCisBenchmark, kNsaCisaGuide, kUserNamespaces};

constexpr RuleMeta kMeta{
    .id = "PSS-runAsNonRoot",
    .severity = Severity::Medium,
    .family = Family::PodSecurity,
    .title = "Containers may run as root",
    .why =
        "Without runAsNonRoot: true, a container runs as whatever user its image says, very often root. Root "
        "in a container is the same uid 0 as on the node: one kernel or runtime bug, or one writable host "
        "mount, and the attacker is root on the node. With runAsNonRoot the kubelet refuses to start a "
        "container whose user is root.",
    .fix =
        "spec:\n  securityContext:\n    runAsNonRoot: true   # pod level covers every container\n"
        "    runAsUser: 10001",
    .references = kRefs,
};

constexpr std::string_view kReason = "runAsNonRoot != true";
constexpr std::array<std::string_view, 1> kSecurityContext{"securityContext"};

// 1.0+: runAsNonRoot must be true at the pod level or on every container, and set false nowhere.
// A container inherits the pod's value unless it sets its own.
void run_as_non_root_1_0(const PodCheckRun& run) {
  const k8s::PodSpecView& pod = run.pod();
  const doc::Node* pod_value = pod_security_field(pod, k8s::SecurityField::RunAsNonRoot);
  std::optional<bool> pod_setting = pod_value ? pod_value->as_bool() : std::nullopt;
  if (pod_setting == false)
    run.report(pod_value, pod.field_path("securityContext.runAsNonRoot"), kReason,
               "pod must not set securityContext.runAsNonRoot=false");
  visit_containers(pod, [&](const ContainerRef& c) {
    const doc::Node* v = c.security_field(k8s::SecurityField::RunAsNonRoot);
    if (v && v->as_bool()) {
      if (*v->as_bool() == false)
        run.report(v, container_path(pod, c, "securityContext.runAsNonRoot"), kReason,
                   container_label(c) + " must not set securityContext.runAsNonRoot=false");
      return;
    }
    // Not set on the container: the pod's true covers it; the pod's explicit false is reported above.
    if (pod_setting.has_value()) return;
    run.report(v ? v : deepest(c.node, kSecurityContext),
               container_path(pod, c, "securityContext.runAsNonRoot"), kReason,
               "pod or " + container_label(c) + " must set securityContext.runAsNonRoot=true");
  });
}

// 1.35+: pods in a user namespace (hostUsers: false) are exempt, since uid 0 inside maps to an
// unprivileged uid on the node.
void run_as_non_root_1_35(const PodCheckRun& run) {
  if (in_user_namespace(run.pod())) return;
  run_as_non_root_1_0(run);
}

constexpr VersionedCheck kVersions[] = {{0, run_as_non_root_1_0}, {35, run_as_non_root_1_35}};

}  // namespace

const PssCheck kRunAsNonRootCheck{&kMeta, "runAsNonRoot", PssLevel::Restricted, kVersions};

}  // namespace bulwark::rules::pss
