#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cel/program.h"
#include "doc/source_range.h"
#include "k8s/label_selector.h"
#include "policy/match_resources.h"
#include "policy/policy_set.h"

namespace bulwark::policy {

/// One compiled expression with its source text (for `failed expression:` messages).
struct CompiledExpression {
  std::string text;
  cel::Program program;
  doc::SourceRange range;
};

struct CompiledValidation {
  CompiledExpression expression;
  std::string message;
  std::optional<CompiledExpression> message_expression;
  std::string reason = "Invalid";
};

struct CompiledVariable {
  std::string name;  // "variables.<name>" as declared
  CompiledExpression expression;
};

struct CompiledAuditAnnotation {
  std::string key;
  CompiledExpression value_expression;
};

struct CompiledMatchCondition {
  std::string name;
  CompiledExpression expression;
};

/// A ValidatingAdmissionPolicy ready to evaluate. The environment is shared so activations can point
/// to it after the policy moves.
struct CompiledPolicy {
  std::string name;
  std::shared_ptr<cel::Environment> env;
  bool fail_closed = true;                                        // failurePolicy Fail (the default)
  std::optional<std::pair<std::string, std::string>> param_kind;  // apiVersion, kind
  MatchResources match;
  std::vector<CompiledMatchCondition> match_conditions;
  std::vector<CompiledVariable> variables;
  std::vector<CompiledValidation> validations;
  std::vector<CompiledAuditAnnotation> audit_annotations;
};

struct ParamRef {
  std::string name;
  std::string namespace_;
  std::optional<k8s::LabelSelector> selector;
  bool deny_when_not_found = true;
};

/// A ValidatingAdmissionPolicyBinding.
struct CompiledBinding {
  std::string name;
  std::string policy_name;
  std::vector<ValidationAction> actions;
  std::optional<ParamRef> param_ref;
  std::optional<MatchResources> match;
};

}  // namespace bulwark::policy
