#include "k8s/pod_spec_view.h"

#include <array>

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

std::string_view ContainerView::name() const {
  const doc::Node* n = node_->get("name");
  return n ? n->as_string().value_or(std::string_view{}) : std::string_view{};
}

std::string ContainerView::field_path(std::string_view relative) const {
  if (relative.empty()) return path_;
  return path_ + "." + std::string(relative);
}

namespace {

// Workload kinds of the built-in API groups whose pod template sits at spec.template.
constexpr std::array<std::string_view, 6> kTemplateKinds{"Deployment", "ReplicaSet", "StatefulSet",
                                                         "DaemonSet",  "Job",        "ReplicationController"};

bool looks_like_pod_spec(const doc::Node* spec) {
  if (!spec || !spec->is_mapping()) return false;
  const doc::Node* containers = spec->get("containers");
  return containers && containers->is_sequence();
}

}  // namespace

std::optional<PodSpecView> PodSpecView::of(const Object& object) {
  const doc::Node& root = object.root();
  const std::string_view kind = object.kind();
  auto make = [&](const doc::Node* spec, const doc::Node* metadata, std::string_view spec_path,
                  std::string_view metadata_path) -> std::optional<PodSpecView> {
    if (!spec || !spec->is_mapping()) return std::nullopt;
    return PodSpecView(object, *spec, metadata && metadata->is_mapping() ? metadata : nullptr,
                       std::string(spec_path), std::string(metadata_path));
  };
  if (kind == "Pod") return make(root.get("spec"), root.get("metadata"), "spec", "metadata");
  if (kind == "CronJob")
    return make(root.find("spec.jobTemplate.spec.template.spec"),
                root.find("spec.jobTemplate.spec.template.metadata"), "spec.jobTemplate.spec.template.spec",
                "spec.jobTemplate.spec.template.metadata");
  if (kind == "PodTemplate")
    return make(root.find("template.spec"), root.find("template.metadata"), "template.spec",
                "template.metadata");
  const doc::Node* spec = root.find("spec.template.spec");
  bool builtin = false;
  for (std::string_view k : kTemplateKinds) builtin |= k == kind;
  if (builtin || looks_like_pod_spec(spec))
    return make(spec, root.find("spec.template.metadata"), "spec.template.spec", "spec.template.metadata");
  return std::nullopt;
}

std::optional<std::string_view> PodSpecView::pod_annotation(std::string_view key) const {
  if (!pod_metadata_) return std::nullopt;
  const doc::Node* annotations = pod_metadata_->get("annotations");
  const doc::Node* v = annotations ? annotations->get(key) : nullptr;
  return v ? v->as_string() : std::nullopt;
}

std::string PodSpecView::field_path(std::string_view relative) const {
  if (relative.empty()) return path_;
  return path_ + "." + std::string(relative);
}

std::vector<ContainerView> PodSpecView::list(ContainerKind kind) const {
  std::vector<ContainerView> out;
  const doc::Node* seq = spec_->get(to_string(kind));
  if (!seq || !seq->is_sequence()) return out;
  std::size_t index = 0;
  for (const doc::Node* c : seq->items()) {
    if (c->is_mapping())
      out.emplace_back(*c, kind, index,
                       path_ + "." + std::string(to_string(kind)) + "[" + std::to_string(index) + "]");
    ++index;
  }
  return out;
}

std::vector<ContainerView> PodSpecView::all_containers() const {
  std::vector<ContainerView> out = init_containers();
  for (auto& c : containers()) out.push_back(std::move(c));
  for (auto& c : ephemeral_containers()) out.push_back(std::move(c));
  return out;
}

}  // namespace bulwark::k8s
