#include <gtest/gtest.h>

#include "policy/policy_set.h"
#include "policy_fixture.h"

namespace bulwark::policy {
namespace {

std::string policy_with(std::string_view match, std::string_view binding_extra = "",
                        std::string_view param_kind = "") {
  return "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: "
         "p}\nspec:\n" +
         std::string(param_kind) + "  matchConstraints:\n" + std::string(match) +
         "  validations:\n  - expression: \"false\"\n---\n"
         "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata: "
         "{name: b}\n"
         "spec:\n  policyName: p\n  validationActions: [Deny]\n" +
         std::string(binding_extra);
}

std::size_t count(const std::string& policies, std::string_view objects, std::string_view kind,
                  std::string_view name) {
  auto p = testing::load(policies);
  auto loaded = PolicySet::load(p->objects);
  EXPECT_TRUE(loaded.errors.empty()) << loaded.errors.front().message;
  auto o = testing::load(objects);
  const k8s::Object* ns = nullptr;
  for (const auto& x : o->objects)
    if (x.kind() == "Namespace") ns = &x;
  for (const auto& x : o->objects)
    if (x.kind() == kind && x.name() == name) return loaded.set.evaluate(x, ns).size();
  ADD_FAILURE() << "no " << kind << " " << name;
  return 0;
}

constexpr std::string_view kAllRules =
    "    resourceRules:\n    - {apiGroups: [\"*\"], apiVersions: [\"*\"], operations: [\"*\"], resources: "
    "[\"*\"]}\n";

TEST(MatchingTest, ResourceRulesUseGroupVersionAndPluralResource) {
  const std::string ingress = policy_with(
      "    resourceRules:\n    - {apiGroups: [networking.k8s.io], apiVersions: [v1], operations: [CREATE], "
      "resources: [ingresses, networkpolicies]}\n");
  constexpr std::string_view objects = R"(apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: i}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np}
---
apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata: {name: old}
---
apiVersion: v1
kind: Service
metadata: {name: s}
)";
  EXPECT_EQ(count(ingress, objects, "Ingress", "i"), 1u);
  EXPECT_EQ(count(ingress, objects, "NetworkPolicy", "np"), 1u);
  EXPECT_EQ(count(ingress, objects, "Ingress", "old"), 0u);
  EXPECT_EQ(count(ingress, objects, "Service", "s"), 0u);
  // Rules for UPDATE only never match a CREATE; subresource rules never match the object itself.
  EXPECT_EQ(
      count(policy_with("    resourceRules:\n    - {apiGroups: [\"*\"], apiVersions: [\"*\"], operations: "
                        "[UPDATE], resources: [\"*\"]}\n"),
            objects, "Service", "s"),
      0u);
  EXPECT_EQ(
      count(policy_with("    resourceRules:\n    - {apiGroups: [\"*\"], apiVersions: [\"*\"], operations: "
                        "[\"*\"], resources: [\"services/status\"]}\n"),
            objects, "Service", "s"),
      0u);
}

TEST(MatchingTest, ObjectSelectorAndNamespaceSelector) {
  constexpr std::string_view objects = R"(apiVersion: v1
kind: Namespace
metadata: {name: team-a, labels: {tier: gold}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: selected, namespace: team-a, labels: {check: "yes"}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: unlabelled, namespace: team-a}
)";
  const std::string object_selected =
      policy_with(std::string(kAllRules) + "    objectSelector: {matchLabels: {check: \"yes\"}}\n");
  EXPECT_EQ(count(object_selected, objects, "ConfigMap", "selected"), 1u);
  EXPECT_EQ(count(object_selected, objects, "ConfigMap", "unlabelled"), 0u);
  // The API server labels every namespace with kubernetes.io/metadata.name.
  const std::string by_name =
      policy_with(std::string(kAllRules) +
                  "    namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: team-a}}\n");
  EXPECT_EQ(count(by_name, objects, "ConfigMap", "unlabelled"), 1u);
  EXPECT_EQ(count(by_name, objects, "Namespace", "team-a"), 1u);  // a Namespace is matched by its own labels
  const std::string silver =
      policy_with(std::string(kAllRules) + "    namespaceSelector: {matchLabels: {tier: silver}}\n");
  EXPECT_EQ(count(silver, objects, "ConfigMap", "selected"), 0u);
}

TEST(MatchingTest, ParamSelectorEvaluatesOncePerSelectedParam) {
  const std::string policies =
      policy_with(kAllRules,
                  "  paramRef:\n    selector: {matchLabels: {set: limits}}\n    namespace: cfg\n"
                  "    parameterNotFoundAction: Deny\n",
                  "  paramKind: {apiVersion: v1, kind: ConfigMap}\n") +
      R"(---
apiVersion: v1
kind: ConfigMap
metadata: {name: one, namespace: cfg, labels: {set: limits}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: two, namespace: cfg, labels: {set: limits}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: elsewhere, namespace: other, labels: {set: limits}}
)";
  EXPECT_EQ(count(policies, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: x}\n",
                  "Deployment", "d"),
            2u);
}

TEST(MatchingTest, RequestDescribesACreate) {
  const std::string policies =
      "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: "
      "p}\nspec:\n"
      "  matchConstraints:\n" +
      std::string(kAllRules) +
      "  validations:\n"
      "  - expression: \"request.operation == 'CREATE' && request.resource.resource == 'deployments' && "
      "request.kind.kind == 'Deployment' && request.resource.group == 'apps' && request.resource.version == "
      "'v1' && "
      "request.namespace == 'x' && request.name == 'd' && oldObject == null && namespaceObject == null\"\n"
      "---\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata: "
      "{name: b}\n"
      "spec: {policyName: p, validationActions: [Deny]}\n";
  EXPECT_EQ(count(policies, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: x}\n",
                  "Deployment", "d"),
            0u);
}

}  // namespace
}  // namespace bulwark::policy
