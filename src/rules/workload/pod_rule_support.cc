#include "rules/workload/pod_rule_support.h"

namespace bulwark::rules::workload {

const doc::Node* effective_security_field(const k8s::PodSpecView& pod, const k8s::ContainerView& container,
                                          k8s::SecurityField field) {
  if (const doc::Node* v = container.security_field(field); v && !v->is_null()) return v;
  if (const doc::Node* v = pod.security_field(field); v && !v->is_null()) return v;
  return nullptr;
}

bool runs_to_completion(const k8s::PodSpecView& pod) {
  const std::string_view kind = pod.object().kind();
  if (kind == "Job" || kind == "CronJob") return true;
  const doc::Node* restart = pod.get("restartPolicy");
  const std::string_view policy = restart ? restart->as_string().value_or("") : "";
  return kind == "Pod" && (policy == "Never" || policy == "OnFailure");
}

std::string describe(const k8s::ContainerView& container) {
  std::string out;
  switch (container.kind()) {
    case k8s::ContainerKind::Container:
      out = "container";
      break;
    case k8s::ContainerKind::InitContainer:
      out = "init container";
      break;
    case k8s::ContainerKind::EphemeralContainer:
      out = "ephemeral container";
      break;
  }
  out += " \"";
  out += container.name();
  out += "\"";
  return out;
}

}  // namespace bulwark::rules::workload
