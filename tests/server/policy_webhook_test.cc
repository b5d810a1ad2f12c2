// `serve --policy`: the Kubernetes documentation's ValidatingAdmissionPolicy examples (replica
// limit, with and without params) enforced by the webhook over HTTPS, with the messages the API
// server gives for Deny, Warn and Audit.
#include <gtest/gtest.h>

#include <fstream>

#include "doc/json_loader.h"
#include "review_builder.h"
#include "server_fixture.h"

namespace bulwark::server::testing {
namespace {

// From kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/, with a
// second binding (Warn + Audit) for staging namespaces.
const char* kPolicies = R"(apiVersion: admissionregistration.k8s.io/v1
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
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: "demo-binding-staging.example.com"
spec:
  policyName: "demo-policy.example.com"
  validationActions: [Warn, Audit]
  matchResources:
    namespaceSelector:
      matchLabels:
        environment: staging
)";

const char* kParamPolicies = R"y(apiVersion: admissionregistration.k8s.io/v1
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
      messageExpression: "'object.spec.replicas must be no greater than ' + string(params.maxReplicas)"
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
        environment: prod
---
apiVersion: rules.example.com/v1
kind: ReplicaLimit
metadata:
  name: "replica-limit-test.example.com"
  namespace: "default"
maxReplicas: 3
)y";

// Policies reading the request's user and its Namespace object, bound everywhere.
const char* kRequestPolicies = R"z(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: who-and-where
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
    - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments]}
  validations:
  - expression: "request.userInfo.username != 'mallory' && !('contractors' in request.userInfo.groups)"
    messageExpression: "'user ' + request.userInfo.username + ' may not deploy'"
  - expression: "namespaceObject.metadata.labels.environment != 'dev' || object.spec.replicas <= 20"
    message: dev namespaces run at most 20 replicas
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: who-and-where-everywhere
spec:
  policyName: who-and-where
  validationActions: [Deny]
)z";

// A policy that audits every Deployment request and judges UPDATE and DELETE with oldObject.
const char* kLifecyclePolicies = R"w(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: lifecycle
spec:
  matchConstraints:
    resourceRules:
    - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE, DELETE], resources: [deployments]}
  validations:
  - expression: "request.operation != 'UPDATE' || object.spec.replicas <= oldObject.spec.replicas + 10"
    message: scale up by at most 10 replicas at once
  - expression: "request.operation != 'DELETE' || object == null && oldObject.metadata.name != 'keep-me'"
    message: keep-me stays
  auditAnnotations:
  - key: replicas
    valueExpression: "object != null ? request.operation + ' with ' + string(object.spec.replicas) + ' replicas' : null"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: lifecycle-everywhere
spec:
  policyName: lifecycle
  validationActions: [Deny]
)w";

const char* kNamespaces = R"(
apiVersion: v1
kind: Namespace
metadata: {name: test-ns, labels: {environment: test}}
---
apiVersion: v1
kind: Namespace
metadata: {name: staging-ns, labels: {environment: staging}}
---
apiVersion: v1
kind: Namespace
metadata: {name: prod-ns, labels: {environment: prod}}
---
apiVersion: v1
kind: Namespace
metadata: {name: dev-ns, labels: {environment: dev}}
)";

std::string deployment(int replicas) {
  return R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"nginx"},"spec":{"replicas":)" +
         std::to_string(replicas) +
         R"(,"selector":{"matchLabels":{"app":"nginx"}},"template":{"metadata":{"labels":{"app":"nginx"}},)"
         R"("spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}})";
}

class PolicyWebhookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (run_command("command -v curl openssl >/dev/null && echo yes") != "yes\n")
      GTEST_SKIP() << "curl and openssl are needed for the HTTPS tests";
    ASSERT_TRUE(pki_.ok());
    ASSERT_TRUE(pki_.issue("server", "bulwark-a", true));
    std::filesystem::create_directories(dir_.file("policies"));
    std::ofstream(dir_.file("policies/replicas.yaml")) << kPolicies;
    std::ofstream(dir_.file("policies/params.yaml")) << kParamPolicies;
    std::ofstream(dir_.file("policies/request.yaml")) << kRequestPolicies;
    std::ofstream(dir_.file("policies/lifecycle.yaml")) << kLifecyclePolicies;
    RunningServer::Config c;
    c.options.handle_signals = false;
    c.files = {pki_.cert("server"), pki_.key("server"), ""};
    c.namespaces_yaml = kNamespaces;
    c.policy_paths = {dir_.file("policies")};
    server_ = std::make_unique<RunningServer>(std::move(c));
    ASSERT_TRUE(server_->ok()) << server_->error();
  }

  /// The AdmissionReview answered for a Deployment with `replicas` in `ns`.
  std::optional<doc::Document> review(const std::string& ns, int replicas,
                                      const std::string& operation = "CREATE",
                                      const std::string& user = "alice") {
    ReviewBuilder b;
    b.username = user;
    b.kind = "Deployment";
    b.group = "apps";
    b.resource = "deployments";
    b.name = "nginx";
    b.namespace_name = ns;
    b.operation = operation;
    b.object = deployment(replicas);
    if (operation == "UPDATE") b.old_object = deployment(1);
    return send(b);
  }

  std::optional<doc::Document> send(const ReviewBuilder& b) {
    const std::string file = dir_.file("body-" + std::to_string(++bodies_) + ".json");
    std::ofstream(file) << b.json();
    const std::string out = run_command("curl -sS --max-time 30 --cacert " + pki_.ca() +
                                        " -H 'Content-Type: application/json' --data-binary @" + file + " " +
                                        server_->url("/validate") + " 2>&1");
    auto d = doc::load_json_document("answer", out);
    EXPECT_TRUE(d.has_value()) << out;
    if (!d) return std::nullopt;
    return std::move(*d);
  }

  ScratchDir dir_;
  TestPki pki_{dir_};
  std::unique_ptr<RunningServer> server_;
  int bodies_ = 0;
};

TEST_F(PolicyWebhookTest, DenyUsesTheApiServersMessageAndReason) {
  auto a = review("test-ns", 7);
  ASSERT_TRUE(a);
  const doc::Node* r = a->root()->get("response");
  EXPECT_EQ(r->get("allowed")->as_bool(), false);
  EXPECT_EQ(r->get("status")->get("code")->as_int(), 422);
  EXPECT_EQ(r->get("status")->get("reason")->text(), "Invalid");
  EXPECT_EQ(
      r->get("status")->get("message")->text(),
      "ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding-test.example.com' "
      "denied request: failed expression: object.spec.replicas <= 5");
  // Within the limit, and an UPDATE past it (the policy lists UPDATE too).
  auto ok = review("test-ns", 5);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->root()->get("response")->get("allowed")->as_bool(), true);
  auto update = review("test-ns", 6, "UPDATE");
  ASSERT_TRUE(update);
  EXPECT_EQ(update->root()->get("response")->get("allowed")->as_bool(), false);
}

TEST_F(PolicyWebhookTest, WarnAndAuditAllowWithWarningsAndTheValidationFailureAnnotation) {
  auto a = review("staging-ns", 7);
  ASSERT_TRUE(a);
  const doc::Node* r = a->root()->get("response");
  EXPECT_EQ(r->get("allowed")->as_bool(), true);
  ASSERT_NE(r->get("warnings"), nullptr);
  ASSERT_EQ(r->get("warnings")->items().size(), 1u);
  EXPECT_EQ(r->get("warnings")->items()[0]->text(),
            "Validation failed for ValidatingAdmissionPolicy 'demo-policy.example.com' with binding "
            "'demo-binding-staging.example.com': failed expression: object.spec.replicas <= 5");
  const doc::Node* annotations = r->get("auditAnnotations");
  ASSERT_NE(annotations, nullptr);
  const doc::Node* failure = annotations->get("validation.policy.admission.k8s.io/validation_failure");
  ASSERT_NE(failure, nullptr);
  auto list = doc::load_json_document("annotation", std::string(failure->text()));
  ASSERT_TRUE(list.has_value()) << failure->text();
  ASSERT_EQ(list->root()->items().size(), 1u);
  const doc::Node* entry = list->root()->items()[0];
  EXPECT_EQ(entry->get("message")->text(), "failed expression: object.spec.replicas <= 5");
  EXPECT_EQ(entry->get("policy")->text(), "demo-policy.example.com");
  EXPECT_EQ(entry->get("binding")->text(), "demo-binding-staging.example.com");
  EXPECT_EQ(entry->get("expressionIndex")->as_int(), 0);
  EXPECT_EQ(doc::to_json(*entry->get("validationActions")), R"(["Warn","Audit"])");
}

TEST_F(PolicyWebhookTest, ParamsFromThePolicyFolderAndUnboundNamespaces) {
  auto over = review("prod-ns", 4);
  ASSERT_TRUE(over);
  const doc::Node* r = over->root()->get("response");
  EXPECT_EQ(r->get("allowed")->as_bool(), false);
  EXPECT_EQ(r->get("status")->get("message")->text(),
            "ValidatingAdmissionPolicy 'replicalimit-policy.example.com' with binding "
            "'replicalimit-binding-test.example.com' denied request: object.spec.replicas must be no greater "
            "than 3");
  auto within = review("prod-ns", 3);
  ASSERT_TRUE(within);
  EXPECT_EQ(within->root()->get("response")->get("allowed")->as_bool(), true);
  // No replica-limit binding selects environment=dev.
  auto dev = review("dev-ns", 15);
  ASSERT_TRUE(dev);
  EXPECT_EQ(dev->root()->get("response")->get("allowed")->as_bool(), true);
  EXPECT_EQ(dev->root()->get("response")->get("warnings"), nullptr);
}

TEST_F(PolicyWebhookTest, RequestUserInfoAndNamespaceObjectComeFromTheReview) {
  auto mallory = review("dev-ns", 1, "CREATE", "mallory");
  ASSERT_TRUE(mallory);
  const doc::Node* r = mallory->root()->get("response");
  EXPECT_EQ(r->get("allowed")->as_bool(), false);
  EXPECT_EQ(r->get("status")->get("message")->text(),
            "ValidatingAdmissionPolicy 'who-and-where' with binding 'who-and-where-everywhere' denied "
            "request: user "
            "mallory may not deploy");
  // The namespace's labels, as watched or loaded, are namespaceObject.
  auto big_dev = review("dev-ns", 21);
  ASSERT_TRUE(big_dev);
  EXPECT_EQ(
      big_dev->root()->get("response")->get("status")->get("message")->text(),
      "ValidatingAdmissionPolicy 'who-and-where' with binding 'who-and-where-everywhere' denied request: dev "
      "namespaces run at most 20 replicas");
  auto big_staging = review("staging-ns", 21);  // only the staging Warn binding reports
  ASSERT_TRUE(big_staging);
  EXPECT_EQ(big_staging->root()->get("response")->get("allowed")->as_bool(), true);
}

TEST_F(PolicyWebhookTest, PolicyAuditAnnotationsAreAnsweredUnderThePolicyNameExceptForDryRuns) {
  auto a = review("dev-ns", 4);
  ASSERT_TRUE(a);
  const doc::Node* annotations = a->root()->get("response")->get("auditAnnotations");
  ASSERT_NE(annotations, nullptr);
  ASSERT_NE(annotations->get("lifecycle/replicas"), nullptr);
  EXPECT_EQ(annotations->get("lifecycle/replicas")->text(), "CREATE with 4 replicas");

  ReviewBuilder dry;
  dry.kind = "Deployment";
  dry.group = "apps";
  dry.resource = "deployments";
  dry.name = "nginx";
  dry.namespace_name = "dev-ns";
  dry.dry_run = true;
  dry.object = deployment(4);
  auto d = send(dry);
  ASSERT_TRUE(d);
  const doc::Node* none = d->root()->get("response")->get("auditAnnotations");
  EXPECT_TRUE(none == nullptr || none->get("lifecycle/replicas") == nullptr);
}

TEST_F(PolicyWebhookTest, UpdateAndDeleteAreJudgedWithTheOldObject) {
  auto small = review("dev-ns", 11, "UPDATE");  // from 1 replica: +10
  ASSERT_TRUE(small);
  EXPECT_EQ(small->root()->get("response")->get("allowed")->as_bool(), true);
  auto big = review("dev-ns", 12, "UPDATE");  // +11
  ASSERT_TRUE(big);
  EXPECT_EQ(
      big->root()->get("response")->get("status")->get("message")->text(),
      "ValidatingAdmissionPolicy 'lifecycle' with binding 'lifecycle-everywhere' denied request: scale up "
      "by at most 10 replicas at once");
  EXPECT_EQ(big->root()->get("response")->get("auditAnnotations")->get("lifecycle/replicas")->text(),
            "UPDATE with 12 replicas");

  ReviewBuilder del;
  del.kind = "Deployment";
  del.group = "apps";
  del.resource = "deployments";
  del.namespace_name = "dev-ns";
  del.operation = "DELETE";
  del.name = "keep-me";
  del.old_object = R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"keep-me"},"spec":{}})";
  auto kept = send(del);
  ASSERT_TRUE(kept);
  EXPECT_EQ(
      kept->root()->get("response")->get("status")->get("message")->text(),
      "ValidatingAdmissionPolicy 'lifecycle' with binding 'lifecycle-everywhere' denied request: keep-me "
      "stays");
  del.name = "other";
  del.old_object = R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"other"},"spec":{}})";
  auto gone = send(del);
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->root()->get("response")->get("allowed")->as_bool(), true);
}

TEST_F(PolicyWebhookTest, ReadyWithPoliciesLoadedAndBrokenPoliciesAreReportedWithPositions) {
  EXPECT_EQ(run_command("curl -sS --cacert " + pki_.ca() + " " + server_->url("/readyz")), "ok\n");
  std::filesystem::create_directories(dir_.file("broken"));
  std::ofstream(dir_.file("broken/bad.yaml"))
      << "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata:\n  name: "
         "bad\n"
         "spec:\n  matchConstraints:\n    resourceRules:\n    - {apiGroups: [''], apiVersions: [v1], "
         "operations: [CREATE], "
         "resources: [pods]}\n  validations:\n  - expression: 'object.spec.(('\n";
  std::vector<std::string> errors;
  auto loaded = AdmissionPolicies::load({dir_.file("broken")}, errors);
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors.front().find("bad.yaml:10:"), std::string::npos) << errors.front();
  EXPECT_EQ(loaded->policy_count(), 0u);
}

}  // namespace
}  // namespace bulwark::server::testing
