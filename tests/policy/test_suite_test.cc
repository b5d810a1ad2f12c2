// The policy test runner's verdicts: pass / fail / skip per (policy, resource), narrowed by
// binding and validation, with Kubernetes' matching and action semantics underneath.
#include "policy/test_suite.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace bulwark::policy {
namespace {

namespace fs = std::filesystem;

class SuiteDir {
 public:
  SuiteDir()
      : path_(fs::temp_directory_path() /
              ("bulwark-suite-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++))) {
    fs::create_directories(path_);
  }
  ~SuiteDir() { fs::remove_all(path_); }
  void write(const std::string& name, const std::string& text) const {
    fs::create_directories((path_ / name).parent_path());
    std::ofstream(path_ / name) << text;
  }
  std::string path() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

constexpr const char* kPolicies = R"y(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: labels}
spec:
  matchConstraints:
    resourceRules:
    - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}
  matchConditions:
  - name: not-exempt
    expression: "!has(object.metadata.annotations) || !('exempt' in object.metadata.annotations)"
  validations:
  - expression: "has(object.metadata.labels) && 'app' in object.metadata.labels"
    message: needs an app label
  - expression: "has(object.metadata.labels) && 'team' in object.metadata.labels"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: labels-warn}
spec:
  policyName: labels
  validationActions: [Warn]
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: labels-prod}
spec:
  policyName: labels
  validationActions: [Deny]
  matchResources:
    namespaceSelector:
      matchLabels: {env: prod}
)y";

constexpr const char* kResources = R"(apiVersion: v1
kind: ConfigMap
metadata: {name: full, namespace: prod, labels: {app: a, team: t}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: app-only, namespace: prod, labels: {app: a}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: bare, namespace: dev}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: exempted, namespace: prod, annotations: {exempt: "yes"}}
---
apiVersion: v1
kind: Namespace
metadata: {name: prod, labels: {env: prod}}
)";

TEST(PolicyTestSuite, VerdictsFollowMatchingConditionsAndActions) {
  SuiteDir dir;
  dir.write("policies/labels.yaml", kPolicies);
  dir.write("resources.yaml", kResources);
  dir.write("bulwark-test.yaml", R"(policies: [policies]
resources: [resources.yaml]
results:
- {policy: labels, resources: [full], result: pass}
- {policy: labels, resources: [app-only], result: fail}
- {policy: labels, validation: 0, resources: [app-only], result: pass}
- {policy: labels, validation: 1, resources: [app-only], result: fail, message: "failed expression: has(object.metadata.labels) && 'team' in object.metadata.labels"}
- {policy: labels, binding: labels-warn, resources: [bare], result: fail, message: needs an app label}
- {policy: labels, binding: labels-prod, resources: [bare], result: skip}
- {policy: labels, binding: labels-prod, resources: [prod/app-only], result: fail}
- {policy: labels, resources: [exempted], result: skip}
)");
  const TestRun run = run_policy_tests(dir.path());
  ASSERT_TRUE(run.errors.empty()) << run.errors.front().file << ": " << run.errors.front().message;
  ASSERT_EQ(run.results.size(), 8u);
  for (const TestCaseResult& r : run.results)
    EXPECT_TRUE(r.ok) << r.policy << " " << r.binding << " #" << r.validation << " " << r.resource
                      << ": expected " << to_string(r.expected) << ", got " << to_string(r.actual);
  EXPECT_EQ(run.results[1].resource, "ConfigMap prod/app-only");
  EXPECT_TRUE(run.all_passed());
}

TEST(PolicyTestSuite, WrongExpectationsAreReportedNotHidden) {
  SuiteDir dir;
  dir.write("p.yaml", kPolicies);
  dir.write("r.yaml", kResources);
  dir.write("sub/bulwark-test.yml", R"(policies: [../p.yaml]
resources: [../r.yaml]
results:
- {policy: labels, resources: [bare], result: pass}
- {policy: labels, resources: [bare], result: fail, message: wrong words}
- {policy: labels, resources: [full, bare], result: pass}
)");
  const TestRun run = run_policy_tests(dir.path());
  ASSERT_TRUE(run.errors.empty());
  ASSERT_EQ(run.results.size(), 4u);
  EXPECT_FALSE(run.results[0].ok);
  EXPECT_EQ(run.results[0].actual, TestOutcome::Fail);
  EXPECT_FALSE(run.results[1].ok);  // right outcome, wrong message
  EXPECT_TRUE(run.results[2].ok);
  EXPECT_FALSE(run.results[3].ok);
  EXPECT_FALSE(run.all_passed());
}

TEST(PolicyTestSuite, MissingParamsDenyAndMalformedFilesAreErrors) {
  SuiteDir dir;
  dir.write("p.yaml", R"y(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: limit}
spec:
  paramKind: {apiVersion: v1, kind: ConfigMap}
  matchConstraints:
    resourceRules:
    - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}
  validations:
  - expression: "object.spec.replicas <= int(params.data.max)"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: limit}
spec:
  policyName: limit
  validationActions: [Deny]
  paramRef: {name: limits, parameterNotFoundAction: Deny}
)y");
  dir.write(
      "r.yaml",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: a}\nspec: {replicas: 3}\n"
      "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: b}\nspec: {replicas: 3}\n");
  dir.write("params.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: limits, namespace: a}\ndata: {max: \"5\"}\n");
  dir.write("bulwark-test.yaml", R"y(policies: [p.yaml]
resources: [r.yaml]
params: [params.yaml]
results:
- {policy: limit, resources: [a/d], result: pass}
- {policy: limit, resources: [b/d], result: fail, message: "no params found for policy binding with `Deny` parameterNotFoundAction"}
)y");
  TestRun run = run_policy_tests(dir.path());
  ASSERT_TRUE(run.errors.empty()) << run.errors.front().message;
  ASSERT_EQ(run.results.size(), 2u);
  EXPECT_TRUE(run.results[0].ok);
  EXPECT_TRUE(run.results[1].ok);

  dir.write("bulwark-test.yaml", "policies: [p.yaml]\nresources: [missing.yaml]\nresults: []\nextra: 1\n");
  run = run_policy_tests(dir.path());
  ASSERT_EQ(run.errors.size(), 3u);
  EXPECT_EQ(run.errors[0].message,
            "unknown field \"extra\" (expected name, policies, resources, params, cluster, user, results)");
  EXPECT_EQ(run.errors[0].position.line, 4u);
  EXPECT_NE(run.errors[1].message.find("missing.yaml: no such file or folder"), std::string::npos);
  EXPECT_EQ(run.errors[1].position.line, 2u);
  EXPECT_EQ(run.errors[2].message, "results: Required value: a list of expected results");
}

}  // namespace
}  // namespace bulwark::policy
