#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "doc/node.h"

namespace bulwark::k8s {

/// Which list of the pod spec a container comes from.
enum class ContainerKind { Container, InitContainer, EphemeralContainer };

std::string_view to_string(ContainerKind kind);  // "containers", "initContainers", ...

/// One container of a pod spec, with the field path that reports show. Its name and
/// securityContext are read once, when the object is loaded: every rule asks for them.
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
  /// The `securityContext` value as written (possibly a null or a scalar node), or null.
  const doc::Node* security_context() const { return security_context_; }

 private:
  const doc::Node* node_;
  const doc::Node* security_context_;
  const std::string* spec_path_;
  std::string_view name_;
  std::size_t index_;
  ContainerKind kind_;
};

}  // namespace bulwark::k8s
