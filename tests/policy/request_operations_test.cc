// Requests beyond an offline CREATE: UPDATE with oldObject, DELETE, request fields, and the audit
// annotations a policy's spec.auditAnnotations produce. Expected behaviour is the API server's
// validating admission policy plugin (validator.go, dispatcher.go in k8s.io/apiserver).
#include <gtest/gtest.h>

#include "policy/policy_set.h"
#include "policy_fixture.h"

namespace bulwark::policy {
namespace {

std::string policy(std::string_view name, std::string_view spec_body, std::string_view actions = "[Deny]",
                   std::string_view binding = "") {
  const std::string b = binding.empty() ? std::string(name) + "-binding" : std::string(binding);
  return "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: " +
         std::string(name) + "}\nspec:\n" + std::string(spec_body) +
         "---\napiVersion: admissionregistration.k8s.io/v1\nkind: "
         "ValidatingAdmissionPolicyBinding\nmetadata: "
         "{name: " +
         b + "}\nspec:\n  policyName: " + std::string(name) +
         "\n  validationActions: " + std::string(actions) + "\n";
}

constexpr std::string_view kDeployments =
    "  matchConstraints:\n    resourceRules:\n    - {apiGroups: [apps], apiVersions: [v1], operations: "
    "[CREATE, UPDATE, DELETE], resources: [deployments]}\n";

constexpr std::string_view kDeployment = R"yaml(apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop, labels: {tier: front}}
spec: {replicas: 5}
)yaml";

constexpr std::string_view kOldDeployment = R"yaml(apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop, labels: {tier: back}}
spec: {replicas: 3}
)yaml";

struct Outcome {
  std::vector<Violation> violations;
  std::vector<AuditAnnotation> annotations;
};

struct PolicyRig {
  std::unique_ptr<testing::Manifest> policies, object, old;
  PolicySet set;

  explicit PolicyRig(const std::string& policy_yaml, std::string_view object_yaml = kDeployment,
                     std::string_view old_yaml = kOldDeployment)
      : policies(testing::load(policy_yaml)),
        object(testing::load(object_yaml)),
        old(testing::load(old_yaml)) {
    auto loaded = PolicySet::load(policies->objects);
    for (const PolicyError& e : loaded.errors) ADD_FAILURE() << e.message;
    set = std::move(loaded.set);
  }

  Outcome run(std::string_view operation = "CREATE", bool with_old = false) const {
    Outcome o;
    RequestContext context;
    context.operation = operation;
    if (with_old) context.old_object = &old->objects.front();
    context.audit_annotations = &o.annotations;
    const k8s::Object& subject = operation == "DELETE" ? old->objects.front() : object->objects.front();
    o.violations = set.evaluate(subject, context);
    return o;
  }
};

std::vector<std::string> load_errors(const std::string& policy_yaml) {
  auto p = testing::load(policy_yaml);
  std::vector<std::string> out;
  for (const PolicyError& e : PolicySet::load(p->objects).errors) out.push_back(e.message);
  return out;
}

TEST(RequestOperationsTest, OperationsInResourceRulesSelectTheRequest) {
  const PolicyRig s(
      policy("updates-only",
             "  matchConstraints:\n    resourceRules:\n    - {apiGroups: [apps], apiVersions: [v1], "
             "operations: [UPDATE], resources: [deployments]}\n  validations:\n  - expression: "
             "\"false\"\n"));
  EXPECT_TRUE(s.run("CREATE").violations.empty());
  EXPECT_EQ(s.run("UPDATE", true).violations.size(), 1u);
  EXPECT_TRUE(s.run("DELETE").violations.empty());
}

TEST(RequestOperationsTest, UpdateSeesTheStoredObjectAsOldObject) {
  const PolicyRig s(policy(
      "no-scale-up", std::string(kDeployments) +
                         "  validations:\n  - expression: \"request.operation != 'UPDATE' || "
                         "object.spec.replicas <= oldObject.spec.replicas\"\n    message: no scaling up\n"));
  EXPECT_TRUE(s.run("CREATE").violations.empty());  // oldObject is null on CREATE; the guard holds
  const Outcome update = s.run("UPDATE", true);     // 5 > 3
  ASSERT_EQ(update.violations.size(), 1u);
  EXPECT_EQ(update.violations[0].message,
            "ValidatingAdmissionPolicy 'no-scale-up' with binding 'no-scale-up-binding' denied request: no "
            "scaling up");
}

TEST(RequestOperationsTest, DeleteHasANullObjectAndTheDeletedObjectAsOldObject) {
  const PolicyRig s(
      policy("keep-web", std::string(kDeployments) +
                             "  validations:\n  - expression: \"!(object == null && "
                             "oldObject.metadata.name == 'web' && request.operation == 'DELETE')\"\n"));
  EXPECT_TRUE(s.run("CREATE").violations.empty());
  EXPECT_EQ(s.run("DELETE").violations.size(), 1u);
}

TEST(RequestOperationsTest, RequestCarriesUidAndDryRun) {
  const PolicyRig s(policy("fields", std::string(kDeployments) +
                                         "  validations:\n  - expression: \"request.uid == 'abc-1' && "
                                         "request.dryRun\"\n"));
  auto object = testing::load(kDeployment);
  RequestContext context;
  EXPECT_EQ(s.set.evaluate(object->objects.front(), context).size(), 1u);
  context.uid = "abc-1";
  context.dry_run = true;
  EXPECT_TRUE(s.set.evaluate(object->objects.front(), context).empty());
}

TEST(RequestOperationsTest, ObjectSelectorMatchesEitherTheNewOrTheOldObjectOnUpdate) {
  const PolicyRig s(policy(
      "back-only", std::string(kDeployments) +
                       "    objectSelector: {matchLabels: {tier: back}}\n  validations:\n  - expression: "
                       "\"false\"\n"));
  EXPECT_TRUE(s.run("CREATE").violations.empty());  // the new object is tier=front
  EXPECT_EQ(s.run("UPDATE", true).violations.size(), 1u);
}

TEST(RequestOperationsTest, AuditAnnotationsArePublishedUnderThePolicyName) {
  const PolicyRig s(policy("replicas-audit", std::string(kDeployments) + R"yaml(  auditAnnotations:
  - key: high-replica-count
    valueExpression: "'  Deployment spec.replicas set to ' + string(object.spec.replicas) + '  '"
  - key: nothing
    valueExpression: "null"
  - key: blank
    valueExpression: "'   '"
)yaml",
                           "[Audit]"));
  const Outcome o = s.run();
  EXPECT_TRUE(o.violations.empty());
  ASSERT_EQ(o.annotations.size(), 1u);
  EXPECT_EQ(o.annotations[0].key, "replicas-audit/high-replica-count");
  EXPECT_EQ(o.annotations[0].value, "Deployment spec.replicas set to 5");
}

TEST(RequestOperationsTest, AuditAnnotationsOfSeveralBindingsAreDeduplicatedThenJoined) {
  std::string yaml =
      policy("p", std::string(kDeployments) + R"yaml(  paramKind: {apiVersion: v1, kind: ConfigMap}
  auditAnnotations:
  - key: tier
    valueExpression: "params.data.tier"
)yaml",
             "[Audit]", "b1");
  yaml += "  paramRef: {name: one, namespace: shop}\n";
  for (const char* b : {"b2", "b3"})
    yaml += std::string(
                "---\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\n"
                "metadata: {name: ") +
            b + "}\nspec:\n  policyName: p\n  validationActions: [Audit]\n  paramRef: {name: " +
            (std::string(b) == "b2" ? "two" : "one") + ", namespace: shop}\n";
  yaml += R"yaml(---
apiVersion: v1
kind: ConfigMap
metadata: {name: one, namespace: shop}
data: {tier: gold}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: two, namespace: shop}
data: {tier: silver}
)yaml";
  const PolicyRig s(yaml);
  const Outcome o = s.run();
  ASSERT_EQ(o.annotations.size(), 1u);
  EXPECT_EQ(o.annotations[0].key, "p/tier");
  EXPECT_EQ(o.annotations[0].value, "gold, silver");  // b3 repeats gold: not repeated
}

TEST(RequestOperationsTest, AuditAnnotationErrorsDenyUnderFailWhateverTheActions) {
  const PolicyRig s(policy("broken", std::string(kDeployments) + R"yaml(  auditAnnotations:
  - key: missing
    valueExpression: "object.spec.nothere"
)yaml",
                           "[Warn]"));
  const Outcome o = s.run();
  EXPECT_TRUE(o.annotations.empty());
  ASSERT_EQ(o.violations.size(), 1u);
  EXPECT_EQ(o.violations[0].action, ValidationAction::Deny);
  EXPECT_EQ(
      o.violations[0].message.rfind("ValidatingAdmissionPolicy 'broken' with binding 'broken-binding' "
                                    "denied request: expression 'object.spec.nothere' resulted in error: ",
                                    0),
      0u)
      << o.violations[0].message;
}

TEST(RequestOperationsTest, AuditAnnotationErrorsAreIgnoredUnderIgnoreButWrongTypesAreNot) {
  const PolicyRig s(
      policy("lenient", "  failurePolicy: Ignore\n" + std::string(kDeployments) + R"yaml(  auditAnnotations:
  - key: missing
    valueExpression: "object.spec.nothere"
  - key: count
    valueExpression: "object.spec.replicas"
)yaml",
             "[Audit]"));
  const Outcome o = s.run();
  EXPECT_TRUE(o.annotations.empty());
  ASSERT_EQ(o.violations.size(), 1u);
  EXPECT_EQ(o.violations[0].action, ValidationAction::Deny);
  EXPECT_EQ(
      o.violations[0].detail,
      "valueExpression 'object.spec.replicas' resulted in unsupported return type: int. Return type must "
      "be either string or null.");
}

TEST(RequestOperationsTest, AuditAnnotationsWaitForMatchConditions) {
  const PolicyRig s(policy("conditional", std::string(kDeployments) + R"yaml(  matchConditions:
  - name: big
    expression: "object.spec.replicas > 10"
  auditAnnotations:
  - key: seen
    valueExpression: "'yes'"
)yaml",
                           "[Audit]"));
  EXPECT_TRUE(s.run().annotations.empty());
}

TEST(RequestOperationsTest, AuditAnnotationValuesAreCutAtTenKibibytes) {
  const PolicyRig s(policy("long", std::string(kDeployments) + R"yaml(  auditAnnotations:
  - key: long
    valueExpression: "lists.range(4000).map(i, '€').join()"
)yaml",
                           "[Audit]"));  // 12000 bytes of three-byte characters
  const Outcome o = s.run();
  ASSERT_EQ(o.annotations.size(), 1u);
  // The API server keeps 10240 bytes; the cut backs off to the last whole character (3413 of them).
  EXPECT_EQ(o.annotations[0].value.size(), 3413u * 3u);
}

TEST(RequestOperationsTest, AuditAnnotationsAreValidatedAtLoad) {
  const auto errors = load_errors(policy("bad", std::string(kDeployments) + R"yaml(  auditAnnotations:
  - key: "-nope"
    valueExpression: "'x'"
  - key: twice
    valueExpression: "'x'"
  - key: twice
    valueExpression: "'y'"
  - key: novalue
  - key: syntax
    valueExpression: "'unterminated"
)yaml"));
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_NE(errors[0].find("spec.auditAnnotations[0].key: Invalid value: \"-nope\""), std::string::npos);
  EXPECT_NE(errors[1].find("spec.auditAnnotations[2].key: Duplicate value"), std::string::npos);
  EXPECT_NE(errors[2].find("spec.auditAnnotations[3].valueExpression: Required value"), std::string::npos);
  EXPECT_NE(errors[3].find("spec.auditAnnotations[4].valueExpression: compilation failed"),
            std::string::npos);
}

TEST(RequestOperationsTest, APolicyWithOnlyAuditAnnotationsLoads) {
  EXPECT_TRUE(
      load_errors(policy("only-audit", std::string(kDeployments) +
                                           "  auditAnnotations:\n  - {key: k, valueExpression: \"'v'\"}\n"))
          .empty());
}

}  // namespace
}  // namespace bulwark::policy
