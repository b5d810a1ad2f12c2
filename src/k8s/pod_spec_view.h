#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "doc/node.h"
#include "k8s/container_view.h"
#include "k8s/object.h"
#include "k8s/pod_layout.h"

namespace bulwark::k8s {

/// The pod spec inside any object that carries one: Pod, the workload controllers (their
/// `spec.template`), CronJob (`spec.jobTemplate.spec.template`), PodTemplate (`template`), and
/// any custom resource with a pod template at `spec.template.spec` (Argo Rollouts and the like),
/// so that CRDs are not invisible. A view of what the Object found when it was made: making one
/// costs nothing, and it lives as long as the Object.
class PodSpecView {
 public:
  static std::optional<PodSpecView> of(const Object& object);

  const Object& object() const { return *object_; }
  const doc::Node& spec() const { return *layout_->spec; }
  /// Metadata of the pod (the object's for a Pod, the template's otherwise); may be null.
  const doc::Node* pod_metadata() const { return layout_->metadata; }
  /// A pod annotation (the template's for workloads), as PSA reads them.
  std::optional<std::string_view> pod_annotation(std::string_view key) const;
  /// "spec", "spec.template.spec", "spec.jobTemplate.spec.template.spec" or "template.spec".
  const std::string& path() const { return *layout_->path; }
  const std::string& metadata_path() const { return *layout_->metadata_path; }
  std::string field_path(std::string_view relative) const;
  const doc::Node* get(std::string_view dotted) const { return layout_->spec->find(dotted); }
  /// The pod's `securityContext` value as written (possibly a null or a scalar node), or null.
  const doc::Node* security_context() const { return layout_->security_context; }
  /// A field of the pod's securityContext, as security_context()->get() would find it.
  const doc::Node* security_field(SecurityField field) const { return layout_->security_fields[field]; }

  /// Init containers, containers, then ephemeral containers (PSA's visiting order), without a copy.
  std::span<const ContainerView> every_container() const { return layout_->containers; }
  /// Init containers then containers: what the workload itself runs (ephemeral containers are
  /// added to a running pod by `kubectl debug`, not written in manifests).
  std::span<const ContainerView> workload_container_views() const {
    return every_container().first(layout_->init_containers + layout_->app_containers);
  }

 private:
  PodSpecView(const Object& object, const PodLayout& layout) : object_(&object), layout_(&layout) {}

  const Object* object_;
  const PodLayout* layout_;
};

}  // namespace bulwark::k8s
