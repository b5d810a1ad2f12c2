#pragma once

#include <memory>
#include <string>
#include <vector>

#include "doc/document.h"
#include "k8s/label_selector.h"
#include "k8s/object.h"
#include "policy/policy_set.h"
#include "server/admission_review.h"

namespace bulwark::server {

/// The ValidatingAdmissionPolicies and bindings of `serve --policy` (files or folders), compiled
/// once at start, with the parameter objects found beside them.
class AdmissionPolicies {
 public:
  /// Loads every policy, binding and param object under `paths`. Problems (unreadable files,
  /// YAML errors, policies that do not compile) come back as "file:line:col: message" lines;
  /// the policies that did load are usable either way.
  static std::unique_ptr<AdmissionPolicies> load(const std::vector<std::string>& paths,
                                                 std::vector<std::string>& errors);

  std::size_t policy_count() const { return set_.policy_count(); }
  std::size_t binding_count() const { return set_.binding_count(); }

  /// Evaluates the bound policies on `object` and writes their verdicts into `response` as the
  /// API server does: the first Deny denies (status code from the validation's reason, 422 for
  /// Invalid), Warn adds a warning per failure, Audit adds the
  /// `validation.policy.admission.k8s.io/validation_failure` audit annotation (a JSON list).
  /// Policies' own auditAnnotations become "<policy>/<key>" audit annotations. Nothing is audited
  /// for a dry run. Returns "<policy>/<validation index>" for each failure, for the decision log.
  /// `object` is the request's object, or for DELETE the object being deleted; `old_object` the
  /// stored object of an UPDATE (else null). `namespace_object` (and its labels) is the request's
  /// Namespace when known; the request's operation, uid, dryRun and userInfo become `request`.
  std::vector<std::string> enforce(const k8s::Object& object, const k8s::Object* old_object,
                                   const AdmissionRequest& request, const k8s::Object* namespace_object,
                                   const k8s::Labels* namespace_labels, AdmissionResponse& response) const;

 private:
  std::vector<std::unique_ptr<doc::Document>> documents_;
  std::vector<k8s::Object> objects_;
  policy::PolicySet set_;
};

/// The HTTP status the API server gives a denial with this reason (metav1.StatusReason).
int status_code_of_reason(std::string_view reason);

}  // namespace bulwark::server
