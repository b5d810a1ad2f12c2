#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "doc/node.h"

namespace bulwark::rules::rbac {

/// One entry of a Role's or ClusterRole's `rules`, as RBAC evaluates it.
struct PolicyRule {
  std::vector<std::string> api_groups;
  std::vector<std::string> resources;
  std::vector<std::string> verbs;
  bool has_resource_names = false;
  const doc::Node* node = nullptr;  // valid only while the document lives
};

/// Reads a `rules` list (entries that are not mappings are skipped).
std::vector<PolicyRule> policy_rules_of(const doc::Node* rules);

/// How a rule matches a request. `explicit_resource`: the resource must be named, not `*` — the
/// wildcard rules already report `*`, so specific rules leave it to them.
bool grants(const PolicyRule& rule, std::string_view group, std::string_view resource, std::string_view verb,
            bool explicit_resource = true);

/// One dangerous permission: what it lets a holder do, for messages ("read Secrets").
struct Permission {
  std::string_view id;  // the rule id that reports it on a Role
  std::string_view what;
};

/// The dangerous permissions a rule grants (resources given as `*` included), in catalog order;
/// `*` on `*` counts as full control and is listed once ("do everything").
std::vector<Permission> dangerous_permissions(const PolicyRule& rule);
/// True when the rule names the resource of the permission reported by rule `id` explicitly and
/// grants one of its verbs (what the Role rules report; `*` resources are the wildcard rule's).
bool grants_permission(const PolicyRule& rule, std::string_view id);
/// What the permission reported by rule `id` lets a holder do ("read Secrets").
std::string_view permission_description(std::string_view id);
/// True when the rule grants every verb on every resource of every group.
bool grants_everything(const PolicyRule& rule);

}  // namespace bulwark::rules::rbac
