#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cel/authz.h"
#include "cel/program.h"
#include "doc/source_range.h"
#include "k8s/label_selector.h"
#include "k8s/object.h"
#include "policy/match_resources.h"
#include "policy/user_info.h"

namespace bulwark::policy {

/// What a binding does with a failed validation (ValidatingAdmissionPolicyBinding validationActions).
enum class ValidationAction { Deny, Warn, Audit };

std::string_view to_string(ValidationAction action);

/// A policy or binding that could not be loaded: the file and range of the offending node.
struct PolicyError {
  std::string file;
  doc::SourceRange range;
  std::string message;
};

/// One failed validation of one object under one (policy, binding, params) triple, with the message
/// Kubernetes produces for the action (`ValidatingAdmissionPolicy 'p' with binding 'b' denied request: ...`
/// for Deny, `Validation failed for ValidatingAdmissionPolicy 'p' with binding 'b': ...` for Warn/Audit).
struct Violation {
  std::string policy;
  std::string binding;
  /// Index into spec.validations; -1 when the failure is not a validation's (params not found, a
  /// match condition that failed to evaluate under failurePolicy Fail).
  int validation_index = -1;
  /// The validation's own message (message, messageExpression or `failed expression: ...`).
  std::string detail;
  /// The full Kubernetes message.
  std::string message;
  ValidationAction action = ValidationAction::Deny;
  /// The validation's reason (Invalid by default).
  std::string reason;
  /// The object's range (its root mapping).
  doc::SourceRange location;
};

class ClusterSnapshot;

/// A (policy, binding) pair whose validations ran on an object: it matched, and its match
/// conditions held (or failed to evaluate).
struct AppliedBinding {
  std::string policy;
  std::string binding;
};

/// One audit annotation a policy's `spec.auditAnnotations` produced for a request: the key is
/// "<policy name>/<key>"; distinct values from several bindings (or params) of one policy are
/// joined with ", ", as the API server does.
struct AuditAnnotation {
  std::string key;
  std::string value;
};

/// Everything about a request besides the object: the operation, the cluster it is made to
/// (namespaces, RBAC), who makes it, and where to record which bindings applied and which audit
/// annotations were produced.
struct RequestContext {
  /// CREATE, UPDATE or DELETE. For DELETE the object passed to evaluate() is the object being
  /// deleted: CEL sees it as `oldObject`, and `object` is null, as in the API server.
  std::string_view operation = "CREATE";
  /// For UPDATE, the object as stored before the request (`oldObject`); must outlive the evaluation.
  const k8s::Object* old_object = nullptr;
  /// `request.uid` and `request.dryRun`.
  std::string_view uid;
  bool dry_run = false;
  /// `namespaceObject`: the object's Namespace (null when unknown, or for cluster-scoped objects).
  cel::Value namespace_object = cel::Value::null();
  /// The namespace's labels for namespaceSelector, when known; must outlive the evaluation.
  const k8s::Labels* namespace_labels = nullptr;
  /// `request.userInfo`, and whom `authorizer` checks (null: an anonymous, empty user); must
  /// outlive the evaluation.
  const UserInfo* user = nullptr;
  /// The `authorizer` backend; null: authorizer checks report an error.
  std::shared_ptr<const cel::AuthorizationBackend> authorizer;
  /// When set, every applied (policy, binding) is appended here.
  std::vector<AppliedBinding>* applied = nullptr;
  /// When set, the audit annotations of every policy that applied are appended here.
  std::vector<AuditAnnotation>* audit_annotations = nullptr;

  /// The context for `object` in a cluster snapshot: its Namespace (the "default" one for a
  /// namespaced object without metadata.namespace), the snapshot's user and authorizer. Points
  /// into the snapshot, which must outlive the evaluation.
  static RequestContext in(const ClusterSnapshot& cluster, const k8s::Object& object);
};

struct CompiledPolicy;
struct CompiledBinding;

/// Compiled ValidatingAdmissionPolicies with their bindings and the parameter objects bindings can
/// refer to. Objects passed to load() (and their Documents) must outlive the set.
class PolicySet {
 public:
  struct LoadResult;

  /// Compiles every admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy and
  /// ValidatingAdmissionPolicyBinding in `objects`; every object (policy or not) is also a candidate
  /// param for paramRef. Broken policies and bindings are reported and left out.
  static LoadResult load(std::span<const k8s::Object> objects);
  /// Like load(objects), with further param candidates (e.g. the scanned manifests).
  static LoadResult load(std::span<const k8s::Object> objects, std::span<const k8s::Object> params);

  /// Evaluates every bound policy against `object` as a CREATE request.
  std::vector<Violation> evaluate(const k8s::Object& object, const k8s::Object* namespace_object) const;
  /// Evaluates every bound policy against a request on `object` (see RequestContext::operation).
  /// A failed validation yields one Violation per binding action; an auditAnnotation whose
  /// valueExpression fails (failurePolicy Fail) or yields neither a string nor null yields a Deny
  /// Violation whatever the binding's actions, as in the API server.
  std::vector<Violation> evaluate(const k8s::Object& object, const RequestContext& context) const;

  /// The (apiVersion, kind) of every policy's paramKind, to find param objects elsewhere.
  std::vector<std::pair<std::string, std::string>> param_kinds() const;
  /// More param candidates (e.g. from the scanned manifests); they must outlive the set.
  void add_params(std::span<const k8s::Object> params);

  std::size_t policy_count() const;
  std::size_t binding_count() const;
  bool empty() const { return binding_count() == 0; }

  PolicySet();
  PolicySet(PolicySet&&) noexcept;
  PolicySet& operator=(PolicySet&&) noexcept;
  ~PolicySet();

 private:
  std::vector<std::shared_ptr<const CompiledPolicy>> policies_;
  std::vector<std::shared_ptr<const CompiledBinding>> bindings_;
  std::vector<k8s::Object> params_;
};

struct PolicySet::LoadResult {
  PolicySet set;
  std::vector<PolicyError> errors;
};

}  // namespace bulwark::policy
