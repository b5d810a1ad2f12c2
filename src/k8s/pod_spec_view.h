#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "doc/node.h"
#include "k8s/object.h"

namespace bulwark::k8s {

/// Which list of the pod spec a container comes from.
enum class ContainerKind { Container, InitContainer, EphemeralContainer };

std::string_view to_string(ContainerKind kind);  // "containers", "initContainers", ...

/// One container of a pod spec, with the field path that reports show.
class ContainerView {
 public:
  /// `spec_path` is the pod spec's path ("spec.template.spec"), which must outlive the view.
  ContainerView(const doc::Node& node, ContainerKind kind, std::size_t index, const std::string& spec_path)
      : node_(&node), kind_(kind), index_(index), spec_path_(&spec_path) {}

  const doc::Node& node() const { return *node_; }
  ContainerKind kind() const { return kind_; }
  std::size_t index() const { return index_; }
  std::string_view name() const;
  /// "spec.template.spec.containers[0]", built when asked: rules list the containers many times
  /// per object and report on few of them.
  std::string path() const { return field_path({}); }
  /// path() + "." + relative ("spec.containers[0].securityContext.privileged").
  std::string field_path(std::string_view relative) const;
  const doc::Node* get(std::string_view dotted) const { return node_->find(dotted); }
  const doc::Node* security_context() const { return node_->get("securityContext"); }

 private:
  const doc::Node* node_;
  ContainerKind kind_;
  std::size_t index_;
  const std::string* spec_path_;
};

/// The pod spec inside any object that carries one: Pod, the workload controllers (their
/// `spec.template`), CronJob (`spec.jobTemplate.spec.template`), PodTemplate (`template`), and
/// any custom resource with a pod template at `spec.template.spec` (Argo Rollouts and the like),
/// so that CRDs are not invisible.
class PodSpecView {
 public:
  static std::optional<PodSpecView> of(const Object& object);

  const Object& object() const { return *object_; }
  const doc::Node& spec() const { return *spec_; }
  /// Metadata of the pod (the object's for a Pod, the template's otherwise); may be null.
  const doc::Node* pod_metadata() const { return pod_metadata_; }
  /// A pod annotation (the template's for workloads), as PSA reads them.
  std::optional<std::string_view> pod_annotation(std::string_view key) const;
  /// "spec", "spec.template.spec", "spec.jobTemplate.spec.template.spec" or "template.spec".
  const std::string& path() const { return *path_; }
  const std::string& metadata_path() const { return *metadata_path_; }
  std::string field_path(std::string_view relative) const;
  const doc::Node* get(std::string_view dotted) const { return spec_->find(dotted); }
  const doc::Node* security_context() const { return spec_->get("securityContext"); }

  std::vector<ContainerView> containers() const { return list(ContainerKind::Container); }
  std::vector<ContainerView> init_containers() const { return list(ContainerKind::InitContainer); }
  std::vector<ContainerView> ephemeral_containers() const { return list(ContainerKind::EphemeralContainer); }
  /// Init containers, containers, then ephemeral containers (PSA's visiting order).
  std::vector<ContainerView> all_containers() const;
  /// Init containers then containers: what the workload itself runs (ephemeral containers are
  /// added to a running pod by `kubectl debug`, not written in manifests).
  std::vector<ContainerView> workload_containers() const;

 private:
  PodSpecView(const Object& object, const doc::Node& spec, const doc::Node* metadata, const std::string& path,
              const std::string& metadata_path)
      : object_(&object),
        spec_(&spec),
        pod_metadata_(metadata),
        path_(&path),
        metadata_path_(&metadata_path) {}
  std::vector<ContainerView> list(ContainerKind kind) const;
  /// The containers of `kinds`, in that order, in one allocation.
  std::vector<ContainerView> lists(std::span<const ContainerKind> kinds) const;

  const Object* object_;
  const doc::Node* spec_;
  const doc::Node* pod_metadata_;
  // One of a few constant paths: every rule makes its own view, so building them must not allocate.
  const std::string* path_;
  const std::string* metadata_path_;
};

}  // namespace bulwark::k8s
