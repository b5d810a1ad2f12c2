#include <gtest/gtest.h>

#include "policy/policy_set.h"
#include "policy_fixture.h"

namespace bulwark::policy {
namespace {

TEST(PolicyLoadTest, LoadsPoliciesAndBindingsAndIgnoresOtherObjects) {
  auto m = testing::load(R"(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: p}
spec:
  matchConstraints:
    resourceRules:
    - {apiGroups: ["*"], apiVersions: ["*"], operations: ["*"], resources: ["*"]}
  validations:
  - expression: "true"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: b}
spec: {policyName: p, validationActions: [Audit, Warn]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c}
)");
  auto r = PolicySet::load(m->objects);
  EXPECT_TRUE(r.errors.empty()) << r.errors.front().message;
  EXPECT_EQ(r.set.policy_count(), 1u);
  EXPECT_EQ(r.set.binding_count(), 1u);
}

TEST(PolicyLoadTest, CelCompileErrorCarriesTheExpressionPosition) {
  auto m = testing::load(R"(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: broken}
spec:
  matchConstraints:
    resourceRules:
    - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}
  validations:
  - expression: "object.spec.replicas <= "
)",
                         "policies/broken.yaml");
  auto r = PolicySet::load(m->objects);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].file, "policies/broken.yaml");
  EXPECT_EQ(r.errors[0].range.begin.line, 9u);
  EXPECT_EQ(r.errors[0].range.begin.column, 17u);
  EXPECT_NE(r.errors[0].message.find("spec.validations[0].expression: compilation failed"), std::string::npos)
      << r.errors[0].message;
  EXPECT_EQ(r.set.policy_count(), 0u);
}

TEST(PolicyLoadTest, UndeclaredVariableIsACompileError) {
  auto m = testing::load(R"(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: p}
spec:
  matchConstraints:
    resourceRules:
    - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}
  variables:
  - name: early
    expression: "variables.late == 1"
  - name: late
    expression: "1"
  validations:
  - expression: "variables.early"
)");
  auto r = PolicySet::load(m->objects);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message.find("spec.variables[0].expression"), std::string::npos)
      << r.errors[0].message;
  EXPECT_EQ(r.errors[0].range.begin.line, 10u);
}

TEST(PolicyLoadTest, StructuralErrorsAsTheApiServerReportsThem) {
  auto m = testing::load(R"(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: no-constraints}
spec:
  failurePolicy: Sometimes
  validations:
  - expression: "true"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: both}
spec:
  policyName: p
  validationActions: [Deny, Warn]
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: ref}
spec:
  policyName: p
  validationActions: [Deny]
  paramRef: {name: a, selector: {}, parameterNotFoundAction: Maybe}
)");
  auto r = PolicySet::load(m->objects);
  std::string all;
  for (const auto& e : r.errors) all += e.message + "\n";
  EXPECT_NE(all.find("spec.failurePolicy: Unsupported value"), std::string::npos) << all;
  EXPECT_NE(all.find("spec.matchConstraints: Required value"), std::string::npos) << all;
  EXPECT_NE(all.find("Deny and Warn may not be used together"), std::string::npos) << all;
  EXPECT_NE(all.find("exactly one of name or selector"), std::string::npos) << all;
  EXPECT_NE(all.find("parameterNotFoundAction: Unsupported value"), std::string::npos) << all;
  EXPECT_EQ(r.set.policy_count(), 0u);
  EXPECT_EQ(r.set.binding_count(), 0u);
}

TEST(PolicyLoadTest, HostileInputDoesNotCrash) {
  for (std::string_view yaml : {
           "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: "
           "x}\nspec: 3\n",
           "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: "
           "x}\nspec:\n  "
           "matchConstraints: {resourceRules: [1]}\n  validations: [{expression: 7}, 3]\n  variables: {a: "
           "b}\n",
           "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata: "
           "{name: x}\n"
           "spec: {policyName: [1], validationActions: Deny, paramRef: 4, matchResources: []}\n",
       }) {
    auto m = testing::load(yaml);
    auto r = PolicySet::load(m->objects);
    EXPECT_FALSE(r.errors.empty()) << yaml;
    for (const auto& e : r.errors) EXPECT_TRUE(e.range.begin.known()) << e.message;
  }
}

}  // namespace
}  // namespace bulwark::policy
