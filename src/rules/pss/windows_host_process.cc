#include "rules/pss/pod_fields.h"
#include "rules/pss/pss_check.h"
#include "rules/pss/references.h"

namespace bulwark::rules::pss {
namespace {

constexpr Reference kRefs[] = {
    kPssPage,
    kCisBenchmark,
    kMitreEscapeToHost,
    {"Kubernetes: Windows HostProcess pods",
     "https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/"}};

constexpr RuleMeta kMeta{
    .id = "PSS-windowsHostProcess",
    .severity = Severity::Critical,
    .family = Family::PodSecurity,
    .title = "Windows HostProcess containers",
    .why =
        "A Windows HostProcess container is not isolated at all: it runs directly on the node as a host "
        "process, with the node's network and file system. Anyone who controls it controls the node.",
    .fix = "securityContext:\n  windowsOptions:\n    hostProcess: false   # or leave it out",
    .references = kRefs,
};

void check_setter(const PodCheckRun& run, const Setter& setter) {
  const doc::Node* v = field(setter.field(k8s::SecurityField::WindowsOptions), "hostProcess");
  if (v && v->as_bool() == true)
    run.report(v, setter.path("securityContext.windowsOptions.hostProcess"), "hostProcess",
               setter.label() + " must not set securityContext.windowsOptions.hostProcess=true");
}

// 1.0+: neither the pod nor a container may set windowsOptions.hostProcess=true.
void windows_host_process_1_0(const PodCheckRun& run) {
  const k8s::PodSpecView& pod = run.pod();
  check_setter(run, pod_setter(pod));
  visit_containers(pod, [&](const ContainerRef& c) { check_setter(run, container_setter(pod, c)); });
}

constexpr VersionedCheck kVersions[] = {{0, windows_host_process_1_0}};

}  // namespace

const PssCheck kWindowsHostProcessCheck{&kMeta, "windowsHostProcess", PssLevel::Baseline, kVersions};

}  // namespace bulwark::rules::pss
