#pragma once

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "doc/document.h"
#include "doc/load_error.h"
#include "k8s/object.h"
#include "policy/policy_set.h"
#include "rules/finding.h"

namespace bulwark::engine {

/// The user's ValidatingAdmissionPolicies for a scan (`--policy PATH`): loaded once, evaluated
/// against every object as a CREATE request, and reported as findings whose rule id is
/// `<policy>/<validation index>` — so suppressions, outputs and exit codes treat them like
/// built-in rules.
class PolicyRules {
 public:
  /// Loads every policy, binding and param object under the given files and folders. Compile
  /// errors are load errors at the policy file's line:col.
  void load(const std::vector<std::string>& paths, std::vector<doc::LoadError>& errors);

  bool empty() const { return !set_ || set_->empty(); }
  void check(const k8s::Object& object, rules::FindingSink& sink) const;

 private:
  /// Rule metadata made per policy validation. Findings point at it and outlive the scan, so it
  /// lives in a process-wide registry (stable addresses, never freed before exit).
  static const rules::RuleMeta& meta_for(const policy::Violation& v);

  std::vector<std::unique_ptr<doc::Document>> documents_;  // the policies' trees live as long as the set
  std::vector<k8s::Object> objects_;
  std::unique_ptr<policy::PolicySet> set_;
};

}  // namespace bulwark::engine
