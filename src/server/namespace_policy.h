#pragma once

#include <expected>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "doc/document.h"
#include "k8s/label_selector.h"
#include "k8s/object.h"
#include "rules/check_context.h"
#include "rules/rule_meta.h"

namespace bulwark::server {

/// One Pod Security mode's setting: a level at a version ("restricted:v1.30").
struct LevelVersion {
  rules::PssLevel level = rules::PssLevel::Privileged;
  rules::PssVersion version;
  std::string to_string() const;  // "restricted:latest", PSA's wording
  bool operator==(const LevelVersion& o) const {
    return level == o.level && version.effective_minor() == o.version.effective_minor() &&
           version.latest == o.version.latest;
  }
};

/// What a namespace asks of the objects admitted into it. The three Pod Security modes come from
/// `pod-security.kubernetes.io/<mode>[-version]` labels exactly as PSA reads them; bulwark's
/// other rules (hardening, secrets, RBAC, ...) from `bulwark.dev/<mode>: <minimum severity>`.
struct NamespacePolicy {
  LevelVersion enforce, warn, audit;
  std::optional<rules::Severity> rules_enforce, rules_warn, rules_audit;
  /// Label values that could not be parsed ("pod-security.kubernetes.io/enforce=strict"): PSA
  /// evaluates such a mode at restricted:latest, and so do we; the caller reports them.
  std::vector<std::string> label_errors;
};

/// Reads a namespace's labels over `defaults` (PSA's rule: a level label without a version label
/// means latest; an invalid level means restricted:latest).
NamespacePolicy policy_from_labels(const k8s::Object& namespace_object, const NamespacePolicy& defaults);

/// A namespace as last seen: its object (for policies' `namespaceObject`) and the policy its
/// labels give. The document is shared by every namespace of one list response.
struct KnownNamespace {
  std::shared_ptr<const doc::Document> document;
  k8s::Object object;
  NamespacePolicy policy;
  k8s::Labels labels;  // for policies' namespaceSelector
};

/// The policies of the cluster's namespaces, by name; thread-safe. Namespaces it does not know
/// get the defaults.
class NamespacePolicies {
 public:
  explicit NamespacePolicies(NamespacePolicy defaults = {}) : defaults_(std::move(defaults)) {}

  /// Loads the Namespace objects of a YAML or JSON file (a `kubectl get ns -o yaml` dump works),
  /// replacing what was known. Returns how many namespaces were read.
  std::expected<std::size_t, std::string> load_file(const std::string& path);
  /// Replaces everything known by the Namespaces of `documents` (a list response, a file).
  /// Returns how many namespaces were read.
  std::size_t replace_all(std::vector<std::shared_ptr<const doc::Document>> documents);
  /// Records one Namespace object (a watch event, or tests); its document is kept.
  void observe(std::shared_ptr<const doc::Document> document, const k8s::Object& namespace_object);
  /// Records one Namespace object, copied (for tests and callers whose document is short-lived).
  void observe(const k8s::Object& namespace_object);
  /// Forgets a deleted namespace: it gets the defaults again.
  void forget(std::string_view namespace_name);

  NamespacePolicy policy_for(std::string_view namespace_name) const;
  /// The namespace as last seen, or null when unknown.
  std::shared_ptr<const KnownNamespace> find(std::string_view namespace_name) const;
  const NamespacePolicy& defaults() const { return defaults_; }
  std::size_t size() const;

 private:
  std::shared_ptr<const KnownNamespace> known(std::shared_ptr<const doc::Document> document,
                                              const k8s::Object& namespace_object) const;

  NamespacePolicy defaults_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, std::shared_ptr<const KnownNamespace>, std::less<>> namespaces_;
};

}  // namespace bulwark::server
