// RBAC authorization over a static snapshot, with the outcomes Kubernetes' RBAC authorizer gives
// (reference/access-authn-authz/rbac: rule matching, subjects, role references, aggregation).
#include "policy/rbac_snapshot.h"

#include <gtest/gtest.h>

#include "policy_fixture.h"

namespace bulwark::policy {
namespace {

RbacSnapshot snapshot_of(const testing::Manifest& m) {
  RbacSnapshot s;
  for (const k8s::Object& o : m.objects) s.add(o);
  return s;
}

RbacRequest resource(std::string verb, std::string group, std::string res, std::string ns,
                     std::string name = "", std::string sub = "") {
  RbacRequest r;
  r.verb = std::move(verb);
  r.group = std::move(group);
  r.resource = std::move(res);
  r.namespace_ = std::move(ns);
  r.name = std::move(name);
  r.subresource = std::move(sub);
  return r;
}

RbacRequest path(std::string verb, std::string p) {
  RbacRequest r;
  r.resource_request = false;
  r.verb = std::move(verb);
  r.path = std::move(p);
  return r;
}

const UserInfo kJane{"jane", "", {"system:authenticated"}};

// The RBAC documentation's Role "pod-reader" bound to user jane in "default".
constexpr std::string_view kPodReader = R"yaml(apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {namespace: default, name: pod-reader}
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "watch", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read-pods, namespace: default}
subjects:
- kind: User
  name: jane
  apiGroup: rbac.authorization.k8s.io
roleRef: {kind: Role, name: pod-reader, apiGroup: rbac.authorization.k8s.io}
)yaml";

TEST(RbacSnapshot, RoleBindingGrantsItsRulesInItsNamespaceOnly) {
  auto m = testing::load(kPodReader);
  const RbacSnapshot rbac = snapshot_of(*m);
  const RbacDecision d = rbac.authorize(kJane, resource("get", "", "pods", "default", "web"));
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.reason,
            "RBAC: allowed by RoleBinding \"read-pods/default\" of Role \"pod-reader\" to User \"jane\"");
  EXPECT_TRUE(rbac.authorize(kJane, resource("list", "", "pods", "default")).allowed);
  EXPECT_FALSE(rbac.authorize(kJane, resource("delete", "", "pods", "default")).allowed);
  EXPECT_FALSE(rbac.authorize(kJane, resource("get", "", "pods", "kube-system")).allowed);
  EXPECT_FALSE(rbac.authorize(kJane, resource("list", "", "pods", "")).allowed);  // cluster-wide
  EXPECT_FALSE(rbac.authorize(kJane, resource("get", "apps", "pods", "default")).allowed);
  EXPECT_FALSE(rbac.authorize(kJane, resource("get", "", "secrets", "default")).allowed);
  // A resource rule grants no subresource.
  EXPECT_FALSE(rbac.authorize(kJane, resource("get", "", "pods", "default", "web", "log")).allowed);
  const UserInfo bob{"bob", "", {"system:authenticated"}};
  const RbacDecision no = rbac.authorize(bob, resource("get", "", "pods", "default"));
  EXPECT_FALSE(no.allowed);
  EXPECT_EQ(no.reason, "");  // no opinion, nothing failed to resolve
}

TEST(RbacSnapshot, RuleMatchingFollowsRuleAllows) {
  const RbacRule pods_log{{"get"}, {""}, {"pods/log"}, {}, {}};
  EXPECT_TRUE(rule_allows(pods_log, resource("get", "", "pods", "ns", "p", "log")));
  EXPECT_FALSE(rule_allows(pods_log, resource("get", "", "pods", "ns", "p")));
  EXPECT_FALSE(rule_allows(pods_log, resource("get", "", "pods", "ns", "p", "exec")));

  const RbacRule any_scale{{"update"}, {"apps"}, {"*/scale"}, {}, {}};
  EXPECT_TRUE(rule_allows(any_scale, resource("update", "apps", "deployments", "ns", "d", "scale")));
  EXPECT_TRUE(rule_allows(any_scale, resource("update", "apps", "statefulsets", "ns", "d", "scale")));
  EXPECT_FALSE(rule_allows(any_scale, resource("update", "apps", "deployments", "ns", "d")));
  EXPECT_FALSE(rule_allows(any_scale, resource("update", "apps", "deployments", "ns", "d", "status")));

  const RbacRule everything{{"*"}, {"*"}, {"*"}, {}, {}};
  EXPECT_TRUE(rule_allows(everything, resource("delete", "batch", "jobs", "ns")));
  EXPECT_TRUE(rule_allows(everything, resource("create", "", "pods", "ns", "p", "exec")));
  // Resource rules never grant non-resource URLs.
  EXPECT_FALSE(rule_allows(everything, path("get", "/healthz")));

  const RbacRule named{{"get", "update"}, {""}, {"configmaps"}, {"my-configmap"}, {}};
  EXPECT_TRUE(rule_allows(named, resource("update", "", "configmaps", "ns", "my-configmap")));
  EXPECT_FALSE(rule_allows(named, resource("update", "", "configmaps", "ns", "other")));
  EXPECT_FALSE(rule_allows(named, resource("get", "", "configmaps", "ns")));  // list/get without a name

  const RbacRule urls{{"get", "post"}, {}, {}, {}, {"/healthz", "/healthz/*", "/logs**"}};
  EXPECT_TRUE(rule_allows(urls, path("get", "/healthz")));
  EXPECT_TRUE(rule_allows(urls, path("post", "/healthz/etcd")));
  EXPECT_TRUE(rule_allows(urls, path("get", "/logs/kube")));
  EXPECT_FALSE(rule_allows(urls, path("get", "/healthzx")));
  EXPECT_FALSE(rule_allows(urls, path("delete", "/healthz")));
  EXPECT_FALSE(rule_allows(urls, resource("get", "", "healthz", "")));
  const RbacRule all_urls{{"get"}, {}, {}, {}, {"*"}};
  EXPECT_TRUE(rule_allows(all_urls, path("get", "/anything/at/all")));
}

// The RBAC documentation's ClusterRole "secret-reader", bound cluster-wide to group "manager" and
// in namespace "development" to user dave through a RoleBinding.
constexpr std::string_view kSecretReader = R"yaml(apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: secret-reader}
rules:
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "watch", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: read-secrets-global}
subjects:
- {kind: Group, name: manager, apiGroup: rbac.authorization.k8s.io}
roleRef: {kind: ClusterRole, name: secret-reader, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read-secrets, namespace: development}
subjects:
- {kind: User, name: dave, apiGroup: rbac.authorization.k8s.io}
roleRef: {kind: ClusterRole, name: secret-reader, apiGroup: rbac.authorization.k8s.io}
)yaml";

TEST(RbacSnapshot, ClusterRolesThroughClusterRoleBindingsAndRoleBindings) {
  auto m = testing::load(kSecretReader);
  const RbacSnapshot rbac = snapshot_of(*m);
  const UserInfo manager{"erin", "", {"manager", "system:authenticated"}};
  const RbacDecision d = rbac.authorize(manager, resource("list", "", "secrets", ""));
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.reason,
            "RBAC: allowed by ClusterRoleBinding \"read-secrets-global\" of ClusterRole \"secret-reader\" to "
            "Group \"manager\"");
  EXPECT_TRUE(rbac.authorize(manager, resource("get", "", "secrets", "anywhere", "s")).allowed);

  const UserInfo dave{"dave", "", {"system:authenticated"}};
  EXPECT_TRUE(rbac.authorize(dave, resource("get", "", "secrets", "development", "s")).allowed);
  // A RoleBinding to a ClusterRole grants it in the binding's namespace only.
  EXPECT_FALSE(rbac.authorize(dave, resource("get", "", "secrets", "production", "s")).allowed);
  EXPECT_FALSE(rbac.authorize(dave, resource("list", "", "secrets", "")).allowed);
}

TEST(RbacSnapshot, ServiceAccountSubjects) {
  auto m = testing::load(R"yaml(apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {namespace: dev, name: deployer}
rules: [{apiGroups: [apps], resources: [deployments], verbs: [create]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: builder-deploys, namespace: dev}
subjects:
- {kind: ServiceAccount, name: builder}
roleRef: {kind: Role, name: deployer, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: node-reader}
rules: [{apiGroups: [""], resources: [nodes], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: no-namespace}
subjects:
- {kind: ServiceAccount, name: builder}
roleRef: {kind: ClusterRole, name: node-reader, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: all-sa-in-ops}
subjects:
- {kind: Group, name: "system:serviceaccounts:ops", apiGroup: rbac.authorization.k8s.io}
roleRef: {kind: ClusterRole, name: node-reader, apiGroup: rbac.authorization.k8s.io}
)yaml");
  const RbacSnapshot rbac = snapshot_of(*m);
  // A ServiceAccount subject without namespace is the binding's namespace's.
  const RbacDecision d = rbac.authorize(service_account_user("dev", "builder"),
                                        resource("create", "apps", "deployments", "dev"));
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.reason,
            "RBAC: allowed by RoleBinding \"builder-deploys/dev\" of Role \"deployer\" to ServiceAccount "
            "\"builder/dev\"");
  EXPECT_FALSE(rbac.authorize(service_account_user("prod", "builder"),
                              resource("create", "apps", "deployments", "dev"))
                   .allowed);
  // ...and in a ClusterRoleBinding (no namespace) such a subject matches nobody.
  EXPECT_FALSE(
      rbac.authorize(service_account_user("dev", "builder"), resource("get", "", "nodes", "")).allowed);
  // Service accounts are in system:serviceaccounts:<namespace>.
  EXPECT_TRUE(rbac.authorize(service_account_user("ops", "any"), resource("get", "", "nodes", "")).allowed);
}

TEST(RbacSnapshot, AggregatedClusterRolesCollectTheSelectedRoles) {
  // The RBAC documentation's aggregation example.
  auto m = testing::load(R"yaml(apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: monitoring}
aggregationRule:
  clusterRoleSelectors:
  - matchLabels:
      rbac.example.com/aggregate-to-monitoring: "true"
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: monitoring-endpoints
  labels:
    rbac.example.com/aggregate-to-monitoring: "true"
rules:
- apiGroups: [""]
  resources: ["services", "endpointslices", "pods"]
  verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: unrelated}
rules: [{apiGroups: [""], resources: [secrets], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: monitoring}
subjects: [{kind: User, name: jane}]
roleRef: {kind: ClusterRole, name: monitoring, apiGroup: rbac.authorization.k8s.io}
)yaml");
  const RbacSnapshot rbac = snapshot_of(*m);
  EXPECT_TRUE(rbac.authorize(kJane, resource("list", "", "endpointslices", "x")).allowed);
  EXPECT_TRUE(rbac.authorize(kJane, resource("watch", "", "pods", "")).allowed);
  EXPECT_FALSE(rbac.authorize(kJane, resource("get", "", "secrets", "x", "s")).allowed);
}

TEST(RbacSnapshot, UnresolvableRolesAndPrivilegedGroups) {
  auto m = testing::load(R"yaml(apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: dangling, namespace: default}
subjects: [{kind: User, name: jane}]
roleRef: {kind: Role, name: missing, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: admins}
subjects: [{kind: Group, name: platform}]
roleRef: {kind: ClusterRole, name: cluster-admin, apiGroup: rbac.authorization.k8s.io}
)yaml");
  const RbacSnapshot rbac = snapshot_of(*m);
  const RbacDecision d = rbac.authorize(kJane, resource("get", "", "pods", "default"));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "RBAC: role.rbac.authorization.k8s.io \"missing\" not found");
  // The bootstrap cluster-admin: every resource and every non-resource URL.
  const UserInfo platform{"pat", "", {"platform"}};
  EXPECT_TRUE(rbac.authorize(platform, resource("delete", "apps", "deployments", "x", "d")).allowed);
  EXPECT_TRUE(rbac.authorize(platform, path("get", "/metrics")).allowed);
  // system:masters is allowed by the privileged-group authorizer before RBAC is asked.
  const UserInfo master{"root", "", {"system:masters"}};
  const RbacDecision md =
      rbac.authorize(master, resource("escalate", "rbac.authorization.k8s.io", "roles", "x"));
  EXPECT_TRUE(md.allowed);
  EXPECT_EQ(md.reason, "");
}

// The user-facing roles as the Kubernetes RBAC documentation describes them: view reads most
// objects but not Secrets; edit writes most objects and reads Secrets but not Roles; admin also
// manages Roles and RoleBindings in the namespace. ClusterRoles labelled aggregate-to-* join them.
TEST(RbacSnapshot, BootstrapAdminEditAndViewWithAggregation) {
  auto m = testing::load(R"yaml(apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: viewers, namespace: team}
subjects: [{kind: User, name: vic}]
roleRef: {kind: ClusterRole, name: view, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: editors, namespace: team}
subjects: [{kind: User, name: eve}]
roleRef: {kind: ClusterRole, name: edit, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: admins, namespace: team}
subjects: [{kind: User, name: ada}]
roleRef: {kind: ClusterRole, name: admin, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: widgets-view
  labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}
rules:
- {apiGroups: [example.com], resources: [widgets], verbs: [get]}
)yaml");
  const RbacSnapshot rbac = snapshot_of(*m);
  const UserInfo vic{"vic", "", {}}, eve{"eve", "", {}}, ada{"ada", "", {}};
  EXPECT_TRUE(rbac.authorize(vic, resource("list", "apps", "deployments", "team")).allowed);
  EXPECT_TRUE(rbac.authorize(vic, resource("get", "", "pods", "team", "web")).allowed);
  EXPECT_FALSE(rbac.authorize(vic, resource("get", "", "secrets", "team", "s")).allowed);
  EXPECT_FALSE(rbac.authorize(vic, resource("create", "", "pods", "team")).allowed);
  EXPECT_FALSE(rbac.authorize(vic, resource("get", "", "pods", "other", "web")).allowed);

  EXPECT_TRUE(rbac.authorize(eve, resource("create", "apps", "deployments", "team")).allowed);
  EXPECT_TRUE(rbac.authorize(eve, resource("get", "", "secrets", "team", "s")).allowed);
  EXPECT_TRUE(rbac.authorize(eve, resource("get", "", "pods", "team", "web")).allowed);  // view, via edit
  EXPECT_FALSE(rbac.authorize(eve, resource("create", "rbac.authorization.k8s.io", "roles", "team")).allowed);

  EXPECT_TRUE(
      rbac.authorize(ada, resource("create", "rbac.authorization.k8s.io", "rolebindings", "team")).allowed);
  EXPECT_TRUE(
      rbac.authorize(ada, resource("delete", "batch", "jobs", "team", "j")).allowed);  // edit, via admin

  // A scanned ClusterRole aggregated into view reaches edit and admin too.
  for (const UserInfo* u : {&vic, &eve, &ada})
    EXPECT_TRUE(rbac.authorize(*u, resource("get", "example.com", "widgets", "team", "w")).allowed)
        << u->username;
}

}  // namespace
}  // namespace bulwark::policy
