#pragma once

#include <deque>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "doc/document.h"
#include "doc/load_error.h"
#include "engine/input.h"
#include "engine/scan_options.h"
#include "k8s/object.h"
#include "policy/cluster_snapshot.h"
#include "policy/policy_set.h"
#include "rules/finding.h"

namespace bulwark::engine {

/// The user --policy requests are made as: --policy-user in --policy-group plus
/// system:authenticated (which the API server gives every authenticated user), or the default
/// scan user.
policy::UserInfo policy_user(const ScanOptions& options);

/// The user's ValidatingAdmissionPolicies for a scan (`--policy PATH`): loaded once, evaluated
/// against every object as a CREATE request, and reported as findings whose rule id is
/// `<policy>/<validation index>` — so suppressions, outputs and exit codes treat them like
/// built-in rules.
class PolicyRules {
 public:
  /// Loads every policy, binding and param object under the given files and folders. Compile
  /// errors are load errors at the policy file's line:col.
  void load(const std::vector<std::string>& paths, std::vector<doc::LoadError>& errors);
  /// Like load(paths, errors), then reads the cluster the scanned manifests describe: their
  /// Namespaces (for namespaceObject and namespaceSelector), RBAC objects (for authorizer) and
  /// objects of a policy's paramKind (params), with requests made as `user`. Skipped when there
  /// are no policies.
  void load(const std::vector<std::string>& paths, const std::vector<Input>& manifests, policy::UserInfo user,
            std::vector<doc::LoadError>& errors);
  /// Records a Namespace or RBAC object met while streaming (standard input), so objects after
  /// it see it.
  void observe(const k8s::Object& object);

  bool empty() const { return !set_ || set_->empty(); }
  void check(const k8s::Object& object, rules::FindingSink& sink) const;

 private:
  /// Rule metadata made per policy validation. Findings point at it and outlive the scan, so it
  /// lives in a process-wide registry (stable addresses, never freed before exit).
  static const rules::RuleMeta& meta_for(const policy::Violation& v);

  std::vector<std::unique_ptr<doc::Document>> documents_;  // the policies' trees live as long as the set
  std::vector<k8s::Object> objects_;
  std::vector<k8s::Object> params_;  // param objects found in the scanned manifests
  std::unique_ptr<policy::PolicySet> set_;
  // Written by the pre-pass and by observe() while other threads check objects.
  mutable std::shared_mutex cluster_mutex_;
  std::unique_ptr<policy::ClusterSnapshot> cluster_ = std::make_unique<policy::ClusterSnapshot>();
};

}  // namespace bulwark::engine
