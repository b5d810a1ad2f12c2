#include "k8s/container_view.h"

namespace bulwark::k8s {

std::string_view to_string(ContainerKind kind) {
  switch (kind) {
    case ContainerKind::Container:
      return "containers";
    case ContainerKind::InitContainer:
      return "initContainers";
    case ContainerKind::EphemeralContainer:
      return "ephemeralContainers";
  }
  return "containers";
}

namespace {

constexpr std::array<std::string_view, kSecurityFieldCount> kSecurityFieldNames{"allowPrivilegeEscalation",
                                                                                "appArmorProfile",
                                                                                "capabilities",
                                                                                "fsGroup",
                                                                                "privileged",
                                                                                "procMount",
                                                                                "readOnlyRootFilesystem",
                                                                                "runAsGroup",
                                                                                "runAsNonRoot",
                                                                                "runAsUser",
                                                                                "seccompProfile",
                                                                                "seLinuxOptions",
                                                                                "supplementalGroups",
                                                                                "sysctls",
                                                                                "windowsOptions"};

}  // namespace

SecurityFields::SecurityFields(const doc::Node* security_context) {
  if (!security_context || !security_context->is_mapping()) return;
  for (const doc::MapEntry& e : security_context->entries())
    for (std::size_t i = 0; i < kSecurityFieldNames.size(); ++i)
      if (kSecurityFieldNames[i] == e.name) {
        // The first entry of a name, as Node::get finds it.
        if (!values_[i]) values_[i] = e.value;
        break;
      }
}

ContainerView::ContainerView(const doc::Node& node, ContainerKind kind, std::size_t index,
                             const std::string& spec_path)
    : node_(&node),
      security_context_(node.get("securityContext")),
      security_fields_(security_context_),
      spec_path_(&spec_path),
      index_(index),
      kind_(kind) {
  if (const doc::Node* n = node.get("name")) name_ = n->as_string().value_or(std::string_view{});
}

std::string ContainerView::field_path(std::string_view relative) const {
  const std::string_view list = to_string(kind_);
  std::string out;
  out.reserve(spec_path_->size() + list.size() + relative.size() + 8);
  out += *spec_path_;
  out += '.';
  out += list;
  out += '[';
  out += std::to_string(index_);
  out += ']';
  if (!relative.empty()) {
    out += '.';
    out += relative;
  }
  return out;
}

}  // namespace bulwark::k8s
