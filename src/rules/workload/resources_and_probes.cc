// Resource requests/limits and health probes: availability is part of security (a pod without a
// memory limit can take the node down with it; one without probes keeps serving when broken).
#include <fmt/format.h>

#include <vector>

#include "rules/citations/citations.h"
#include "rules/workload/pod_rule_support.h"
#include "rules/workload/workload_rules.h"

namespace bulwark::rules::workload {
namespace {
using namespace citations;

constexpr Reference kRefsResources[] = {kNsa, kResources, kMitreResourceHijacking};
constexpr Reference kRefsProbes[] = {kProbes};

void check_resource(const k8s::Object& object, FindingSink& sink, const RuleMeta& meta,
                    std::string_view section, std::string_view resource) {
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  for (const auto& c : pod->workload_container_views()) {
    const doc::Node* resources = c.field(k8s::ContainerField::Resources);
    const doc::Node* block = resources ? resources->get(section) : nullptr;
    const doc::Node* v = block ? block->get(resource) : nullptr;
    if (v && !v->is_null() && !v->text().empty()) continue;
    // Kubernetes defaults a missing request to the limit, so a limit also satisfies a request.
    if (section == "requests") {
      const doc::Node* limit = resources ? resources->find(fmt::format("limits.{}", resource)) : nullptr;
      if (limit && !limit->is_null()) continue;
    }
    const doc::Node* at = block ? block : resources ? resources : &c.node();
    sink.add(meta, object, at, c.field_path(fmt::format("resources.{}.{}", section, resource)),
             fmt::format("{} does not set resources.{}.{}", describe(c), section, resource));
  }
}

void check_probe(const k8s::Object& object, FindingSink& sink, const RuleMeta& meta, std::string_view field) {
  auto pod = k8s::PodSpecView::of(object);
  if (!pod || runs_to_completion(*pod)) return;
  for (const auto& c : pod->workload_container_views()) {
    if (c.kind() != k8s::ContainerKind::Container) continue;  // init containers run to completion
    const doc::Node* probe = c.get(field);
    if (probe && probe->is_mapping()) continue;
    sink.add(meta, object, &c.node(), c.field_path(field), fmt::format("{} has no {}", describe(c), field));
  }
}

}  // namespace

extern const RuleMeta kMemoryLimit{
    .id = "BW-workload-memory-limit",
    .severity = Severity::Medium,
    .family = Family::Workload,
    .title = "Container has no memory limit",
    .why =
        "Without a memory limit a container can use all of the node's memory. A leak, a crafted request that "
        "makes it allocate, or a cryptominer starts evicting and killing other pods on the node: one "
        "container becomes a denial of service for everything scheduled beside it.",
    .fix = "resources:\n  requests:\n    memory: 256Mi\n  limits:\n    memory: 256Mi",
    .references = kRefsResources,
};
void check_memory_limit(const k8s::Object& o, const CheckContext&, FindingSink& s) {
  check_resource(o, s, kMemoryLimit, "limits", "memory");
}

extern const RuleMeta kCpuLimit{
    .id = "BW-workload-cpu-limit",
    .severity = Severity::Low,
    .family = Family::Workload,
    .title = "Container has no CPU limit",
    .why =
        "Without a CPU limit a busy or hijacked container (a cryptominer is the usual payload of a "
        "compromised pod) can take every idle CPU cycle of the node. Every other pod there slows down.",
    .fix = "resources:\n  limits:\n    cpu: \"1\"",
    .references = kRefsResources,
};
void check_cpu_limit(const k8s::Object& o, const CheckContext&, FindingSink& s) {
  check_resource(o, s, kCpuLimit, "limits", "cpu");
}

extern const RuleMeta kMemoryRequest{
    .id = "BW-workload-memory-request",
    .severity = Severity::Low,
    .family = Family::Workload,
    .title = "Container has no memory request",
    .why =
        "Without a memory request the scheduler places the pod as if it needed no memory, so nodes get "
        "overcommitted and pods are the first to be evicted under pressure. Requests keep capacity planning "
        "honest and make resource-exhaustion attacks harder.",
    .fix = "resources:\n  requests:\n    memory: 256Mi",
    .references = kRefsResources,
};
void check_memory_request(const k8s::Object& o, const CheckContext&, FindingSink& s) {
  check_resource(o, s, kMemoryRequest, "requests", "memory");
}

extern const RuleMeta kCpuRequest{
    .id = "BW-workload-cpu-request",
    .severity = Severity::Low,
    .family = Family::Workload,
    .title = "Container has no CPU request",
    .why =
        "Without a CPU request the container gets only leftover CPU when the node is busy, and the scheduler "
        "cannot keep noisy neighbours apart. A request guarantees the share the service needs to stay up.",
    .fix = "resources:\n  requests:\n    cpu: 100m",
    .references = kRefsResources,
};
void check_cpu_request(const k8s::Object& o, const CheckContext&, FindingSink& s) {
  check_resource(o, s, kCpuRequest, "requests", "cpu");
}

extern const RuleMeta kEphemeralStorageLimit{
    .id = "BW-workload-ephemeral-storage-limit",
    .severity = Severity::Low,
    .family = Family::Workload,
    .title = "Container has no ephemeral-storage limit",
    .why =
        "A container that writes logs or temporary files without a limit can fill the node's disk. The "
        "kubelet then evicts pods and the node stops accepting work.",
    .fix = "resources:\n  limits:\n    ephemeral-storage: 1Gi",
    .references = kRefsResources,
    .enabled_by_default = false,
};
void check_ephemeral_storage_limit(const k8s::Object& o, const CheckContext&, FindingSink& s) {
  check_resource(o, s, kEphemeralStorageLimit, "limits", "ephemeral-storage");
}

extern const RuleMeta kLivenessProbe{
    .id = "BW-workload-liveness-probe",
    .severity = Severity::Low,
    .family = Family::Workload,
    .title = "Container has no liveness probe",
    .why =
        "Without a liveness probe Kubernetes cannot tell a hung process from a working one. A deadlocked "
        "or exhausted service (the end state of many denial-of-service attacks) stays in place instead of "
        "being restarted.",
    .fix = "livenessProbe:\n  httpGet:\n    path: /healthz\n    port: 8080\n  periodSeconds: 10",
    .references = kRefsProbes,
};
void check_liveness_probe(const k8s::Object& o, const CheckContext&, FindingSink& s) {
  check_probe(o, s, kLivenessProbe, "livenessProbe");
}

extern const RuleMeta kReadinessProbe{
    .id = "BW-workload-readiness-probe",
    .severity = Severity::Low,
    .family = Family::Workload,
    .title = "Container has no readiness probe",
    .why =
        "Without a readiness probe a pod receives traffic as soon as it starts, before it has loaded its "
        "configuration or certificates, and keeps receiving it when it can no longer serve. Requests then "
        "fail or reach a half-initialised service.",
    .fix = "readinessProbe:\n  httpGet:\n    path: /ready\n    port: 8080\n  periodSeconds: 5",
    .references = kRefsProbes,
};
void check_readiness_probe(const k8s::Object& o, const CheckContext&, FindingSink& s) {
  check_probe(o, s, kReadinessProbe, "readinessProbe");
}

}  // namespace bulwark::rules::workload
