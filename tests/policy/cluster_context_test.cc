// Policies reading the cluster offline: namespaceObject and namespaceSelector from the scan's
// Namespaces, authorizer from its RBAC, request.userInfo from the configured user.
#include <gtest/gtest.h>

#include "policy/cluster_snapshot.h"
#include "policy/policy_set.h"
#include "policy_fixture.h"

namespace bulwark::policy {
namespace {

constexpr std::string_view kCluster = R"yaml(apiVersion: v1
kind: Namespace
metadata:
  name: team-a
  labels: {tier: gold}
  annotations: {owner: "team-a@example.com"}
spec:
  finalizers: [kubernetes]
status:
  phase: Active
---
apiVersion: v1
kind: Namespace
metadata:
  name: team-b
  labels: {tier: bronze}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: priority-user}
rules:
- apiGroups: [scheduling.k8s.io]
  resources: [priorityclasses]
  resourceNames: [critical]
  verbs: [use]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: deployer-priority, namespace: team-a}
subjects: [{kind: User, name: deployer}]
roleRef: {kind: ClusterRole, name: priority-user, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: creator, namespace: team-a}
rules: [{apiGroups: [""], resources: [configmaps], verbs: [create]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: creators, namespace: team-a}
subjects: [{kind: ServiceAccount, name: ci}, {kind: User, name: deployer}]
roleRef: {kind: Role, name: creator, apiGroup: rbac.authorization.k8s.io}
)yaml";

std::string policy(std::string_view name, std::string_view expression, std::string_view extra_match = "") {
  return "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata:\n  name: " +
         std::string(name) + "\nspec:\n  matchConstraints:\n" + std::string(extra_match) +
         "    resourceRules:\n    - apiGroups: [\"\"]\n      apiVersions: [v1]\n      operations: [CREATE]\n"
         "      resources: [configmaps]\n  validations:\n  - expression: " +
         std::string(expression) +
         "\n---\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\n"
         "metadata:\n  name: " +
         std::string(name) + "-binding\nspec:\n  policyName: " + std::string(name) +
         "\n  validationActions: [Deny]\n---\n";
}

constexpr std::string_view kObjects = R"yaml(apiVersion: v1
kind: ConfigMap
metadata: {name: in-a, namespace: team-a}
data: {priority: critical}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: in-b, namespace: team-b}
data: {priority: critical}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: in-unknown, namespace: elsewhere}
)yaml";

class ClusterContext : public ::testing::Test {
 protected:
  /// Loads the policies and returns, per object name, whether it is allowed.
  std::map<std::string, bool> run(const std::string& policies, UserInfo user = default_scan_user()) {
    policies_ = testing::load(policies, "policies.yaml");
    auto loaded = PolicySet::load(policies_->objects);
    EXPECT_TRUE(loaded.errors.empty()) << (loaded.errors.empty() ? "" : loaded.errors.front().message);
    set_ = std::move(loaded.set);
    ClusterSnapshot cluster(std::move(user));
    for (const k8s::Object& o : cluster_->objects) cluster.add(o);
    std::map<std::string, bool> out;
    messages_.clear();
    for (const k8s::Object& o : objects_->objects) {
      const auto v = set_.evaluate(o, RequestContext::in(cluster, o));
      out[std::string(o.name())] = v.empty();
      for (const Violation& x : v) messages_.push_back(x.message);
    }
    return out;
  }
  std::unique_ptr<testing::Manifest> cluster_ = testing::load(kCluster, "cluster.yaml");
  std::unique_ptr<testing::Manifest> objects_ = testing::load(kObjects, "objects.yaml");
  std::unique_ptr<testing::Manifest> policies_;
  PolicySet set_;
  std::vector<std::string> messages_;
};

TEST_F(ClusterContext, NamespaceObjectIsTheWholeNamespace) {
  auto r = run(policy("ns-gold", "\"namespaceObject.metadata.labels.tier == 'gold'\""));
  EXPECT_TRUE(r["in-a"]);
  EXPECT_FALSE(r["in-b"]);
  // Not in the scan: namespaceObject is null, so reading a field of it is an error (Fail policy).
  EXPECT_FALSE(r["in-unknown"]);
  ASSERT_EQ(messages_.size(), 2u);
  EXPECT_NE(messages_[1].find("resulted in error"), std::string::npos) << messages_[1];

  r = run(policy("ns-fields",
                 "\"namespaceObject.metadata.annotations.owner.endsWith('@example.com') && "
                 "namespaceObject.spec.finalizers == ['kubernetes'] && namespaceObject.status.phase == "
                 "'Active' && namespaceObject.metadata.name == object.metadata.namespace\""));
  EXPECT_TRUE(r["in-a"]);
  EXPECT_FALSE(r["in-b"]);  // no annotations
  r = run(policy("ns-null", "\"namespaceObject == null || has(namespaceObject.metadata.labels)\""));
  EXPECT_TRUE(r["in-a"]);
  EXPECT_TRUE(r["in-b"]);
  EXPECT_TRUE(r["in-unknown"]);
}

TEST_F(ClusterContext, NamespaceSelectorUsesTheScannedLabels) {
  auto r = run(policy("gold-only", "\"false\"", "    namespaceSelector:\n      matchLabels: {tier: gold}\n"));
  EXPECT_FALSE(r["in-a"]);       // selected: the validation fails
  EXPECT_TRUE(r["in-b"]);        // bronze: not selected
  EXPECT_TRUE(r["in-unknown"]);  // unknown namespace: only kubernetes.io/metadata.name is known
  r = run(
      policy("not-bronze", "\"false\"",
             "    namespaceSelector:\n      matchExpressions:\n      - {key: tier, operator: NotIn, values: "
             "[bronze]}\n"));
  EXPECT_FALSE(r["in-a"]);
  EXPECT_TRUE(r["in-b"]);
  EXPECT_FALSE(r["in-unknown"]);  // NotIn matches a namespace without the label
}

TEST_F(ClusterContext, AuthorizerChecksTheRequestUserAgainstTheScannedRbac) {
  // The pattern of the Kubernetes docs: may the requester use the priority class it names?
  const std::string p =
      policy("priority-use",
             "\"authorizer.group('scheduling.k8s.io').resource('priorityclasses').name(object.data.priority)"
             ".check('use').allowed()\"");
  auto r = run(p, UserInfo{"deployer", "", {"system:authenticated"}});
  EXPECT_FALSE(r["in-a"]);  // no namespace given to the check: the RoleBinding does not count
  const std::string namespaced = policy("priority-use-ns",
                                        "\"authorizer.group('scheduling.k8s.io').resource('priorityclasses')."
                                        "namespace(object.metadata.namespace)"
                                        ".name(object.data.priority).check('use').allowed()\"");
  r = run(namespaced, UserInfo{"deployer", "", {"system:authenticated"}});
  EXPECT_TRUE(r["in-a"]);
  EXPECT_FALSE(r["in-b"]);
  r = run(namespaced);  // the default user has no grant
  EXPECT_FALSE(r["in-a"]);
  r = run(namespaced, UserInfo{"root", "", {"system:masters"}});
  EXPECT_TRUE(r["in-a"]);
  EXPECT_TRUE(r["in-b"]);
}

TEST_F(ClusterContext, AuthorizerDecisionAccessorsAndServiceAccounts) {
  const UserInfo deployer{"deployer", "", {"system:authenticated"}};
  auto r = run(
      policy("reason",
             "\"authorizer.group('').resource('configmaps').namespace('team-a').check('create').reason() == "
             "'RBAC: allowed by RoleBinding \\\"creators/team-a\\\" of Role \\\"creator\\\" to User "
             "\\\"deployer\\\"'\""),
      deployer);
  EXPECT_TRUE(r["in-a"]) << (messages_.empty() ? "" : messages_.front());
  r = run(policy("errored",
                 "\"!authorizer.group('').resource('pods').check('get').errored() && "
                 "authorizer.group('').resource('pods').check('get').error() == ''\""));
  EXPECT_TRUE(r["in-a"]);
  r = run(policy("sa",
                 "\"authorizer.serviceAccount(object.metadata.namespace, 'ci').group('')"
                 ".resource('configmaps').namespace(object.metadata.namespace).check('create').allowed()\""));
  EXPECT_TRUE(r["in-a"]);
  EXPECT_FALSE(r["in-b"]);
  r = run(policy("request-resource", "\"authorizer.requestResource.check('create').allowed()\""), deployer);
  EXPECT_TRUE(r["in-a"]);  // creators RoleBinding in team-a
  EXPECT_FALSE(r["in-b"]);
  r = run(policy("path", "\"authorizer.path('/healthz').check('get').allowed() == false\""));
  EXPECT_TRUE(r["in-a"]);
}

TEST_F(ClusterContext, RequestUserInfoIsTheConfiguredUser) {
  auto r =
      run(policy("user", "\"request.userInfo.username == 'deployer' && 'ops' in request.userInfo.groups\""),
          UserInfo{"deployer", "", {"system:authenticated", "ops"}});
  EXPECT_TRUE(r["in-a"]);
  r = run(policy("default-user",
                 "\"request.userInfo.username == 'bulwark' && request.userInfo.groups == "
                 "['system:authenticated']\""));
  EXPECT_TRUE(r["in-a"]);
}

}  // namespace
}  // namespace bulwark::policy
