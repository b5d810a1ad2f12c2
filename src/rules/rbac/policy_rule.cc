#include "rules/rbac/policy_rule.h"

#include <algorithm>
#include <array>

namespace bulwark::rules::rbac {
namespace {

std::vector<std::string> strings(const doc::Node* list) {
  std::vector<std::string> out;
  if (!list || !list->is_sequence()) return out;
  for (const doc::Node* n : list->items())
    if (auto s = n->as_string()) out.emplace_back(*s);
  return out;
}

bool has(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

struct Grant {
  std::string_view group;
  std::string_view resource;
  std::array<std::string_view, 4> verbs;
};

struct Check {
  Permission permission;
  std::array<Grant, 8> grants;
  // Reading with get on named objects only (resourceNames) is narrow enough to pass.
  bool names_restrict = false;
};

// What each rule id looks for; groups "" is the core API group.
const std::array<Check, 16> kChecks{{
    {{"BW-rbac-secrets-read", "read Secrets"}, {{{"", "secrets", {"get", "list", "watch"}}}}, true},
    {{"BW-rbac-pod-exec", "exec or attach into pods"},
     {{{"", "pods/exec", {"create", "get"}}, {"", "pods/attach", {"create", "get"}}}}},
    {{"BW-rbac-pod-portforward", "port-forward into pods"}, {{{"", "pods/portforward", {"create", "get"}}}}},
    {{"BW-rbac-create-pods", "create pods"}, {{{"", "pods", {"create"}}}}},
    {{"BW-rbac-create-workloads", "create or change workload controllers"},
     {{{"apps", "deployments", {"create", "update", "patch"}},
       {"apps", "daemonsets", {"create", "update", "patch"}},
       {"apps", "statefulsets", {"create", "update", "patch"}},
       {"apps", "replicasets", {"create", "update", "patch"}},
       {"batch", "jobs", {"create", "update", "patch"}},
       {"batch", "cronjobs", {"create", "update", "patch"}},
       {"", "replicationcontrollers", {"create", "update", "patch"}}}}},
    {{"BW-rbac-escalate", "escalate roles"},
     {{{"rbac.authorization.k8s.io", "roles", {"escalate"}},
       {"rbac.authorization.k8s.io", "clusterroles", {"escalate"}}}}},
    {{"BW-rbac-bind", "bind any role"},
     {{{"rbac.authorization.k8s.io", "roles", {"bind"}},
       {"rbac.authorization.k8s.io", "clusterroles", {"bind"}}}}},
    {{"BW-rbac-impersonate", "impersonate users, groups or service accounts"},
     {{{"", "users", {"impersonate"}},
       {"", "groups", {"impersonate"}},
       {"", "serviceaccounts", {"impersonate"}},
       {"authentication.k8s.io", "uids", {"impersonate"}},
       {"authentication.k8s.io", "userextras", {"impersonate"}},
       {"authentication.k8s.io", "userextras/scopes", {"impersonate"}}}}},
    {{"BW-rbac-nodes-proxy", "use the kubelet API through nodes/proxy"},
     {{{"", "nodes/proxy", {"get", "create", "update", "patch"}}}}},
    {{"BW-rbac-serviceaccount-token", "mint service account tokens"},
     {{{"", "serviceaccounts/token", {"create"}}}}},
    {{"BW-rbac-csr-approve", "approve certificate signing requests"},
     {{{"certificates.k8s.io", "certificatesigningrequests/approval", {"update", "patch"}}}}},
    {{"BW-rbac-webhook-config", "change admission webhooks"},
     {{{"admissionregistration.k8s.io",
        "validatingwebhookconfigurations",
        {"create", "update", "patch", "delete"}},
       {"admissionregistration.k8s.io",
        "mutatingwebhookconfigurations",
        {"create", "update", "patch", "delete"}},
       {"admissionregistration.k8s.io",
        "validatingadmissionpolicies",
        {"create", "update", "patch", "delete"}},
       {"admissionregistration.k8s.io",
        "validatingadmissionpolicybindings",
        {"create", "update", "patch", "delete"}}}}},
    {{"BW-rbac-persistent-volume-create", "create PersistentVolumes"},
     {{{"", "persistentvolumes", {"create"}}}}},
    {{"BW-rbac-delete-events", "delete events"},
     {{{"", "events", {"delete", "deletecollection"}},
       {"events.k8s.io", "events", {"delete", "deletecollection"}}}}},
    {{"BW-rbac-manage-rbac", "create or change roles and bindings"},
     {{{"rbac.authorization.k8s.io", "roles", {"create", "update", "patch"}},
       {"rbac.authorization.k8s.io", "clusterroles", {"create", "update", "patch"}},
       {"rbac.authorization.k8s.io", "rolebindings", {"create", "update", "patch"}},
       {"rbac.authorization.k8s.io", "clusterrolebindings", {"create", "update", "patch"}}}}},
    {{"BW-rbac-ephemeral-containers", "add ephemeral containers to pods"},
     {{{"", "pods/ephemeralcontainers", {"update", "patch"}}}}},
}};

bool check_granted(const PolicyRule& rule, const Check& check, bool explicit_resource) {
  for (const Grant& g : check.grants) {
    if (g.resource.empty()) break;
    for (std::string_view verb : g.verbs) {
      if (verb.empty()) break;
      if (check.names_restrict && rule.has_resource_names && verb == "get") continue;
      if (grants(rule, g.group, g.resource, verb, explicit_resource)) return true;
    }
  }
  return false;
}

}  // namespace

std::vector<PolicyRule> policy_rules_of(const doc::Node* rules) {
  std::vector<PolicyRule> out;
  if (!rules || !rules->is_sequence()) return out;
  for (const doc::Node* r : rules->items()) {
    if (!r->is_mapping()) continue;
    PolicyRule rule;
    rule.api_groups = strings(r->get("apiGroups"));
    rule.resources = strings(r->get("resources"));
    rule.verbs = strings(r->get("verbs"));
    const doc::Node* names = r->get("resourceNames");
    rule.has_resource_names = names && names->is_sequence() && names->size() > 0;
    rule.node = r;
    out.push_back(std::move(rule));
  }
  return out;
}

bool grants(const PolicyRule& rule, std::string_view group, std::string_view resource, std::string_view verb,
            bool explicit_resource) {
  const bool group_ok = has(rule.api_groups, group) || has(rule.api_groups, "*");
  bool resource_ok = has(rule.resources, resource);
  if (!resource_ok && !explicit_resource) resource_ok = has(rule.resources, "*");
  // "pods/*" grants every subresource of pods.
  if (!resource_ok)
    if (auto slash = resource.find('/'); slash != std::string_view::npos)
      resource_ok = has(rule.resources, std::string(resource.substr(0, slash)) + "/*");
  const bool verb_ok = has(rule.verbs, verb) || has(rule.verbs, "*");
  return group_ok && resource_ok && verb_ok;
}

bool grants_everything(const PolicyRule& rule) {
  return has(rule.api_groups, "*") && has(rule.resources, "*") && has(rule.verbs, "*");
}

std::vector<Permission> dangerous_permissions(const PolicyRule& rule) {
  std::vector<Permission> out;
  if (grants_everything(rule)) {
    out.push_back({"BW-rbac-wildcard-resources", "do everything (* on *)"});
    return out;
  }
  for (const Check& check : kChecks)
    if (check_granted(rule, check, false)) out.push_back(check.permission);
  return out;
}

std::string_view permission_description(std::string_view id) {
  for (const Check& check : kChecks)
    if (check.permission.id == id) return check.permission.what;
  return id;
}

bool grants_permission(const PolicyRule& rule, std::string_view id) {
  for (const Check& check : kChecks)
    if (check.permission.id == id) return check_granted(rule, check, true);
  return false;
}

}  // namespace bulwark::rules::rbac
