// Evaluates compiled policies against one request (CREATE by default), the way the API server's
// validating admission policy plugin does, producing its messages.
#include <algorithm>

#include "k8s/label_selector.h"
#include "policy/cluster_snapshot.h"
#include "policy/compiled_policy.h"
#include "policy/doc_tree_adapter.h"
#include "policy/policy_set.h"
#include "policy/resource_name.h"

namespace bulwark::policy {
namespace {

cel::Value str(std::string_view s) {
  return cel::Value::string(std::string(s));
}

cel::Value user_info_of(const UserInfo& user) {
  std::vector<cel::Value> groups;
  for (const std::string& g : user.groups) groups.push_back(str(g));
  return cel::Value::map({{str("username"), str(user.username)},
                          {str("uid"), str(user.uid)},
                          {str("groups"), cel::Value::list(std::move(groups))}});
}

cel::Value request_of(const k8s::Object& object, const RequestContext& context, const UserInfo& user) {
  const std::string_view version = version_of(object.api_version());
  const std::string resource = resource_of_kind(object.kind());
  auto gvk = [&] {
    return cel::Value::map({{str("group"), str(object.group())},
                            {str("version"), str(version)},
                            {str("kind"), str(object.kind())}});
  };
  auto gvr = [&] {
    return cel::Value::map({{str("group"), str(object.group())},
                            {str("version"), str(version)},
                            {str("resource"), str(resource)}});
  };
  return cel::Value::map({
      {str("uid"), str(context.uid)},
      {str("kind"), gvk()},
      {str("resource"), gvr()},
      {str("subResource"), str("")},
      {str("requestKind"), gvk()},
      {str("requestResource"), gvr()},
      {str("requestSubResource"), str("")},
      {str("name"), str(object.name())},
      {str("namespace"), str(object.namespace_name())},
      {str("operation"), str(context.operation)},
      {str("userInfo"), user_info_of(user)},
      {str("dryRun"), cel::Value::boolean(context.dry_run)},
  });
}

std::string username_of(const RequestContext& context) {
  return context.user != nullptr ? context.user->username : std::string();
}

/// One decision under one action, with the message Kubernetes gives that action.
Violation violation(const CompiledPolicy& policy, const CompiledBinding& binding, const k8s::Object& object,
                    int index, const std::string& detail, const std::string& reason,
                    ValidationAction action) {
  Violation v;
  v.policy = policy.name;
  v.binding = binding.name;
  v.validation_index = index;
  v.detail = detail;
  v.action = action;
  v.reason = reason;
  v.location = object.root().range();
  if (action == ValidationAction::Deny)
    v.message = "ValidatingAdmissionPolicy '" + policy.name + "' with binding '" + binding.name +
                "' denied request: " + detail;
  else
    v.message = "Validation failed for ValidatingAdmissionPolicy '" + policy.name + "' with binding '" +
                binding.name + "': " + detail;
  return v;
}

/// Where one decision ends up: one violation per binding action.
void emit(const CompiledPolicy& policy, const CompiledBinding& binding, const k8s::Object& object, int index,
          const std::string& detail, const std::string& reason, std::vector<Violation>& out) {
  for (ValidationAction action : binding.actions)
    out.push_back(violation(policy, binding, object, index, detail, reason, action));
}

std::string trimmed(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

/// What the API server keeps of an audit annotation value: at most 10 KiB (cut here at a UTF-8
/// character boundary, so the annotation stays valid text).
std::string audit_value(std::string value) {
  constexpr std::size_t kMax = 10 * 1024;
  if (value.size() <= kMax) return value;
  std::size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  value.resize(cut);
  return value;
}

/// Audit annotation values of one evaluate() call by full key ("<policy>/<key>"), in first-seen
/// order; a value another binding already produced for the key is not repeated.
class AuditAnnotationCollector {
 public:
  void add(std::string key, std::string value) {
    for (auto& [k, values] : entries_) {
      if (k != key) continue;
      if (std::ranges::find(values, value) == values.end()) values.push_back(std::move(value));
      return;
    }
    entries_.push_back({std::move(key), {std::move(value)}});
  }
  void publish(std::vector<AuditAnnotation>& out) {
    for (auto& [key, values] : entries_) {
      std::string joined;
      for (const std::string& v : values) {
        if (!joined.empty()) joined += ", ";
        joined += v;
      }
      out.push_back({std::move(key), std::move(joined)});
    }
  }

 private:
  std::vector<std::pair<std::string, std::vector<std::string>>> entries_;
};

std::string error_detail(const CompiledExpression& e, const cel::Value& v) {
  if (v.is_error()) return "expression '" + trimmed(e.text) + "' resulted in error: " + v.error_message();
  return "expression '" + trimmed(e.text) + "' resulted in error: must evaluate to bool";
}

/// A Deny whatever the binding's actions: how the API server treats an audit annotation that
/// could not be produced.
void emit_deny(const CompiledPolicy& policy, const CompiledBinding& binding, const k8s::Object& object,
               const std::string& detail, std::vector<Violation>& out) {
  out.push_back(violation(policy, binding, object, -1, detail, "Invalid", ValidationAction::Deny));
}

void run_audit_annotations(const CompiledPolicy& policy, const CompiledBinding& binding,
                           const k8s::Object& object, cel::Activation& act,
                           AuditAnnotationCollector* collector, std::vector<Violation>& out) {
  for (const CompiledAuditAnnotation& a : policy.audit_annotations) {
    const cel::Value r = a.value_expression.program.evaluate(act);
    if (r.kind() == cel::Kind::String) {
      std::string value = trimmed(r.as_string());
      if (!value.empty() && collector != nullptr)
        collector->add(policy.name + "/" + a.key, audit_value(std::move(value)));
    } else if (r.kind() == cel::Kind::Null) {
      continue;  // null: no annotation
    } else if (r.is_error()) {
      if (policy.fail_closed)
        emit_deny(
            policy, binding, object,
            "expression '" + trimmed(a.value_expression.text) + "' resulted in error: " + r.error_message(),
            out);
    } else {
      // A wrong type is a policy bug the API server reports whatever the failure policy.
      emit_deny(policy, binding, object,
                "valueExpression '" + a.value_expression.text + "' resulted in unsupported return type: " +
                    std::string(r.type_name()) + ". Return type must be either string or null.",
                out);
    }
  }
}

void run(const CompiledPolicy& policy, const CompiledBinding& binding, const k8s::Object& object,
         const RequestContext& context, const k8s::Object* param, AuditAnnotationCollector* audit,
         std::vector<Violation>& out) {
  cel::Activation act(*policy.env);
  // For DELETE the object under review is the one being deleted: CEL sees it as oldObject only.
  const bool deleting = context.operation == "DELETE";
  act.set("object", deleting ? cel::Value::null() : to_cel(object.root()));
  const k8s::Object* old = deleting ? &object : context.old_object;
  act.set("oldObject", old != nullptr ? to_cel(old->root()) : cel::Value::null());
  // Most expressions never read request or authorizer: build them on first use.
  act.set_lazy("request", [&object, &context] {
    static const UserInfo anonymous;
    return request_of(object, context, context.user != nullptr ? *context.user : anonymous);
  });
  act.set("params", param != nullptr ? to_cel(param->root()) : cel::Value::null());
  act.set("namespaceObject", context.namespace_object);
  act.set_lazy("authorizer",
               [&context] { return cel::make_authorizer(context.authorizer, username_of(context)); });
  act.set_lazy("authorizer.requestResource", [&object, &context] {
    return cel::make_request_resource_check(context.authorizer, username_of(context),
                                            std::string(object.group()), resource_of_kind(object.kind()), "",
                                            std::string(object.namespace_name()), std::string(object.name()));
  });
  for (const CompiledVariable& v : policy.variables) {
    const cel::Program* program = &v.expression.program;
    act.set_lazy(v.name, [program, &act] { return program->evaluate(act); });
  }

  for (const CompiledMatchCondition& c : policy.match_conditions) {
    const cel::Value r = c.expression.program.evaluate(act);
    if (r.kind() == cel::Kind::Bool) {
      if (!r.as_bool()) return;  // the policy does not apply
      continue;
    }
    if (context.applied != nullptr) context.applied->push_back({policy.name, binding.name});
    if (policy.fail_closed)
      emit(policy, binding, object, -1,
           "failed to evaluate match condition '" + c.name + "': " + error_detail(c.expression, r), "Invalid",
           out);
    return;
  }

  if (context.applied != nullptr) context.applied->push_back({policy.name, binding.name});
  for (std::size_t i = 0; i < policy.validations.size(); ++i) {
    const CompiledValidation& v = policy.validations[i];
    const cel::Value r = v.expression.program.evaluate(act);
    if (r.kind() == cel::Kind::Bool && r.as_bool()) continue;
    if (r.kind() != cel::Kind::Bool) {
      if (policy.fail_closed)
        emit(policy, binding, object, static_cast<int>(i), error_detail(v.expression, r), "Invalid", out);
      continue;
    }
    std::string detail;
    if (v.message_expression) {
      // A messageExpression that fails or yields an empty / multi-line string falls back to message.
      const cel::Value m = v.message_expression->program.evaluate(act);
      if (m.kind() == cel::Kind::String) {
        std::string s = trimmed(m.as_string());
        if (!s.empty() && s.find('\n') == std::string::npos) detail = std::move(s);
      }
    }
    if (detail.empty())
      detail = v.message.empty() ? "failed expression: " + trimmed(v.expression.text) : trimmed(v.message);
    emit(policy, binding, object, static_cast<int>(i), detail, v.reason, out);
  }
  run_audit_annotations(policy, binding, object, act, audit, out);
}

bool is_param(const k8s::Object& candidate, const CompiledPolicy& policy) {
  return candidate.api_version() == policy.param_kind->first && candidate.kind() == policy.param_kind->second;
}

std::vector<const k8s::Object*> resolve_params(const CompiledPolicy& policy, const ParamRef& ref,
                                               const k8s::Object& object,
                                               std::span<const k8s::Object> candidates) {
  // Without paramRef.namespace, a namespaced request reads params from its own namespace.
  const std::string_view ns =
      !ref.namespace_.empty() ? std::string_view(ref.namespace_) : object.namespace_name();
  std::vector<const k8s::Object*> out;
  for (const k8s::Object& c : candidates) {
    if (!is_param(c, policy)) continue;
    if (!c.namespace_name().empty() && c.namespace_name() != ns) continue;
    if (!ref.name.empty() ? c.name() == ref.name : ref.selector->matches(k8s::labels_of(c.labels())))
      out.push_back(&c);
  }
  return out;
}

}  // namespace

RequestContext RequestContext::in(const ClusterSnapshot& cluster, const k8s::Object& object) {
  RequestContext c;
  c.user = &cluster.user();
  c.authorizer = cluster.authorizer();
  if (!is_cluster_scoped_kind(object.group(), object.kind())) {
    const std::string_view ns = object.namespace_name().empty() ? "default" : object.namespace_name();
    if (const NamespaceSnapshot* n = cluster.find_namespace(ns)) {
      c.namespace_object = n->object;
      c.namespace_labels = &n->labels;
    }
  }
  return c;
}

std::vector<Violation> PolicySet::evaluate(const k8s::Object& object,
                                           const k8s::Object* namespace_object) const {
  RequestContext context;
  k8s::Labels labels;
  if (namespace_object != nullptr) {
    context.namespace_object = to_cel(namespace_object->root());
    labels = k8s::labels_of(namespace_object->labels());
    context.namespace_labels = &labels;
  }
  return evaluate(object, context);
}

std::vector<Violation> PolicySet::evaluate(const k8s::Object& object, const RequestContext& context) const {
  std::vector<Violation> out;
  const k8s::Labels* namespace_labels = context.namespace_labels;
  AuditAnnotationCollector collector;
  AuditAnnotationCollector* audit = context.audit_annotations != nullptr ? &collector : nullptr;
  for (const auto& binding : bindings_) {
    const auto it =
        std::ranges::find_if(policies_, [&](const auto& p) { return p->name == binding->policy_name; });
    if (it == policies_.end()) continue;  // the API server ignores bindings to missing policies
    const CompiledPolicy& policy = **it;
    if (!policy.match.matches(object, namespace_labels, context.operation, context.old_object)) continue;
    if (binding->match &&
        !binding->match->matches(object, namespace_labels, context.operation, context.old_object))
      continue;
    if (!policy.param_kind) {
      run(policy, *binding, object, context, nullptr, audit, out);
      continue;
    }
    if (!binding->param_ref) {
      if (policy.fail_closed)
        emit(policy, *binding, object, -1,
             "failed to configure binding: paramRef is required by policy's paramKind", "Invalid", out);
      continue;
    }
    const auto params = resolve_params(policy, *binding->param_ref, object, params_);
    if (params.empty()) {
      if (binding->param_ref->deny_when_not_found)
        emit(policy, *binding, object, -1,
             "no params found for policy binding with `Deny` parameterNotFoundAction", "Invalid", out);
      continue;
    }
    for (const k8s::Object* param : params) run(policy, *binding, object, context, param, audit, out);
  }
  if (audit != nullptr) collector.publish(*context.audit_annotations);
  return out;
}

}  // namespace bulwark::policy
