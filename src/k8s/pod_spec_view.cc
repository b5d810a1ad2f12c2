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
  // Where each kind keeps its pod: constants that views point to.
  static const std::string kPodSpec = "spec", kPodMetadata = "metadata";
  static const std::string kCronJobSpec = "spec.jobTemplate.spec.template.spec",
                           kCronJobMetadata = "spec.jobTemplate.spec.template.metadata";
  static const std::string kPodTemplateSpec = "template.spec", kPodTemplateMetadata = "template.metadata";
  static const std::string kTemplateSpec = "spec.template.spec", kTemplateMetadata = "spec.template.metadata";
  const doc::Node& root = object.root();
  const std::string_view kind = object.kind();
  auto make = [&](const doc::Node* spec, const doc::Node* metadata, const std::string& spec_path,
                  const std::string& metadata_path) -> std::optional<PodSpecView> {
    if (!spec || !spec->is_mapping()) return std::nullopt;
    return PodSpecView(object, *spec, metadata && metadata->is_mapping() ? metadata : nullptr, spec_path,
                       metadata_path);
  };
  if (kind == "Pod") return make(root.get("spec"), root.get("metadata"), kPodSpec, kPodMetadata);
  if (kind == "CronJob")
    return make(root.find(kCronJobSpec), root.find(kCronJobMetadata), kCronJobSpec, kCronJobMetadata);
  if (kind == "PodTemplate")
    return make(root.find(kPodTemplateSpec), root.find(kPodTemplateMetadata), kPodTemplateSpec,
                kPodTemplateMetadata);
  // spec.template, once: its spec and metadata are both under it.
  const doc::Node* pod_template = root.find("spec.template");
  const doc::Node* spec = pod_template ? pod_template->get("spec") : nullptr;
  bool builtin = false;
  for (std::string_view k : kTemplateKinds) builtin |= k == kind;
  if (builtin || looks_like_pod_spec(spec))
    return make(spec, pod_template ? pod_template->get("metadata") : nullptr, kTemplateSpec,
                kTemplateMetadata);
  return std::nullopt;
}

std::optional<std::string_view> PodSpecView::pod_annotation(std::string_view key) const {
  if (!pod_metadata_) return std::nullopt;
  const doc::Node* annotations = pod_metadata_->get("annotations");
  const doc::Node* v = annotations ? annotations->get(key) : nullptr;
  return v ? v->as_string() : std::nullopt;
}

std::string PodSpecView::field_path(std::string_view relative) const {
  if (relative.empty()) return *path_;
  std::string out;
  out.reserve(path_->size() + 1 + relative.size());
  out += *path_;
  out += '.';
  out += relative;
  return out;
}

namespace {

// The spec's list of `kind` containers, or null: looked up once per listing.
const doc::Node* container_list(const doc::Node& spec, ContainerKind kind) {
  const doc::Node* seq = spec.get(to_string(kind));
  return seq && seq->is_sequence() ? seq : nullptr;
}

void append_containers(const doc::Node* seq, const std::string& spec_path, ContainerKind kind,
                       std::vector<ContainerView>& out) {
  if (!seq) return;
  std::size_t index = 0;
  for (const doc::Node* c : seq->items()) {
    if (c->is_mapping()) out.emplace_back(*c, kind, index, spec_path);
    ++index;
  }
}

}  // namespace

std::vector<ContainerView> PodSpecView::list(ContainerKind kind) const {
  std::vector<ContainerView> out;
  const doc::Node* seq = container_list(*spec_, kind);
  if (seq) out.reserve(seq->items().size());
  append_containers(seq, *path_, kind, out);
  return out;
}

std::vector<ContainerView> PodSpecView::lists(std::span<const ContainerKind> kinds) const {
  std::array<const doc::Node*, 3> found{};
  std::size_t size = 0;
  for (std::size_t i = 0; i < kinds.size() && i < found.size(); ++i) {
    found[i] = container_list(*spec_, kinds[i]);
    size += found[i] ? found[i]->items().size() : 0;
  }
  std::vector<ContainerView> out;
  out.reserve(size);
  for (std::size_t i = 0; i < kinds.size() && i < found.size(); ++i)
    append_containers(found[i], *path_, kinds[i], out);
  return out;
}

std::vector<ContainerView> PodSpecView::all_containers() const {
  static constexpr ContainerKind kOrder[] = {ContainerKind::InitContainer, ContainerKind::Container,
                                             ContainerKind::EphemeralContainer};
  return lists(kOrder);
}

std::vector<ContainerView> PodSpecView::workload_containers() const {
  static constexpr ContainerKind kOrder[] = {ContainerKind::InitContainer, ContainerKind::Container};
  return lists(kOrder);
}

}  // namespace bulwark::k8s
