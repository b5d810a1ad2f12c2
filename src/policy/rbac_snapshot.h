#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "k8s/label_selector.h"
#include "k8s/object.h"
#include "policy/user_info.h"

namespace bulwark::policy {

/// One rbac.authorization.k8s.io/v1 PolicyRule.
struct RbacRule {
  std::vector<std::string> verbs, api_groups, resources, resource_names, non_resource_urls;
};

/// What is asked of the authorizer (the RBAC-relevant part of authorizer.Attributes).
struct RbacRequest {
  std::string verb;
  bool resource_request = true;
  std::string group, resource, subresource, namespace_, name;
  std::string path;  // non-resource requests
};

/// The authorizer's answer: allowed (with the RBAC reason `RBAC: allowed by ...`) or no opinion
/// (with a reason only when some binding could not be resolved, as the RBAC authorizer does).
struct RbacDecision {
  bool allowed = false;
  std::string reason;
};

/// Whether a PolicyRule grants a request, with Kubernetes' RuleAllows semantics: verbs and
/// apiGroups match exactly or by `*`; resources by `*`, exactly (`pods/log` for subresources) or
/// `*/<subresource>`; resourceNames (when any) must list the name; non-resource URLs match by `*`,
/// exactly or as a prefix ending in `*`.
bool rule_allows(const RbacRule& rule, const RbacRequest& request);

/// A static snapshot of a cluster's RBAC, built from the Roles, ClusterRoles (with aggregation
/// rules), RoleBindings and ClusterRoleBindings of a scan, answering as the API server's
/// authorizer chain would: members of `system:masters` are allowed everything, everyone else by
/// RBAC. The user-facing bootstrap ClusterRoles (cluster-admin, admin, edit, view and the
/// system:aggregate-to-* roles; bootstrap_cluster_roles.h) are known unless the scan defines a
/// role of the same name; a scanned ClusterRole labelled aggregate-to-edit joins edit (and admin).
/// The other system:* roles (controllers, nodes) are not modelled.
class RbacSnapshot {
 public:
  RbacSnapshot();

  /// Records an RBAC object; returns false (and ignores it) for anything else.
  bool add(const k8s::Object& object);
  static bool is_rbac_kind(const k8s::Object& object);

  RbacDecision authorize(const UserInfo& user, const RbacRequest& request) const;

  std::size_t binding_count() const { return bindings_.size(); }

 private:
  struct Role {
    std::vector<RbacRule> rules;
    std::vector<k8s::LabelSelector> aggregation;  // ClusterRole aggregationRule.clusterRoleSelectors
    bool aggregated = false;
    k8s::Labels labels;
  };
  struct Subject {
    std::string kind, name, namespace_;
  };
  struct Binding {
    std::string name, namespace_;  // namespace_ empty: a ClusterRoleBinding
    std::string role_kind, role_name;
    std::vector<Subject> subjects;
  };

  /// The rules a binding grants, or the error the API server's resolver reports for it.
  bool rules_of(const Binding& binding, std::vector<RbacRule>& out, std::string& error) const;
  /// A ClusterRole's rules; an aggregated one's are its selected roles' (as the aggregation
  /// controller writes them), transitively.
  void cluster_role_rules(const std::string& name, const Role& role, std::vector<RbacRule>& out,
                          std::vector<std::string>& visiting) const;

  std::map<std::string, Role, std::less<>> cluster_roles_;
  std::map<std::pair<std::string, std::string>, Role, std::less<>> roles_;  // (namespace, name)
  std::vector<Binding> bindings_;
};

}  // namespace bulwark::policy
