// Reads ValidatingAdmissionPolicy / ValidatingAdmissionPolicyBinding objects into compiled form,
// rejecting what the API server's validation would reject.
#include <algorithm>
#include <set>

#include "policy/compiled_policy.h"
#include "policy/policy_set.h"

namespace bulwark::policy {
namespace {

constexpr std::string_view kGroupVersion = "admissionregistration.k8s.io/v1";

/// Collects errors for one object; `fail` records and reports false for chaining.
class IssueSink {
 public:
  IssueSink(const k8s::Object& object, std::vector<PolicyError>& errors) : object_(object), errors_(errors) {}
  bool fail(const doc::Node* at, std::string message) {
    const doc::SourceRange range = at != nullptr ? at->range() : object_.root().range();
    errors_.push_back(
        {object_.document().file(), range,
         std::string(object_.kind()) + " '" + std::string(object_.name()) + "': " + std::move(message)});
    return false;
  }
  bool fail(const LoadIssue& issue) {
    errors_.push_back(
        {object_.document().file(), issue.range,
         std::string(object_.kind()) + " '" + std::string(object_.name()) + "': " + issue.message});
    return false;
  }

 private:
  const k8s::Object& object_;
  std::vector<PolicyError>& errors_;
};

std::optional<std::string_view> string_field(const doc::Node& map, std::string_view key) {
  const doc::Node* n = map.get(key);
  return n != nullptr ? n->as_string() : std::nullopt;
}

bool compile_expression(const doc::Node* node, std::string_view field, const cel::Environment& env,
                        IssueSink& sink, std::optional<CompiledExpression>& out) {
  if (node == nullptr) return sink.fail(nullptr, std::string(field) + ": Required value");
  auto text = node->as_string();
  if (!text) return sink.fail(node, std::string(field) + ": must be a string");
  auto program = cel::compile(*text, env);
  if (!program)
    return sink.fail(node, std::string(field) +
                               ": compilation failed: " + std::to_string(program.error().line) + ":" +
                               std::to_string(program.error().col) + ": " + program.error().message);
  out.emplace(CompiledExpression{std::string(*text), std::move(*program), node->range()});
  return true;
}

/// The name part of a Kubernetes qualified name: what an audit annotation key must be, as the
/// API server validates "<policy name>/<key>".
bool is_qualified_name_part(std::string_view s) {
  const auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  if (s.empty() || s.size() > 63 || !alnum(s.front()) || !alnum(s.back())) return false;
  return std::ranges::all_of(s, [&](char c) { return alnum(c) || c == '-' || c == '_' || c == '.'; });
}

/// Iterates a list field, reporting when it is not a list of mappings.
template <typename Fn>
bool each_mapping(const doc::Node& spec, std::string_view key, IssueSink& sink, Fn fn) {
  const doc::Node* list = spec.get(key);
  if (list == nullptr || list->is_null()) return true;
  if (!list->is_sequence()) return sink.fail(list, "spec." + std::string(key) + ": must be a list");
  bool ok = true;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const doc::Node* item = list->at(i);
    const std::string field = "spec." + std::string(key) + "[" + std::to_string(i) + "]";
    if (!item->is_mapping()) {
      ok = sink.fail(item, field + ": must be a mapping");
      continue;
    }
    ok = fn(*item, field) && ok;
  }
  return ok;
}

std::optional<CompiledPolicy> load_policy(const k8s::Object& object, IssueSink& sink) {
  CompiledPolicy p;
  p.name = std::string(object.name());
  if (p.name.empty()) return sink.fail(nullptr, "metadata.name: Required value"), std::nullopt;
  const doc::Node* spec = object.root().get("spec");
  if (spec == nullptr || !spec->is_mapping()) return sink.fail(spec, "spec: Required value"), std::nullopt;
  bool ok = true;

  if (const doc::Node* fp = spec->get("failurePolicy")) {
    auto s = fp->as_string();
    if (s == "Ignore")
      p.fail_closed = false;
    else if (s != "Fail")
      ok = sink.fail(fp, "spec.failurePolicy: Unsupported value: must be \"Fail\" or \"Ignore\"");
  }
  if (const doc::Node* pk = spec->get("paramKind"); pk != nullptr && !pk->is_null()) {
    auto av = pk->is_mapping() ? string_field(*pk, "apiVersion") : std::nullopt;
    auto kind = pk->is_mapping() ? string_field(*pk, "kind") : std::nullopt;
    if (!av || !kind || av->empty() || kind->empty())
      ok = sink.fail(pk, "spec.paramKind: apiVersion and kind are required");
    else
      p.param_kind.emplace(std::string(*av), std::string(*kind));
  }
  const doc::Node* mc = spec->get("matchConstraints");
  if (mc == nullptr || mc->is_null()) {
    ok = sink.fail(spec, "spec.matchConstraints: Required value");
  } else if (auto m = MatchResources::parse(*mc, "spec.matchConstraints"); !m) {
    ok = sink.fail(m.error());
  } else if (m->resource_rules.empty()) {
    ok = sink.fail(mc, "spec.matchConstraints.resourceRules: Required value");
  } else {
    p.match = std::move(*m);
  }

  p.env = std::make_shared<cel::Environment>();
  for (const char* name : {"object", "oldObject", "request", "params", "namespaceObject", "authorizer",
                           "authorizer.requestResource"})
    p.env->declare(name);

  std::set<std::string, std::less<>> seen;
  ok = each_mapping(*spec, "variables", sink,
                    [&](const doc::Node& v, const std::string& field) {
                      auto name = string_field(v, "name");
                      if (!name || name->empty()) return sink.fail(&v, field + ".name: Required value");
                      if (!seen.insert(std::string(*name)).second)
                        return sink.fail(v.get("name"), field + ".name: Duplicate value");
                      // Variables see only the variables declared before them.
                      std::optional<CompiledExpression> e;
                      const bool compiled =
                          compile_expression(v.get("expression"), field + ".expression", *p.env, sink, e);
                      p.env->declare("variables." + std::string(*name));
                      if (compiled) p.variables.push_back({"variables." + std::string(*name), std::move(*e)});
                      return compiled;
                    }) &&
       ok;

  seen.clear();
  ok = each_mapping(*spec, "matchConditions", sink,
                    [&](const doc::Node& c, const std::string& field) {
                      auto name = string_field(c, "name");
                      if (!name || name->empty()) return sink.fail(&c, field + ".name: Required value");
                      if (!seen.insert(std::string(*name)).second)
                        return sink.fail(c.get("name"), field + ".name: Duplicate value");
                      std::optional<CompiledExpression> e;
                      if (!compile_expression(c.get("expression"), field + ".expression", *p.env, sink, e))
                        return false;
                      p.match_conditions.push_back({std::string(*name), std::move(*e)});
                      return true;
                    }) &&
       ok;

  ok = each_mapping(
           *spec, "validations", sink,
           [&](const doc::Node& v, const std::string& field) {
             std::optional<CompiledExpression> e;
             if (!compile_expression(v.get("expression"), field + ".expression", *p.env, sink, e))
               return false;
             CompiledValidation cv{std::move(*e), {}, std::nullopt, "Invalid"};
             if (const doc::Node* m = v.get("message")) {
               auto s = m->as_string();
               if (!s) return sink.fail(m, field + ".message: must be a string");
               if (s->find('\n') != std::string_view::npos)
                 return sink.fail(m, field + ".message: must not contain line breaks");
               cv.message = std::string(*s);
             }
             if (const doc::Node* me = v.get("messageExpression")) {
               if (!compile_expression(me, field + ".messageExpression", *p.env, sink, cv.message_expression))
                 return false;
             }
             if (const doc::Node* r = v.get("reason")) {
               auto s = r->as_string();
               if (!s) return sink.fail(r, field + ".reason: must be a string");
               cv.reason = std::string(*s);
             }
             p.validations.push_back(std::move(cv));
             return true;
           }) &&
       ok;
  seen.clear();
  ok = each_mapping(*spec, "auditAnnotations", sink,
                    [&](const doc::Node& a, const std::string& field) {
                      auto key = string_field(a, "key");
                      if (!key || key->empty()) return sink.fail(&a, field + ".key: Required value");
                      if (!is_qualified_name_part(*key))
                        return sink.fail(a.get("key"),
                                         field + ".key: Invalid value: \"" + std::string(*key) +
                                             "\": must be 63 characters or less, alphanumeric, '-', '_' or "
                                             "'.', and start and end with an alphanumeric character");
                      if (!seen.insert(std::string(*key)).second)
                        return sink.fail(a.get("key"), field + ".key: Duplicate value");
                      const doc::Node* value = a.get("valueExpression");
                      if (value != nullptr && value->as_string() && value->as_string()->size() > 5 * 1024)
                        return sink.fail(value,
                                         field + ".valueExpression: must not exceed 5120 bytes in length");
                      std::optional<CompiledExpression> e;
                      if (!compile_expression(value, field + ".valueExpression", *p.env, sink, e))
                        return false;
                      p.audit_annotations.push_back({std::string(*key), std::move(*e)});
                      return true;
                    }) &&
       ok;
  const doc::Node* audits = spec->get("auditAnnotations");
  if (p.validations.empty() && ok && (audits == nullptr || audits->size() == 0))
    ok = sink.fail(
        spec,
        "spec.validations: Required value: validations or auditAnnotations must contain at least one item");
  if (!ok) return std::nullopt;
  return p;
}

std::optional<CompiledBinding> load_binding(const k8s::Object& object, IssueSink& sink) {
  CompiledBinding b;
  b.name = std::string(object.name());
  if (b.name.empty()) return sink.fail(nullptr, "metadata.name: Required value"), std::nullopt;
  const doc::Node* spec = object.root().get("spec");
  if (spec == nullptr || !spec->is_mapping()) return sink.fail(spec, "spec: Required value"), std::nullopt;
  bool ok = true;
  auto policy = string_field(*spec, "policyName");
  if (!policy || policy->empty())
    ok = sink.fail(spec, "spec.policyName: Required value");
  else
    b.policy_name = std::string(*policy);

  const doc::Node* actions = spec->get("validationActions");
  if (actions == nullptr || !actions->is_sequence() || actions->size() == 0) {
    ok = sink.fail(actions != nullptr ? actions : spec, "spec.validationActions: Required value");
  } else {
    for (const doc::Node* a : actions->items()) {
      auto s = a->as_string();
      ValidationAction action;
      if (s == "Deny")
        action = ValidationAction::Deny;
      else if (s == "Warn")
        action = ValidationAction::Warn;
      else if (s == "Audit")
        action = ValidationAction::Audit;
      else {
        ok = sink.fail(a,
                       "spec.validationActions: Unsupported value: must be \"Deny\", \"Warn\" or \"Audit\"");
        continue;
      }
      if (std::ranges::find(b.actions, action) != b.actions.end())
        ok = sink.fail(a, "spec.validationActions: Duplicate value");
      else
        b.actions.push_back(action);
    }
    const auto has = [&](ValidationAction a) { return std::ranges::find(b.actions, a) != b.actions.end(); };
    if (has(ValidationAction::Deny) && has(ValidationAction::Warn))
      ok = sink.fail(actions, "spec.validationActions: Deny and Warn may not be used together");
  }

  if (const doc::Node* pr = spec->get("paramRef"); pr != nullptr && !pr->is_null()) {
    if (!pr->is_mapping()) {
      ok = sink.fail(pr, "spec.paramRef: must be a mapping");
    } else {
      ParamRef ref;
      ref.name = std::string(string_field(*pr, "name").value_or(""));
      ref.namespace_ = std::string(string_field(*pr, "namespace").value_or(""));
      if (const doc::Node* sel = pr->get("selector"); sel != nullptr && !sel->is_null()) {
        auto s = k8s::LabelSelector::parse(*sel);
        if (!s)
          ok = sink.fail(sel, "spec.paramRef.selector: " + s.error());
        else
          ref.selector = std::move(*s);
      }
      if (ref.name.empty() == !ref.selector.has_value())
        ok = sink.fail(pr, "spec.paramRef: exactly one of name or selector must be set");
      if (const doc::Node* a = pr->get("parameterNotFoundAction")) {
        auto s = a->as_string();
        if (s == "Allow")
          ref.deny_when_not_found = false;
        else if (s != "Deny")
          ok = sink.fail(
              a, "spec.paramRef.parameterNotFoundAction: Unsupported value: must be \"Allow\" or \"Deny\"");
      }
      b.param_ref = std::move(ref);
    }
  }
  if (const doc::Node* mr = spec->get("matchResources"); mr != nullptr && !mr->is_null()) {
    auto m = MatchResources::parse(*mr, "spec.matchResources");
    if (!m)
      ok = sink.fail(m.error());
    else
      b.match = std::move(*m);
  }
  if (!ok) return std::nullopt;
  return b;
}

}  // namespace

std::string_view to_string(ValidationAction action) {
  switch (action) {
    case ValidationAction::Deny:
      return "Deny";
    case ValidationAction::Warn:
      return "Warn";
    case ValidationAction::Audit:
      return "Audit";
  }
  return "Deny";
}

PolicySet::PolicySet() = default;
PolicySet::PolicySet(PolicySet&&) noexcept = default;
PolicySet& PolicySet::operator=(PolicySet&&) noexcept = default;
PolicySet::~PolicySet() = default;

std::vector<std::pair<std::string, std::string>> PolicySet::param_kinds() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& p : policies_)
    if (p->param_kind && std::ranges::find(out, *p->param_kind) == out.end()) out.push_back(*p->param_kind);
  return out;
}

void PolicySet::add_params(std::span<const k8s::Object> params) {
  params_.insert(params_.end(), params.begin(), params.end());
}

std::size_t PolicySet::policy_count() const {
  return policies_.size();
}
std::size_t PolicySet::binding_count() const {
  return bindings_.size();
}

PolicySet::LoadResult PolicySet::load(std::span<const k8s::Object> objects) {
  return load(objects, {});
}

PolicySet::LoadResult PolicySet::load(std::span<const k8s::Object> objects,
                                      std::span<const k8s::Object> params) {
  LoadResult out;
  for (const k8s::Object& o : objects) {
    const bool policy = o.kind() == "ValidatingAdmissionPolicy";
    const bool binding = o.kind() == "ValidatingAdmissionPolicyBinding";
    if ((policy || binding) && o.api_version() == kGroupVersion) {
      IssueSink sink(o, out.errors);
      if (policy) {
        if (auto p = load_policy(o, sink))
          out.set.policies_.push_back(std::make_shared<const CompiledPolicy>(std::move(*p)));
      } else if (auto b = load_binding(o, sink)) {
        out.set.bindings_.push_back(std::make_shared<const CompiledBinding>(std::move(*b)));
      }
    }
    out.set.params_.push_back(o);
  }
  out.set.params_.insert(out.set.params_.end(), params.begin(), params.end());
  return out;
}

}  // namespace bulwark::policy
