// The examples of the Kubernetes documentation ("Validating Admission Policy" concept page and
// tutorial), with the outcomes and messages the documentation shows.
#include <gtest/gtest.h>

#include <string>

#include "policy/policy_set.h"
#include "policy_fixture.h"

namespace bulwark::policy {
namespace {

constexpr std::string_view kNamespaces = R"yaml(apiVersion: v1
kind: Namespace
metadata:
  name: test-ns
  labels: {environment: test}
---
apiVersion: v1
kind: Namespace
metadata:
  name: prod-ns
  labels: {environment: prod}
)yaml";

std::string deployment(std::string_view name, std::string_view ns, int replicas,
                       std::string_view image = "nginx", std::string_view labels = "{app: nginx}") {
  return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + std::string(name) +
         "\n  namespace: " + std::string(ns) + "\n  labels: " + std::string(labels) +
         "\nspec:\n  replicas: " + std::to_string(replicas) +
         "\n  template:\n    spec:\n      containers:\n      - name: c\n        image: " +
         std::string(image) + "\n";
}

/// Policies, namespaces and workloads of one scenario, loaded together.
class DocsExample {
 public:
  DocsExample(std::string_view policies, std::string workloads)
      : policy_manifest_(testing::load(policies, "policies.yaml")),
        namespaces_(testing::load(kNamespaces)),
        workloads_(testing::load(workloads)) {
    auto loaded = PolicySet::load(policy_manifest_->objects);
    errors_ = std::move(loaded.errors);
    set_ = std::move(loaded.set);
  }
  const std::vector<PolicyError>& errors() const { return errors_; }
  std::vector<Violation> evaluate(std::string_view name) const {
    const k8s::Object& o = workloads_->object("Deployment", name);
    const k8s::Object* ns = nullptr;
    for (const auto& n : namespaces_->objects)
      if (n.name() == o.namespace_name()) ns = &n;
    return set_.evaluate(o, ns);
  }

 private:
  std::unique_ptr<testing::Manifest> policy_manifest_, namespaces_, workloads_;
  std::vector<PolicyError> errors_;
  PolicySet set_;
};

constexpr std::string_view kDemoPolicy = R"yaml(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: "demo-policy.example.com"
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
    - apiGroups:   ["apps"]
      apiVersions: ["v1"]
      operations:  ["CREATE", "UPDATE"]
      resources:   ["deployments"]
  validations:
    - expression: "object.spec.replicas <= 5"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: "demo-binding-test.example.com"
spec:
  policyName: "demo-policy.example.com"
  validationActions: [Deny]
  matchResources:
    namespaceSelector:
      matchLabels:
        environment: test
)yaml";

TEST(KubernetesDocsExamplesTest, ReplicasAtMostFiveInTestNamespaces) {
  DocsExample ex(kDemoPolicy, deployment("nginx", "test-ns", 6) + "---\n" +
                                  deployment("small", "test-ns", 5) + "---\n" +
                                  deployment("big-prod", "prod-ns", 6));
  ASSERT_TRUE(ex.errors().empty()) << ex.errors().front().message;
  const auto v = ex.evaluate("nginx");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].message,
            "ValidatingAdmissionPolicy 'demo-policy.example.com' with binding "
            "'demo-binding-test.example.com' denied "
            "request: failed expression: object.spec.replicas <= 5");
  EXPECT_EQ(v[0].action, ValidationAction::Deny);
  EXPECT_EQ(v[0].validation_index, 0);
  EXPECT_EQ(v[0].reason, "Invalid");
  EXPECT_EQ(v[0].location.begin.line, 1u);
  EXPECT_TRUE(ex.evaluate("small").empty());
  // The binding's namespaceSelector only selects namespaces labelled environment=test.
  EXPECT_TRUE(ex.evaluate("big-prod").empty());
}

TEST(KubernetesDocsExamplesTest, WarnActionProducesTheWarningText) {
  std::string policy(kDemoPolicy);
  policy.replace(policy.find("[Deny]"), 6, "[Warn, Audit]");
  DocsExample ex(policy, deployment("mynginx", "test-ns", 10));
  const auto v = ex.evaluate("mynginx");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].action, ValidationAction::Warn);
  EXPECT_EQ(v[0].message,
            "Validation failed for ValidatingAdmissionPolicy 'demo-policy.example.com' with binding "
            "'demo-binding-test.example.com': failed expression: object.spec.replicas <= 5");
  EXPECT_EQ(v[1].action, ValidationAction::Audit);
}

constexpr std::string_view kReplicaLimitPolicy = R"yaml(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: "replicalimit-policy.example.com"
spec:
  failurePolicy: Fail
  paramKind:
    apiVersion: rules.example.com/v1
    kind: ReplicaLimit
  matchConstraints:
    resourceRules:
    - apiGroups:   ["apps"]
      apiVersions: ["v1"]
      operations:  ["CREATE", "UPDATE"]
      resources:   ["deployments"]
  validations:
    - expression: "object.spec.replicas <= params.maxReplicas"
      reason: Invalid
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: "replicalimit-binding-test.example.com"
spec:
  policyName: "replicalimit-policy.example.com"
  validationActions: [Deny]
  paramRef:
    name: "replica-limit-test.example.com"
    namespace: "default"
    parameterNotFoundAction: Deny
  matchResources:
    namespaceSelector:
      matchLabels:
        environment: test
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: "replicalimit-binding-nontest"
spec:
  policyName: "replicalimit-policy.example.com"
  validationActions: [Deny]
  paramRef:
    name: "replica-limit-prod.example.com"
    namespace: "default"
    parameterNotFoundAction: Deny
  matchResources:
    namespaceSelector:
      matchExpressions:
      - key: environment
        operator: NotIn
        values:
        - test
---
apiVersion: rules.example.com/v1
kind: ReplicaLimit
metadata:
  name: "replica-limit-test.example.com"
  namespace: "default"
maxReplicas: 3
---
apiVersion: rules.example.com/v1
kind: ReplicaLimit
metadata:
  name: "replica-limit-prod.example.com"
  namespace: "default"
maxReplicas: 100
)yaml";

TEST(KubernetesDocsExamplesTest, ParamsGiveEachEnvironmentItsReplicaLimit) {
  DocsExample ex(kReplicaLimitPolicy,
                 deployment("t4", "test-ns", 4) + "---\n" + deployment("t3", "test-ns", 3) + "---\n" +
                     deployment("p50", "prod-ns", 50) + "---\n" + deployment("p101", "prod-ns", 101));
  ASSERT_TRUE(ex.errors().empty()) << ex.errors().front().message;
  auto v = ex.evaluate("t4");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].binding, "replicalimit-binding-test.example.com");
  EXPECT_EQ(
      v[0].message,
      "ValidatingAdmissionPolicy 'replicalimit-policy.example.com' with binding "
      "'replicalimit-binding-test.example.com' denied request: failed expression: object.spec.replicas <= "
      "params.maxReplicas");
  EXPECT_TRUE(ex.evaluate("t3").empty());
  EXPECT_TRUE(ex.evaluate("p50").empty());
  v = ex.evaluate("p101");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].binding, "replicalimit-binding-nontest");
}

TEST(KubernetesDocsExamplesTest, MissingParamDeniesUnderDenyAndPassesUnderAllow) {
  std::string policies(kReplicaLimitPolicy);
  policies.resize(policies.find("---\napiVersion: rules.example.com/v1"));  // no ReplicaLimit objects
  DocsExample deny(policies, deployment("t1", "test-ns", 1));
  auto v = deny.evaluate("t1");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].validation_index, -1);
  EXPECT_EQ(v[0].message,
            "ValidatingAdmissionPolicy 'replicalimit-policy.example.com' with binding "
            "'replicalimit-binding-test.example.com' denied request: no params found for policy binding with "
            "`Deny` "
            "parameterNotFoundAction");
  std::string allow = policies;
  for (auto at = allow.find("parameterNotFoundAction: Deny"); at != std::string::npos;
       at = allow.find("parameterNotFoundAction: Deny"))
    allow.replace(at, 29, "parameterNotFoundAction: Allow");
  DocsExample allowed(allow, deployment("t1", "test-ns", 1));
  EXPECT_TRUE(allowed.evaluate("t1").empty());
}

constexpr std::string_view kMessageExpressionPolicy = R"yaml(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: "deploy-replica-policy.example.com"
spec:
  paramKind:
    apiVersion: rules.example.com/v1
    kind: ReplicaLimit
  matchConstraints:
    resourceRules:
    - apiGroups:   ["apps"]
      apiVersions: ["v1"]
      operations:  ["CREATE", "UPDATE"]
      resources:   ["deployments"]
  validations:
  - expression: "object.spec.replicas <= params.maxReplicas"
    messageExpression: "'object.spec.replicas must be no greater than ' + string(params.maxReplicas)"
    reason: Invalid
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: "demo-binding-test.example.com"
spec:
  policyName: "deploy-replica-policy.example.com"
  validationActions: [Deny]
  paramRef:
    name: "demo-params"
    namespace: "default"
    parameterNotFoundAction: Deny
---
apiVersion: rules.example.com/v1
kind: ReplicaLimit
metadata:
  name: "demo-params"
  namespace: "default"
maxReplicas: 3
)yaml";

TEST(KubernetesDocsExamplesTest, MessageExpressionBuildsTheMessage) {
  DocsExample ex(kMessageExpressionPolicy, deployment("nginx", "test-ns", 5));
  ASSERT_TRUE(ex.errors().empty()) << ex.errors().front().message;
  const auto v = ex.evaluate("nginx");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].message,
            "ValidatingAdmissionPolicy 'deploy-replica-policy.example.com' with binding "
            "'demo-binding-test.example.com' denied request: object.spec.replicas must be no greater than 3");
}

constexpr std::string_view kMatchConditionsPolicy = R"yaml(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: "demo-policy.example.com"
spec:
  matchConstraints:
    resourceRules:
    - apiGroups:   ["*"]
      apiVersions: ["*"]
      operations:  ["CREATE", "UPDATE"]
      resources:   ["*"]
  matchConditions:
    - name: 'exclude-leases' # Each match condition must have a unique name
      expression: '!(request.resource.group == "coordination.k8s.io" && request.resource.resource == "leases")' # Match non-lease resources.
    - name: 'exclude-kubelet-requests'
      expression: '!("system:nodes" in request.userInfo.groups)' # Match requests made by non-node users.
    - name: 'rbac' # Skip RBAC requests.
      expression: 'request.resource.group != "rbac.authorization.k8s.io"'
  validations:
    - expression: "!object.metadata.name.contains('demo') || object.metadata.namespace == 'demo'"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: "demo-binding"
spec:
  policyName: "demo-policy.example.com"
  validationActions: [Deny]
)yaml";

TEST(KubernetesDocsExamplesTest, MatchConditionsExcludeRequests) {
  auto policies = testing::load(kMatchConditionsPolicy);
  auto loaded = PolicySet::load(policies->objects);
  ASSERT_TRUE(loaded.errors.empty()) << loaded.errors.front().message;
  auto objects = testing::load(deployment("demo-app", "prod-ns", 1) + R"yaml(---
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: {name: demo-lease, namespace: prod-ns}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: demo-role, namespace: prod-ns}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: demo-config, namespace: demo}
)yaml");
  const auto violations = [&](std::string_view kind) {
    for (const auto& o : objects->objects)
      if (o.kind() == kind) return loaded.set.evaluate(o, nullptr);
    return std::vector<Violation>{};
  };
  const auto v = violations("Deployment");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].message,
            "ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding' denied request: "
            "failed "
            "expression: !object.metadata.name.contains('demo') || object.metadata.namespace == 'demo'");
  EXPECT_TRUE(violations("Lease").empty());      // excluded by 'exclude-leases'
  EXPECT_TRUE(violations("Role").empty());       // excluded by 'rbac'
  EXPECT_TRUE(violations("ConfigMap").empty());  // in namespace demo: the validation holds
}

constexpr std::string_view kVariablesPolicy = R"yaml(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: "image-matches-namespace-environment.policy.example.com"
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
    - apiGroups:   ["apps"]
      apiVersions: ["v1"]
      operations:  ["CREATE", "UPDATE"]
      resources:   ["deployments"]
  variables:
  - name: environment
    expression: "'environment' in namespaceObject.metadata.labels ? namespaceObject.metadata.labels['environment'] : 'prod'"
  - name: exempt
    expression: "'exempt' in namespaceObject.metadata.labels && namespaceObject.metadata.labels['exempt'] == 'true'"
  - name: containers
    expression: "object.spec.template.spec.containers"
  - name: containersToCheck
    expression: "variables.containers.filter(c, c.image.contains('example.com/'))"
  validations:
  - expression: "variables.exempt || variables.containersToCheck.all(c, c.image.startsWith(variables.environment + '.'))"
    messageExpression: "'only ' + variables.environment + ' images are allowed in namespace ' + namespaceObject.metadata.name"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: "image-binding"
spec:
  policyName: "image-matches-namespace-environment.policy.example.com"
  validationActions: [Deny]
)yaml";

TEST(KubernetesDocsExamplesTest, VariablesComposeAndSeeTheNamespace) {
  DocsExample ex(kVariablesPolicy, deployment("good", "test-ns", 1, "test.example.com/nginx") + "---\n" +
                                       deployment("bad", "test-ns", 1, "prod.example.com/nginx") + "---\n" +
                                       deployment("other", "test-ns", 1, "docker.io/nginx"));
  ASSERT_TRUE(ex.errors().empty()) << ex.errors().front().message;
  EXPECT_TRUE(ex.evaluate("good").empty());
  EXPECT_TRUE(ex.evaluate("other").empty());  // not an example.com image: not checked
  const auto v = ex.evaluate("bad");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].detail, "only test images are allowed in namespace test-ns");
}

constexpr std::string_view kRequiredLabelsPolicy = R"yaml(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: required-labels
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
    - apiGroups: ["apps"]
      apiVersions: ["v1"]
      operations: ["CREATE"]
      resources: ["deployments"]
    excludeResourceRules:
    - apiGroups: ["apps"]
      apiVersions: ["v1"]
      operations: ["CREATE"]
      resources: ["deployments"]
      resourceNames: ["legacy"]
  validations:
  - expression: "has(object.metadata.labels) && 'app.kubernetes.io/name' in object.metadata.labels"
    message: "missing required label app.kubernetes.io/name"
    reason: Forbidden
  - expression: "object.metadata.labels.exists(k, k == 'team')"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: required-labels-binding
spec:
  policyName: required-labels
  validationActions: [Deny]
)yaml";

TEST(KubernetesDocsExamplesTest, RequiredLabels) {
  DocsExample ex(kRequiredLabelsPolicy,
                 deployment("labelled", "prod-ns", 1, "nginx", "{app.kubernetes.io/name: web, team: a}") +
                     "---\n" + deployment("unlabelled", "prod-ns", 1, "nginx", "{app: web}") + "---\n" +
                     deployment("legacy", "prod-ns", 1, "nginx", "{}"));
  ASSERT_TRUE(ex.errors().empty()) << ex.errors().front().message;
  EXPECT_TRUE(ex.evaluate("labelled").empty());
  EXPECT_TRUE(ex.evaluate("legacy").empty());  // excludeResourceRules by name
  const auto v = ex.evaluate("unlabelled");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].validation_index, 0);
  EXPECT_EQ(v[0].reason, "Forbidden");
  EXPECT_EQ(
      v[0].message,
      "ValidatingAdmissionPolicy 'required-labels' with binding 'required-labels-binding' denied request: "
      "missing required label app.kubernetes.io/name");
  EXPECT_EQ(v[1].validation_index, 1);
  EXPECT_EQ(v[1].detail, "failed expression: object.metadata.labels.exists(k, k == 'team')");
}

TEST(KubernetesDocsExamplesTest, EvaluationErrorsFollowFailurePolicy) {
  std::string policy(kDemoPolicy);
  policy.replace(policy.find("object.spec.replicas <= 5"), 25, "object.spec.strategy.type == 'Recreate'");
  policy.replace(policy.find("environment: test"), 17, "{}");
  DocsExample fail(policy, deployment("d", "prod-ns", 1));
  auto v = fail.evaluate("d");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_TRUE(
      v[0].detail.starts_with("expression 'object.spec.strategy.type == 'Recreate'' resulted in error: "))
      << v[0].detail;
  policy.replace(policy.find("failurePolicy: Fail"), 19, "failurePolicy: Ignore");
  DocsExample ignore(policy, deployment("d", "prod-ns", 1));
  EXPECT_TRUE(ignore.evaluate("d").empty());
}

}  // namespace
}  // namespace bulwark::policy
