#include "rules/workload/pod_rule_support.h"

namespace bulwark::rules::workload {

const doc::Node* effective_security_field(const k8s::PodSpecView& pod, const k8s::ContainerView& container,
                                          std::string_view field) {
  if (const doc::Node* sc = container.security_context(); sc && sc->is_mapping())
    if (const doc::Node* v = sc->get(field); v && !v->is_null()) return v;
  if (const doc::Node* sc = pod.security_context(); sc && sc->is_mapping())
    if (const doc::Node* v = sc->get(field); v && !v->is_null()) return v;
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
