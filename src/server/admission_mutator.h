#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fix/file_fixer.h"
#include "server/admission_evaluator.h"
#include "server/namespace_policy.h"

namespace bulwark::server {

/// The namespace label that opts a namespace into /mutate, and the value that enables it.
inline constexpr std::string_view kMutateLabel = "bulwark.dev/mutate";
inline constexpr std::string_view kMutateEnabled = "enabled";

/// One /mutate answer, with what the decision log records.
struct Mutation {
  AdmissionResponse response;
  std::string object;                // "Deployment prod/web"
  std::vector<std::string> applied;  // "drop-capabilities: spec.template.spec.containers[0]"
  std::string skip_reason;           // why no patch was computed
};

/// Answers /mutate with a JSONPatch that sets the same safe defaults as `bulwark fix` (the
/// default fixes: allowPrivilegeEscalation, privileged, runAsNonRoot, capabilities, seccomp, host
/// namespaces). The fix engine plans and verifies the edits on a YAML rendering of the request's
/// object; the patch is the difference between the object before and after. Only namespaces
/// labelled `bulwark.dev/mutate: enabled` are patched, on CREATE only. Never denies. Thread-safe.
class AdmissionMutator {
 public:
  AdmissionMutator(Exemptions exemptions, std::shared_ptr<const NamespacePolicies> namespaces,
                   fix::FileFixOptions options = default_options());

  Mutation mutate(const AdmissionRequest& request) const;

  /// `bulwark fix`'s defaults: the non-opt-in fixes, findings read at restricted:latest.
  static fix::FileFixOptions default_options();

 private:
  Exemptions exemptions_;
  std::shared_ptr<const NamespacePolicies> namespaces_;
  fix::FileFixOptions options_;
};

}  // namespace bulwark::server
