#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "doc/node.h"

namespace bulwark::k8s {

/// Which list of the pod spec a container comes from.
enum class ContainerKind { Container, InitContainer, EphemeralContainer };

std::string_view to_string(ContainerKind kind);  // "containers", "initContainers", ...

/// The securityContext fields that rules read (of a container's or a pod's securityContext).
enum class SecurityField : uint8_t {
  AllowPrivilegeEscalation,
  AppArmorProfile,
  Capabilities,
  FsGroup,
  Privileged,
  ProcMount,
  ReadOnlyRootFilesystem,
  RunAsGroup,
  RunAsNonRoot,
  RunAsUser,
  SeccompProfile,
  SeLinuxOptions,
  SupplementalGroups,
  Sysctls,
  WindowsOptions,
};
inline constexpr std::size_t kSecurityFieldCount = 15;
static_assert(static_cast<std::size_t>(SecurityField::WindowsOptions) + 1 == kSecurityFieldCount);

/// The fields of a container that rules read by name (besides `name` and `securityContext`).
enum class ContainerField : uint8_t {
  Args,
  Command,
  Env,
  EnvFrom,
  Image,
  ImagePullPolicy,
  Lifecycle,
  LivenessProbe,
  Ports,
  ReadinessProbe,
  Resources,
  StartupProbe,
  VolumeMounts,
};
inline constexpr std::size_t kContainerFieldCount = 13;
static_assert(static_cast<std::size_t>(ContainerField::VolumeMounts) + 1 == kContainerFieldCount);

/// A securityContext's fields by name, read in one pass over its entries when the object is
/// loaded: some thirty checks ask for them, per container.
class SecurityFields {
 public:
  SecurityFields() = default;
  /// Indexes `security_context` (null, or not a mapping: every field is absent).
  explicit SecurityFields(const doc::Node* security_context);
  /// The value as Node::get finds it (possibly a null node), or null when absent.
  const doc::Node* operator[](SecurityField field) const { return values_[static_cast<std::size_t>(field)]; }

 private:
  std::array<const doc::Node*, kSecurityFieldCount> values_{};
};

/// One container of a pod spec, with the field path that reports show. Its name, securityContext
/// and the fields rules read (ContainerField) are found in one pass over its entries when the
/// object is loaded: some twenty checks ask for them, per container, and a search per question
/// cost more than the pass.
class ContainerView {
 public:
  /// `spec_path` is the pod spec's path ("spec.template.spec"), which must outlive the view.
  ContainerView(const doc::Node& node, ContainerKind kind, std::size_t index, const std::string& spec_path);

  const doc::Node& node() const { return *node_; }
  ContainerKind kind() const { return kind_; }
  std::size_t index() const { return index_; }
  /// The `name` field when it is a string, else "".
  std::string_view name() const { return name_; }
  /// "spec.template.spec.containers[0]", built when asked: rules list the containers many times
  /// per object and report on few of them.
  std::string path() const { return field_path({}); }
  /// path() + "." + relative ("spec.containers[0].securityContext.privileged").
  std::string field_path(std::string_view relative) const;
  const doc::Node* get(std::string_view dotted) const { return node_->find(dotted); }
  /// A field of the container, as node().get() would find it (possibly a null node), or null.
  const doc::Node* field(ContainerField field) const { return fields_[static_cast<std::size_t>(field)]; }
  /// The `securityContext` value as written (possibly a null or a scalar node), or null.
  const doc::Node* security_context() const { return security_context_; }
  /// A field of the container's securityContext, as security_context()->get() would find it.
  const doc::Node* security_field(SecurityField field) const { return security_fields_[field]; }

 private:
  const doc::Node* node_;
  std::array<const doc::Node*, kContainerFieldCount> fields_{};
  const doc::Node* security_context_;
  SecurityFields security_fields_;
  const std::string* spec_path_;
  std::string_view name_;
  std::size_t index_;
  ContainerKind kind_;
};

}  // namespace bulwark::k8s
