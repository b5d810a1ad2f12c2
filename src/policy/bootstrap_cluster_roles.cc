// The rules are the facts of Kubernetes' RBAC bootstrap policy (its cluster-roles testdata): what a
// RoleBinding to `edit` grants in a real cluster.
#include "policy/bootstrap_cluster_roles.h"

namespace bulwark::policy {
namespace {

using Strings = std::vector<std::string>;

const Strings kReadVerbs = {"get", "list", "watch"};
const Strings kWriteVerbs = {"create", "delete", "deletecollection", "patch", "update"};
const Strings kAllVerbs = {"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"};

RbacRule rule(Strings groups, Strings resources, Strings verbs) {
  return RbacRule{std::move(verbs), std::move(groups), std::move(resources), {}, {}};
}

std::vector<BootstrapClusterRole> make_roles() {
  std::vector<BootstrapClusterRole> roles;
  roles.push_back(
      {"cluster-admin", "", {}, {RbacRule{{"*"}, {"*"}, {"*"}, {}, {}}, RbacRule{{"*"}, {}, {}, {}, {"*"}}}});
  roles.push_back({"admin", "rbac.authorization.k8s.io/aggregate-to-admin", {}, {}});
  roles.push_back({"edit",
                   "rbac.authorization.k8s.io/aggregate-to-edit",
                   {"rbac.authorization.k8s.io/aggregate-to-admin"},
                   {}});
  roles.push_back({"view",
                   "rbac.authorization.k8s.io/aggregate-to-view",
                   {"rbac.authorization.k8s.io/aggregate-to-edit"},
                   {}});
  roles.push_back({"system:aggregate-to-admin",
                   "",
                   {"rbac.authorization.k8s.io/aggregate-to-admin"},
                   {rule({"authorization.k8s.io"}, {"localsubjectaccessreviews"}, {"create"}),
                    rule({"rbac.authorization.k8s.io"}, {"rolebindings", "roles"}, kAllVerbs)}});
  roles.push_back(
      {"system:aggregate-to-edit",
       "",
       {"rbac.authorization.k8s.io/aggregate-to-edit"},
       {rule({""},
             {"pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"},
             kReadVerbs),
        rule({""}, {"serviceaccounts"}, {"impersonate"}),
        rule({""}, {"pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"}, kWriteVerbs),
        rule({""}, {"pods/eviction"}, {"create"}),
        rule({""},
             {"configmaps", "events", "persistentvolumeclaims", "replicationcontrollers",
              "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"},
             kWriteVerbs),
        rule({""}, {"serviceaccounts/token"}, {"create"}),
        rule({"apps"},
             {"daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets",
              "replicasets/scale", "statefulsets", "statefulsets/scale"},
             kWriteVerbs),
        rule({"autoscaling"}, {"horizontalpodautoscalers"}, kWriteVerbs),
        rule({"batch"}, {"cronjobs", "jobs"}, kWriteVerbs),
        rule({"extensions"},
             {"daemonsets", "deployments", "deployments/rollback", "deployments/scale", "ingresses",
              "networkpolicies", "replicasets", "replicasets/scale", "replicationcontrollers/scale"},
             kWriteVerbs),
        rule({"policy"}, {"poddisruptionbudgets"}, kWriteVerbs),
        rule({"networking.k8s.io"}, {"ingresses", "networkpolicies"}, kWriteVerbs),
        rule({"coordination.k8s.io"}, {"leases"}, kAllVerbs)}});
  roles.push_back(
      {"system:aggregate-to-view",
       "",
       {"rbac.authorization.k8s.io/aggregate-to-view"},
       {rule({""},
             {"configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods",
              "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services",
              "services/status"},
             kReadVerbs),
        rule({""},
             {"bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status",
              "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"},
             kReadVerbs),
        rule({""}, {"namespaces"}, kReadVerbs), rule({"discovery.k8s.io"}, {"endpointslices"}, kReadVerbs),
        rule({"apps"},
             {"controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale",
              "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets",
              "statefulsets/scale", "statefulsets/status"},
             kReadVerbs),
        rule({"autoscaling"}, {"horizontalpodautoscalers", "horizontalpodautoscalers/status"}, kReadVerbs),
        rule({"batch"}, {"cronjobs", "cronjobs/status", "jobs", "jobs/status"}, kReadVerbs),
        rule({"extensions"},
             {"daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status",
              "ingresses", "ingresses/status", "networkpolicies", "replicasets", "replicasets/scale",
              "replicasets/status", "replicationcontrollers/scale"},
             kReadVerbs),
        rule({"policy"}, {"poddisruptionbudgets", "poddisruptionbudgets/status"}, kReadVerbs),
        rule({"networking.k8s.io"}, {"ingresses", "ingresses/status", "networkpolicies"}, kReadVerbs)}});
  return roles;
}

}  // namespace

const std::vector<BootstrapClusterRole>& bootstrap_cluster_roles() {
  static const std::vector<BootstrapClusterRole> roles = make_roles();
  return roles;
}

}  // namespace bulwark::policy
