#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "doc/node.h"
#include "k8s/pod_spec_view.h"

namespace bulwark::rules::pss {

/// A mapping value as Go's JSON decoding into a pointer field sees it: null when the key is
/// absent, when its value is `null`, or when `node` is not a mapping.
const doc::Node* field(const doc::Node* node, std::string_view key);
/// `value` unless it is a null node (Go's nil pointer): field() for a value already looked up.
inline const doc::Node* present(const doc::Node* value) {
  return value && !value->is_null() ? value : nullptr;
}
/// field(pod.security_context(), <name of f>), from the fields read at load.
inline const doc::Node* pod_security_field(const k8s::PodSpecView& pod, k8s::SecurityField f) {
  return present(pod.security_field(f));
}
/// A bool/int/string field; nullopt when absent or of another type (the API server would reject
/// such a pod before admission, so no check treats it as set).
std::optional<bool> bool_field(const doc::Node* node, std::string_view key);
std::optional<int64_t> int_field(const doc::Node* node, std::string_view key);
std::optional<std::string_view> string_field(const doc::Node* node, std::string_view key);

/// One container of the pod spec, visited without building its field path.
struct ContainerRef {
  const doc::Node* node;
  k8s::ContainerKind kind;
  std::size_t index;
  std::string_view name;
  const k8s::ContainerView* view;
  /// field(field(node, "securityContext"), <name of f>), from the fields read at load.
  const doc::Node* security_field(k8s::SecurityField f) const { return present(view->security_field(f)); }
  /// field(node, <name of f>), from the fields read at load.
  const doc::Node* field(k8s::ContainerField f) const { return present(view->field(f)); }
};

/// Visits init containers, containers and ephemeral containers, in PSA's order (the lists the
/// Object found when it was made: no lookup per check).
template <class Visitor>
void visit_containers(const k8s::PodSpecView& pod, Visitor&& visit) {
  for (const k8s::ContainerView& c : pod.every_container()) {
    visit(ContainerRef{&c.node(), c.kind(), c.index(), c.name(), &c});
  }
}

/// "spec.containers[0].securityContext.privileged" (relative may be empty).
std::string container_path(const k8s::PodSpecView& pod, const ContainerRef& c, std::string_view relative);
/// A Go %q-style quoted string: "name".
std::string quote(std::string_view text);
/// `container "app"`.
std::string container_label(const ContainerRef& c);
/// Who sets a securityContext: the pod, or one of its containers. Its path and its words are
/// built only for a finding: checks visit every setter, and most set nothing wrong.
struct Setter {
  const ContainerRef* container;  // null: the pod
  const k8s::PodSpecView* pod;
  /// field(<its securityContext>, <name of f>).
  const doc::Node* field(k8s::SecurityField f) const {
    return container ? container->security_field(f) : pod_security_field(*pod, f);
  }
  /// The pod's or the container's path + "." + relative ("spec.securityContext.runAsUser").
  std::string path(std::string_view relative) const;
  /// "pod" or `container "app"`.
  std::string label() const;
};
/// The pod as a setter, and a container as one.
Setter pod_setter(const k8s::PodSpecView& pod);
Setter container_setter(const k8s::PodSpecView& pod, const ContainerRef& c);

/// The deepest node that exists along `keys` from `start` (where a missing field would go).
const doc::Node* deepest(const doc::Node* start, std::span<const std::string_view> keys);
/// True for pods that run in a user namespace (`hostUsers: false`), which some checks relax.
bool in_user_namespace(const k8s::PodSpecView& pod);
/// True when `spec.os.name` is "windows" (checks exempt Windows pods from v1.25).
bool is_windows_pod(const k8s::PodSpecView& pod);
/// The annotations mapping of the pod (template) metadata, or null.
const doc::Node* pod_annotations(const k8s::PodSpecView& pod);
/// `metadata.annotations["key"]` under the pod's metadata path.
std::string annotation_path(const k8s::PodSpecView& pod, std::string_view key);

}  // namespace bulwark::rules::pss
