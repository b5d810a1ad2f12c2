#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/scan_options.h"
#include "rules/catalog.h"
#include "rules/pss/pss_rules.h"
#include "server/admission_policies.h"
#include "server/admission_review.h"
#include "server/namespace_policy.h"

namespace bulwark::server {

/// Who and what is never evaluated, as in PSA's AdmissionConfiguration `exemptions`.
struct Exemptions {
  std::vector<std::string> namespaces;
  std::vector<std::string> usernames;
  std::vector<std::string> runtime_classes;
};

/// How the webhook decides, apart from the namespaces' own labels.
struct AdmissionSettings {
  Exemptions exemptions;
  engine::RuleSelection rules;
  /// PSA only warns and audits pod controllers (Deployments, Jobs, ...) and enforces on their
  /// Pods; bulwark refuses the controller itself by default, so that `kubectl apply` fails at
  /// once instead of a ReplicaSet failing quietly later.
  bool enforce_pod_controllers = true;
  /// At most this many warnings per response (kubectl prints each one).
  std::size_t max_warnings = 20;
};

/// Why a request was answered the way it was; names the metrics and the decision log use.
enum class Outcome : uint8_t { Allowed, Denied, Skipped, Exempt };
std::string_view to_string(Outcome outcome);

/// One admission decision, with what the decision log records.
struct Decision {
  AdmissionResponse response;
  Outcome outcome = Outcome::Allowed;
  std::string object;                 // "Deployment prod/web"
  std::vector<std::string> rule_ids;  // every rule that reported, whatever the mode
  std::string skip_reason;            // for Skipped/Exempt: "DELETE", "subresource status", ...
};

/// Evaluates AdmissionRequests with the same object rules as `bulwark scan`: the Pod Security
/// Standards at each namespace's enforce/warn/audit level and version, and bulwark's other rules
/// at the namespace's `bulwark.dev/*` severity thresholds, then the user's
/// ValidatingAdmissionPolicies (`serve --policy`) on CREATE and UPDATE. Thread-safe; holds no
/// per-request state.
class AdmissionEvaluator {
 public:
  AdmissionEvaluator(AdmissionSettings settings, std::shared_ptr<const NamespacePolicies> namespaces,
                     std::shared_ptr<const AdmissionPolicies> policies = nullptr);

  Decision evaluate(const AdmissionRequest& request) const;

 private:
  Decision evaluate_rules(const AdmissionRequest& request) const;
  void evaluate_policies(const AdmissionRequest& request, Decision& decision) const;

  /// An enabled object rule, with what decides per request whether a pass must run it.
  struct SelectedRule {
    const rules::ObjectRule* rule;
    rules::Severity severity;  // after the configured overrides
    bool pod_security;
    bool pss_check;  // one of the checks rules::pss::evaluate runs (enabled_checks_)
  };

  AdmissionSettings settings_;
  std::vector<SelectedRule> rules_;      // settings_.rules applied once, not per request
  rules::pss::CheckSet enabled_checks_;  // the PSS checks among them
  std::shared_ptr<const NamespacePolicies> namespaces_;
  std::shared_ptr<const AdmissionPolicies> policies_;
};

}  // namespace bulwark::server
