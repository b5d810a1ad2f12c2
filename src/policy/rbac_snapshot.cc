// Kubernetes' RBAC authorizer over a static set of objects: the same rule matching
// (plugin/pkg/auth/authorizer/rbac), binding subjects, role resolution and reasons.
#include "policy/rbac_snapshot.h"

#include <algorithm>
#include <set>

#include "policy/bootstrap_cluster_roles.h"

namespace bulwark::policy {
namespace {

constexpr std::string_view kRbacGroupVersion = "rbac.authorization.k8s.io/v1";

std::vector<std::string> strings_at(const doc::Node& map, std::string_view key) {
  std::vector<std::string> out;
  const doc::Node* list = map.get(key);
  if (list == nullptr || !list->is_sequence()) return out;
  for (const doc::Node* item : list->items())
    if (auto s = item->as_string()) out.emplace_back(*s);
  return out;
}

std::string string_at(const doc::Node* map, std::string_view key) {
  if (map == nullptr || !map->is_mapping()) return {};
  const doc::Node* n = map->get(key);
  return n != nullptr ? std::string(n->as_string().value_or("")) : std::string();
}

std::vector<RbacRule> rules_at(const doc::Node& root) {
  std::vector<RbacRule> out;
  const doc::Node* rules = root.get("rules");
  if (rules == nullptr || !rules->is_sequence()) return out;
  for (const doc::Node* r : rules->items()) {
    if (!r->is_mapping()) continue;
    out.push_back(RbacRule{strings_at(*r, "verbs"), strings_at(*r, "apiGroups"), strings_at(*r, "resources"),
                           strings_at(*r, "resourceNames"), strings_at(*r, "nonResourceURLs")});
  }
  return out;
}

bool has(const std::vector<std::string>& values, std::string_view v) {
  return std::ranges::find(values, v) != values.end();
}

bool verb_matches(const RbacRule& rule, std::string_view verb) {
  return has(rule.verbs, "*") || has(rule.verbs, verb);
}

bool group_matches(const RbacRule& rule, std::string_view group) {
  return has(rule.api_groups, "*") || has(rule.api_groups, group);
}

bool resource_matches(const RbacRule& rule, std::string_view combined, std::string_view subresource) {
  for (const std::string& r : rule.resources) {
    if (r == "*" || r == combined) return true;
    if (subresource.empty()) continue;
    // "*/scale" grants the scale subresource of every resource.
    if (r.size() == subresource.size() + 2 && r.starts_with("*/") && r.ends_with(subresource)) return true;
  }
  return false;
}

bool name_matches(const RbacRule& rule, std::string_view name) {
  return rule.resource_names.empty() || has(rule.resource_names, name);
}

bool url_matches(const RbacRule& rule, std::string_view path) {
  for (const std::string& u : rule.non_resource_urls) {
    if (u == "*" || u == path) return true;
    if (u.ends_with('*')) {
      // strings.TrimRight(u, "*"): every trailing star goes.
      const std::string_view prefix = std::string_view(u).substr(0, u.find_last_not_of('*') + 1);
      if (path.starts_with(prefix)) return true;
    }
  }
  return false;
}

std::string quoted(std::string_view s) {
  // Go's %q; RBAC names are printable, so escaping quotes and backslashes suffices.
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

bool rule_allows(const RbacRule& rule, const RbacRequest& request) {
  if (!request.resource_request) return verb_matches(rule, request.verb) && url_matches(rule, request.path);
  const std::string combined =
      request.subresource.empty() ? request.resource : request.resource + "/" + request.subresource;
  return verb_matches(rule, request.verb) && group_matches(rule, request.group) &&
         resource_matches(rule, combined, request.subresource) && name_matches(rule, request.name);
}

RbacSnapshot::RbacSnapshot() {
  for (const BootstrapClusterRole& b : bootstrap_cluster_roles()) {
    Role role;
    role.rules = b.rules;
    role.aggregated = !b.aggregates_label.empty();
    if (role.aggregated)
      role.aggregation.push_back(
          k8s::LabelSelector::match_labels({{std::string(b.aggregates_label), "true"}}));
    for (std::string_view label : b.labels) role.labels.emplace(std::string(label), "true");
    cluster_roles_.emplace(std::string(b.name), std::move(role));
  }
}

bool RbacSnapshot::is_rbac_kind(const k8s::Object& object) {
  if (object.api_version() != kRbacGroupVersion) return false;
  const std::string_view k = object.kind();
  return k == "Role" || k == "ClusterRole" || k == "RoleBinding" || k == "ClusterRoleBinding";
}

bool RbacSnapshot::add(const k8s::Object& object) {
  if (!is_rbac_kind(object)) return false;
  const doc::Node& root = object.root();
  const std::string name(object.name());
  if (object.kind() == "ClusterRole" || object.kind() == "Role") {
    Role role;
    role.rules = rules_at(root);
    role.labels = k8s::labels_of(object.labels());
    if (const doc::Node* agg = root.get("aggregationRule"); agg != nullptr && agg->is_mapping()) {
      role.aggregated = object.kind() == "ClusterRole";
      if (const doc::Node* sels = agg->get("clusterRoleSelectors"); sels != nullptr && sels->is_sequence())
        for (const doc::Node* s : sels->items())
          if (auto sel = k8s::LabelSelector::parse(*s)) role.aggregation.push_back(std::move(*sel));
    }
    if (object.kind() == "ClusterRole")
      cluster_roles_.insert_or_assign(name, std::move(role));
    else
      roles_.insert_or_assign(
          {std::string(object.namespace_name().empty() ? "default" : object.namespace_name()), name},
          std::move(role));
    return true;
  }
  Binding b;
  b.name = name;
  if (object.kind() == "RoleBinding")
    b.namespace_ = std::string(object.namespace_name().empty() ? "default" : object.namespace_name());
  const doc::Node* ref = root.get("roleRef");
  b.role_kind = string_at(ref, "kind");
  b.role_name = string_at(ref, "name");
  if (const doc::Node* subjects = root.get("subjects"); subjects != nullptr && subjects->is_sequence())
    for (const doc::Node* s : subjects->items())
      b.subjects.push_back(Subject{string_at(s, "kind"), string_at(s, "name"), string_at(s, "namespace")});
  std::erase_if(bindings_,
                [&](const Binding& x) { return x.name == b.name && x.namespace_ == b.namespace_; });
  bindings_.push_back(std::move(b));
  return true;
}

void RbacSnapshot::cluster_role_rules(const std::string& name, const Role& role, std::vector<RbacRule>& out,
                                      std::vector<std::string>& visiting) const {
  if (!role.aggregated) {
    out.insert(out.end(), role.rules.begin(), role.rules.end());
    return;
  }
  if (has(visiting, name)) return;
  visiting.push_back(name);
  for (const auto& [other_name, other] : cluster_roles_) {
    if (other_name == name) continue;
    if (std::ranges::any_of(role.aggregation,
                            [&](const k8s::LabelSelector& s) { return s.matches(other.labels); }))
      cluster_role_rules(other_name, other, out, visiting);
  }
  visiting.pop_back();
}

bool RbacSnapshot::rules_of(const Binding& binding, std::vector<RbacRule>& out, std::string& error) const {
  if (binding.role_kind == "ClusterRole") {
    const auto it = cluster_roles_.find(binding.role_name);
    if (it != cluster_roles_.end()) {
      std::vector<std::string> visiting;
      cluster_role_rules(it->first, it->second, out, visiting);
      return true;
    }
    error = "clusterrole.rbac.authorization.k8s.io " + quoted(binding.role_name) + " not found";
    return false;
  }
  if (binding.role_kind == "Role") {
    const auto it = roles_.find(std::pair<std::string, std::string>(binding.namespace_, binding.role_name));
    if (it == roles_.end()) {
      error = "role.rbac.authorization.k8s.io " + quoted(binding.role_name) + " not found";
      return false;
    }
    out.insert(out.end(), it->second.rules.begin(), it->second.rules.end());
    return true;
  }
  error = "unsupported role reference kind: " + quoted(binding.role_kind);
  return false;
}

namespace {

/// The index of the first subject the user is, or -1 (rbac's appliesTo).
int subject_index(const UserInfo& user, const auto& subjects, std::string_view binding_namespace) {
  for (std::size_t i = 0; i < subjects.size(); ++i) {
    const auto& s = subjects[i];
    bool applies = false;
    if (s.kind == "User") {
      applies = user.username == s.name;
    } else if (s.kind == "Group") {
      applies = has(user.groups, s.name);
    } else if (s.kind == "ServiceAccount") {
      // A subject without namespace means the binding's own (none for ClusterRoleBindings).
      const std::string_view ns = !s.namespace_.empty() ? std::string_view(s.namespace_) : binding_namespace;
      applies = !ns.empty() && user.username == "system:serviceaccount:" + std::string(ns) + ":" + s.name;
    }
    if (applies) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

RbacDecision RbacSnapshot::authorize(const UserInfo& user, const RbacRequest& request) const {
  // The privileged-group authorizer runs before RBAC and allows system:masters without a reason.
  if (has(user.groups, "system:masters")) return RbacDecision{true, ""};
  std::vector<std::string> errors;
  auto visit = [&](const Binding& b) -> std::optional<RbacDecision> {
    const int index = subject_index(user, b.subjects, b.namespace_);
    if (index < 0) return std::nullopt;
    std::vector<RbacRule> rules;
    std::string error;
    if (!rules_of(b, rules, error)) {
      errors.push_back(std::move(error));
      return std::nullopt;
    }
    for (const RbacRule& r : rules) {
      if (!rule_allows(r, request)) continue;
      const Subject& s = b.subjects[static_cast<std::size_t>(index)];
      std::string subject = s.kind + " ";
      if (s.kind == "ServiceAccount")
        subject += quoted(s.name + "/" + (s.namespace_.empty() ? b.namespace_ : s.namespace_));
      else
        subject += quoted(s.name);
      const std::string binding = b.namespace_.empty() ? "ClusterRoleBinding " + quoted(b.name)
                                                       : "RoleBinding " + quoted(b.name + "/" + b.namespace_);
      return RbacDecision{true, "RBAC: allowed by " + binding + " of " + b.role_kind + " " +
                                    quoted(b.role_name) + " to " + subject};
    }
    return std::nullopt;
  };
  for (const Binding& b : bindings_)
    if (b.namespace_.empty())
      if (auto d = visit(b)) return *d;
  // RoleBindings count only for requests within their namespace.
  if (!request.namespace_.empty())
    for (const Binding& b : bindings_)
      if (b.namespace_ == request.namespace_)
        if (auto d = visit(b)) return *d;
  RbacDecision denied;
  if (!errors.empty()) {
    // utilerrors.NewAggregate: one message as is, several deduplicated in brackets.
    std::vector<std::string> unique;
    for (std::string& e : errors)
      if (!has(unique, e)) unique.push_back(std::move(e));
    std::string joined;
    for (const std::string& e : unique) joined += (joined.empty() ? "" : ", ") + e;
    denied.reason = "RBAC: " + (unique.size() == 1 ? joined : "[" + joined + "]");
  }
  return denied;
}

}  // namespace bulwark::policy
