#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/input.h"
#include "k8s/object.h"
#include "rules/check_context.h"

namespace bulwark::engine {

/// The Pod Security labels of the Namespaces in a scan, so that objects in a labelled namespace
/// are checked at that namespace's level and version, as Pod Security Admission would.
class NamespaceIndex {
 public:
  /// Reads the Namespace objects of the given manifest files, `jobs` files at a time. Only files
  /// where "Namespace" stands as a word of its own (`kind: Namespace`, not `namespaceSelector`
  /// or `targetNamespace`) are parsed, so the pre-pass costs a text search on most files. When
  /// two files define the same Namespace, the later input wins, whatever the thread timing.
  void collect(const std::vector<Input>& inputs, unsigned jobs = 1);
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
  using Entry = std::pair<std::string, Labels>;
  static std::optional<Entry> entry_of(const k8s::Object& object);
  static std::vector<Entry> read_file(const Input& input);
  mutable std::mutex mutex_;
  std::map<std::string, Labels, std::less<>> namespaces_;
};

}  // namespace bulwark::engine
