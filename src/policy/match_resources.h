#pragma once

#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "doc/node.h"
#include "k8s/label_selector.h"
#include "k8s/object.h"

namespace bulwark::policy {

/// A problem in a policy or binding object: where (a node's range) and what.
struct LoadIssue {
  doc::SourceRange range;
  std::string message;
};

/// One admissionregistration NamedRuleWithOperations.
struct ResourceRule {
  std::vector<std::string> operations, api_groups, api_versions, resources, resource_names;
  std::string scope = "*";
};

/// admissionregistration MatchResources: which requests a policy or binding applies to.
struct MatchResources {
  std::optional<k8s::LabelSelector> namespace_selector;  // absent: every namespace
  std::optional<k8s::LabelSelector> object_selector;     // absent: every object
  std::vector<ResourceRule> resource_rules;
  std::vector<ResourceRule> exclude_rules;

  /// Parses a matchConstraints / matchResources mapping (`field` names it in messages).
  static std::expected<MatchResources, LoadIssue> parse(const doc::Node& node, std::string_view field);

  /// Whether an `operation` (CREATE, UPDATE, DELETE) on `object` matches. `namespace_labels` are
  /// the labels of the Namespace the object lives in, when known (`kubernetes.io/metadata.name` is
  /// added here, as the API server always sets it). For UPDATE, the objectSelector matches when
  /// either `object` or `old_object` does, as the API server's does.
  bool matches(const k8s::Object& object, const k8s::Labels* namespace_labels,
               std::string_view operation = "CREATE", const k8s::Object* old_object = nullptr) const;
};

}  // namespace bulwark::policy
