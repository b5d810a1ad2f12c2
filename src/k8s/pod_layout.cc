#include "k8s/pod_layout.h"

#include <array>

namespace bulwark::k8s {
namespace {

// Workload kinds of the built-in API groups whose pod template sits at spec.template.
constexpr std::array<std::string_view, 6> kTemplateKinds{"Deployment", "ReplicaSet", "StatefulSet",
                                                         "DaemonSet",  "Job",        "ReplicationController"};

bool looks_like_pod_spec(const doc::Node* spec) {
  if (!spec || !spec->is_mapping()) return false;
  const doc::Node* containers = spec->get("containers");
  return containers && containers->is_sequence();
}

// Appends the mapping items of one of the spec's container lists (null, or not a sequence: none);
// returns how many.
std::size_t append_containers(const doc::Node* list, ContainerKind kind, const std::string& spec_path,
                              std::vector<ContainerView>& out) {
  if (!list || !list->is_sequence()) return 0;
  const std::size_t before = out.size();
  std::size_t index = 0;
  for (const doc::Node* c : list->items()) {
    if (c->is_mapping()) out.emplace_back(*c, kind, index, spec_path);
    ++index;
  }
  return out.size() - before;
}

std::size_t items_in(const doc::Node* list) {
  return list && list->is_sequence() ? list->size() : 0;
}

PodLayout make(const doc::Node* spec, const doc::Node* metadata, const std::string& spec_path,
               const std::string& metadata_path) {
  PodLayout layout;
  if (!spec || !spec->is_mapping()) return layout;
  layout.spec = spec;
  layout.metadata = metadata && metadata->is_mapping() ? metadata : nullptr;
  layout.security_context = spec->get("securityContext");
  layout.security_fields = SecurityFields(layout.security_context);
  layout.path = &spec_path;
  layout.metadata_path = &metadata_path;
  const doc::Node* init = spec->get(to_string(ContainerKind::InitContainer));
  const doc::Node* app = spec->get(to_string(ContainerKind::Container));
  const doc::Node* ephemeral = spec->get(to_string(ContainerKind::EphemeralContainer));
  // Room for every container at once (a view is large, and most pods have two or more).
  layout.containers.reserve(items_in(init) + items_in(app) + items_in(ephemeral));
  layout.init_containers =
      append_containers(init, ContainerKind::InitContainer, spec_path, layout.containers);
  layout.app_containers = append_containers(app, ContainerKind::Container, spec_path, layout.containers);
  append_containers(ephemeral, ContainerKind::EphemeralContainer, spec_path, layout.containers);
  return layout;
}

}  // namespace

PodLayout PodLayout::locate(const doc::Node& root, std::string_view kind) {
  // Where each kind keeps its pod: constants that views point to.
  static const std::string kPodSpec = "spec", kPodMetadata = "metadata";
  static const std::string kCronJobSpec = "spec.jobTemplate.spec.template.spec",
                           kCronJobMetadata = "spec.jobTemplate.spec.template.metadata";
  static const std::string kPodTemplateSpec = "template.spec", kPodTemplateMetadata = "template.metadata";
  static const std::string kTemplateSpec = "spec.template.spec", kTemplateMetadata = "spec.template.metadata";
  if (!root.is_mapping()) return {};
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
  return {};
}

}  // namespace bulwark::k8s
