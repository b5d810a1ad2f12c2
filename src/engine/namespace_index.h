#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "engine/input.h"
#include "k8s/object.h"
#include "rules/check_context.h"

namespace bulwark::engine {

/// The Pod Security labels of the Namespaces in a scan, so that objects in a labelled namespace
/// are checked at that namespace's level and version, as Pod Security Admission would.
class NamespaceIndex {
 public:
  /// Reads the Namespace objects of the given manifest files. Only files whose bytes mention
  /// "Namespace" are parsed, so the pre-pass costs a fast text search on most files.
  void collect(const std::vector<Input>& inputs);
  /// Records one Namespace (also used while streaming standard input).
  void observe(const k8s::Object& object);

  /// The context for an object: its namespace's enforce level/version when labelled, else the
  /// scan's defaults.
  rules::CheckContext context_for(const k8s::Object& object, const rules::CheckContext& defaults) const;

 private:
  struct Labels {
    std::optional<rules::PssLevel> level;
    std::optional<rules::PssVersion> version;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Labels, std::less<>> namespaces_;
};

}  // namespace bulwark::engine
