#include <array>

#include "rules/pss/pod_fields.h"
#include "rules/pss/pss_check.h"
#include "rules/pss/references.h"

namespace bulwark::rules::pss {
namespace {

constexpr Reference kRefs[] = {kPssPage, kCisBenchmark, kNsaCisaGuide, kMitreEscapeToHost,
                               kMitreNetworkSniffing};

constexpr RuleMeta kMeta{
    .id = "PSS-hostNamespaces",
    .severity = Severity::High,
    .family = Family::PodSecurity,
    .title = "Host namespaces (hostNetwork, hostPID, hostIPC)",
    .why =
        "Sharing the node's namespaces removes the walls between the pod and the machine: with hostNetwork "
        "it can sniff and spoof the node's traffic and reach services bound to localhost (the kubelet, "
        "cloud metadata); with hostPID it can see, signal and read the memory of every process on the node; "
        "with hostIPC it can read other processes' shared memory.",
    .fix = "spec:\n  hostNetwork: false   # or leave these out\n  hostPID: false\n  hostIPC: false",
    .references = kRefs,
};

// 1.0+: spec.hostNetwork, spec.hostPID and spec.hostIPC must be unset or false.
void host_namespaces_1_0(const PodCheckRun& run) {
  for (std::string_view key : std::array<std::string_view, 3>{"hostNetwork", "hostPID", "hostIPC"}) {
    const doc::Node* v = field(&run.pod().spec(), key);
    if (v && v->as_bool() == true)
      run.report(v, run.pod().field_path(key), "host namespaces", std::string(key) + "=true");
  }
}

constexpr VersionedCheck kVersions[] = {{0, host_namespaces_1_0}};

}  // namespace

const PssCheck kHostNamespacesCheck{&kMeta, "hostNamespaces", PssLevel::Baseline, kVersions};

}  // namespace bulwark::rules::pss
