#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "doc/node.h"
#include "k8s/container_view.h"

namespace bulwark::k8s {

/// Where an object keeps its pod spec, and the containers in it. Found once, when the Object is
/// made: every pod rule asks (one object meets some fifty rules), and the nodes it points to never
/// change. Read through PodSpecView.
struct PodLayout {
  const doc::Node* spec = nullptr;  // null: the object runs no pod
  const doc::Node* metadata = nullptr;
  const doc::Node* security_context = nullptr;  // spec.securityContext as written, or null
  SecurityFields security_fields;
  const std::string* path = nullptr;  // one of a few constants, see PodSpecView::path()
  const std::string* metadata_path = nullptr;
  /// Init containers, containers, then ephemeral containers (PSA's visiting order); the
  /// mapping items of each list, with their index in it.
  std::vector<ContainerView> containers;
  std::size_t init_containers = 0;
  std::size_t app_containers = 0;  // the ephemeral ones are the rest

  /// The layout of an object of `kind` whose root is `root` (spec null when it has no pod).
  static PodLayout locate(const doc::Node& root, std::string_view kind);
};

}  // namespace bulwark::k8s
