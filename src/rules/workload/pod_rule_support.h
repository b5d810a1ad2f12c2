#pragma once

#include <string>
#include <string_view>

#include "doc/node.h"
#include "k8s/pod_spec_view.h"
#include "rules/check_context.h"

namespace bulwark::rules::workload {

/// A securityContext field as Kubernetes resolves it for a container: the container's own
/// setting, else the pod's (for the fields PodSecurityContext also has), else null.
const doc::Node* effective_security_field(const k8s::PodSpecView& pod, const k8s::ContainerView& container,
                                          k8s::SecurityField field);

/// True when the Pod Security Standards level in force already reports this practice (it is
/// covered from `covered_at` up). Rules that restate a PSS check stay silent then, so one
/// problem never yields two findings; below that level (a namespace labelled `privileged`,
/// `--pss-level baseline`) they are the only ones to speak.
inline bool pss_reports(const CheckContext& context, PssLevel covered_at) {
  return context.pss_level >= covered_at;
}

/// Workloads that run to completion (Jobs, CronJobs, Pods that do not restart) have no use for
/// liveness/readiness probes.
bool runs_to_completion(const k8s::PodSpecView& pod);

/// `container "app"` / `init container "setup"`, for messages.
std::string describe(const k8s::ContainerView& container);

}  // namespace bulwark::rules::workload
