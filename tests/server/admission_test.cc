// AdmissionReview decoding and admission decisions, without the network. Expectations follow
// the admission.k8s.io API and Pod Security Admission's documented behaviour.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "doc/json_loader.h"
#include "review_builder.h"
#include "rules/catalog.h"
#include "server/admission_evaluator.h"
#include "server/admission_review.h"

namespace bulwark::server {
namespace {

using testing::pod_json;
using testing::restricted_pod_json;
using testing::ReviewBuilder;

const char* kNamespaces = R"(
apiVersion: v1
kind: Namespace
metadata:
  name: strict
  labels:
    pod-security.kubernetes.io/enforce: restricted
---
apiVersion: v1
kind: Namespace
metadata:
  name: warned
  labels:
    pod-security.kubernetes.io/enforce: baseline
    pod-security.kubernetes.io/enforce-version: v1.25
    pod-security.kubernetes.io/warn: restricted
    pod-security.kubernetes.io/audit: restricted
---
apiVersion: v1
kind: Namespace
metadata:
  name: typo
  labels:
    pod-security.kubernetes.io/enforce: restricteed
---
apiVersion: v1
kind: Namespace
metadata:
  name: hardened
  labels:
    bulwark.dev/enforce: high
    bulwark.dev/warn: low
---
apiVersion: v1
kind: Namespace
metadata:
  name: mixed
  labels:
    pod-security.kubernetes.io/enforce: baseline
    pod-security.kubernetes.io/warn: restricted
    bulwark.dev/warn: high
---
apiVersion: v1
kind: Namespace
metadata:
  name: split
  labels:
    pod-security.kubernetes.io/warn: restricted
    pod-security.kubernetes.io/audit: baseline
)";

std::shared_ptr<NamespacePolicies> policies(const std::string& yaml) {
  const auto path =
      std::filesystem::temp_directory_path() / ("bulwark-ns-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path) << yaml;
  auto p = std::make_shared<NamespacePolicies>();
  auto loaded = p->load_file(path.string());
  std::filesystem::remove(path);
  EXPECT_TRUE(loaded.has_value()) << loaded.error();
  return p;
}

Decision decide(const ReviewBuilder& b, AdmissionSettings settings = {}) {
  auto review = decode_admission_review(b.json());
  EXPECT_TRUE(review.has_value()) << (review ? "" : review.error().message);
  if (!review) return {};
  AdmissionEvaluator evaluator(std::move(settings), policies(kNamespaces));
  return evaluator.evaluate(review->request);
}

std::string annotation(const Decision& d, std::string_view key) {
  for (const auto& [k, v] : d.response.audit_annotations)
    if (k == key) return v;
  return {};
}

bool has_annotation(const Decision& d, std::string_view key) {
  for (const auto& [k, v] : d.response.audit_annotations)
    if (k == key) return true;
  return false;
}

TEST(AdmissionReviewDecode, ReadsTheRequestFields) {
  ReviewBuilder b;
  b.namespace_name = "prod";
  b.operation = "UPDATE";
  b.dry_run = true;
  b.object = pod_json();
  auto r = decode_admission_review(b.json());
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->request.version, ReviewVersion::V1);
  EXPECT_EQ(r->request.uid, b.uid);
  EXPECT_EQ(r->request.kind, "Pod");
  EXPECT_EQ(r->request.resource, "pods");
  EXPECT_EQ(r->request.namespace_name, "prod");
  EXPECT_EQ(r->request.operation, "UPDATE");
  EXPECT_EQ(r->request.username, "alice");
  EXPECT_TRUE(r->request.dry_run);
  ASSERT_NE(r->request.object, nullptr);
  EXPECT_EQ(r->request.old_object, nullptr);  // JSON null means absent
}

// Every field the webhook reads, among fields of the same lengths it does not read
// (requestKind and subResource, requestResource, ...), and fields of the wrong type read as absent.
TEST(AdmissionReviewDecode, ReadsEveryFieldByItsName) {
  auto r = decode_admission_review(R"({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
    "request": {"uid": "u-1", "kind": {"group": "apps", "version": "v1", "kind": "Deployment"},
      "resource": {"group": "apps", "version": "v1", "resource": "deployments"},
      "requestKind": {"group": "", "version": "v1", "kind": "Pod"}, "subResource": "scale",
      "requestResource": {"group": "", "version": "v1", "resource": "pods"}, "requestSubResource": "x",
      "name": "web", "namespace": "shop", "operation": "UPDATE",
      "userInfo": {"username": "bob", "uid": "b-7", "groups": ["g1", 3, "g2"]},
      "object": {"kind": "Deployment"}, "oldObject": {"kind": "Deployment", "old": true},
      "dryRun": true, "options": null, "nameX": "no", "uidd": "no"}})");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  const AdmissionRequest& q = r->request;
  EXPECT_EQ(q.uid, "u-1");
  EXPECT_EQ(q.kind_group, "apps");
  EXPECT_EQ(q.kind_version, "v1");
  EXPECT_EQ(q.kind, "Deployment");
  EXPECT_EQ(q.resource_group, "apps");
  EXPECT_EQ(q.resource, "deployments");
  EXPECT_EQ(q.sub_resource, "scale");
  EXPECT_EQ(q.name, "web");
  EXPECT_EQ(q.namespace_name, "shop");
  EXPECT_EQ(q.operation, "UPDATE");
  EXPECT_EQ(q.username, "bob");
  EXPECT_EQ(q.user_uid, "b-7");
  EXPECT_EQ(q.groups, (std::vector<std::string_view>{"g1", "g2"}));
  EXPECT_TRUE(q.dry_run);
  ASSERT_NE(q.object, nullptr);
  ASSERT_NE(q.old_object, nullptr);
  EXPECT_NE(q.old_object->get("old"), nullptr);

  auto typed = decode_admission_review(R"({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
    "request": {"uid": "u-2", "operation": "CREATE", "name": 5, "namespace": ["x"], "dryRun": "yes",
      "kind": "Pod", "userInfo": "alice"}})");
  ASSERT_TRUE(typed.has_value()) << typed.error().message;
  EXPECT_EQ(typed->request.name, "");
  EXPECT_EQ(typed->request.namespace_name, "");
  EXPECT_FALSE(typed->request.dry_run);
  EXPECT_EQ(typed->request.kind, "");
  EXPECT_EQ(typed->request.username, "");
  EXPECT_EQ(typed->request.object, nullptr);
}

TEST(AdmissionReviewDecode, AcceptsV1beta1) {
  ReviewBuilder b;
  b.api_version = "admission.k8s.io/v1beta1";
  auto r = decode_admission_review(b.json());
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->request.version, ReviewVersion::V1beta1);
}

TEST(AdmissionReviewDecode, MalformedJsonIsA400WithPosition) {
  auto r = decode_admission_review("{\"apiVersion\": \"admission.k8s.io/v1\",\n  \"kind\": }");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().http_status, 400);
  EXPECT_NE(r.error().message.find("malformed JSON: 2:"), std::string::npos) << r.error().message;
}

TEST(AdmissionReviewDecode, WrongKindOrVersionOrMissingUidIsA400) {
  ReviewBuilder b;
  b.api_version = "admission.k8s.io/v2";
  EXPECT_NE(decode_admission_review(b.json()).error().message.find("apiVersion must be"), std::string::npos);
  auto wrong_kind =
      decode_admission_review(R"({"apiVersion":"admission.k8s.io/v1","kind":"Pod","request":{}})");
  ASSERT_FALSE(wrong_kind.has_value());
  EXPECT_NE(wrong_kind.error().message.find("kind must be AdmissionReview"), std::string::npos);
  auto no_request =
      decode_admission_review(R"({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"})");
  ASSERT_FALSE(no_request.has_value());
  auto no_uid = decode_admission_review(
      R"({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"operation":"CREATE"}})");
  ASSERT_FALSE(no_uid.has_value());
  EXPECT_NE(no_uid.error().message.find("uid"), std::string::npos);
  EXPECT_FALSE(decode_admission_review("[1,2]").has_value());
  EXPECT_FALSE(decode_admission_review("").has_value());
}

TEST(AdmissionReviewEncode, AnswersInKindWithEveryField) {
  AdmissionResponse resp;
  resp.uid = "u-1";
  resp.allowed = false;
  resp.status_code = 403;
  resp.status_reason = "Forbidden";
  resp.status_message = "no \"quotes\"\n";
  resp.warnings = {"w1", "w2"};
  resp.audit_annotations = {{"k", "v"}};
  const std::string json = encode_admission_review(ReviewVersion::V1beta1, resp);
  auto d = doc::load_json_document("t", json);
  ASSERT_TRUE(d.has_value()) << json;
  const doc::Node* root = d->root();
  EXPECT_EQ(root->get("apiVersion")->text(), "admission.k8s.io/v1beta1");
  EXPECT_EQ(root->get("kind")->text(), "AdmissionReview");
  const doc::Node* r = root->get("response");
  EXPECT_EQ(r->get("uid")->text(), "u-1");
  EXPECT_EQ(r->get("allowed")->as_bool(), false);
  EXPECT_EQ(r->find("status.code")->as_int(), 403);
  EXPECT_EQ(r->find("status.message")->text(), "no \"quotes\"\n");
  EXPECT_EQ(r->get("warnings")->size(), 2u);
  EXPECT_EQ(r->find("auditAnnotations.k")->text(), "v");
}

TEST(AdmissionDecision, EnforceDeniesWithTheViolationsInTheMessage) {
  ReviewBuilder b;
  b.namespace_name = "strict";
  b.object = pod_json(R"({"privileged":true})");
  const Decision d = decide(b);
  EXPECT_FALSE(d.response.allowed);
  EXPECT_EQ(d.outcome, Outcome::Denied);
  EXPECT_EQ(d.response.status_code, 403);
  const std::string& m = d.response.status_message;
  EXPECT_NE(m.find("violates PodSecurity \"restricted:latest\""), std::string::npos) << m;
  EXPECT_NE(m.find("privileged"), std::string::npos) << m;
  EXPECT_NE(m.find("allowPrivilegeEscalation"), std::string::npos) << m;
  EXPECT_NE(m.find("runAsNonRoot"), std::string::npos) << m;
  EXPECT_NE(std::find(d.rule_ids.begin(), d.rule_ids.end(), "PSS-privileged"), d.rule_ids.end());
  EXPECT_TRUE(has_annotation(d, "enforce-policy"));
}

TEST(AdmissionDecision, RestrictedPodIsAllowed) {
  ReviewBuilder b;
  b.namespace_name = "strict";
  b.object = restricted_pod_json();
  const Decision d = decide(b);
  EXPECT_TRUE(d.response.allowed) << d.response.status_message;
  EXPECT_TRUE(d.response.warnings.empty());
}

TEST(AdmissionDecision, WarnAllowsWithWarningsAndAuditAddsAnnotations) {
  ReviewBuilder b;
  b.namespace_name = "warned";  // enforce baseline:v1.25, warn + audit restricted
  b.object = pod_json();
  const Decision d = decide(b);
  EXPECT_TRUE(d.response.allowed) << d.response.status_message;
  ASSERT_EQ(d.response.warnings.size(), 1u);
  EXPECT_NE(d.response.warnings[0].find("would violate PodSecurity \"restricted:latest\""),
            std::string::npos);
  EXPECT_NE(d.response.warnings[0].find("allowPrivilegeEscalation"), std::string::npos);
  EXPECT_TRUE(has_annotation(d, "audit-violations"));
  EXPECT_TRUE(has_annotation(d, "enforce-policy"));
}

TEST(AdmissionDecision, BaselineEnforceStillDeniesPrivileged) {
  ReviewBuilder b;
  b.namespace_name = "warned";
  b.object = pod_json(R"({"privileged":true})");
  const Decision d = decide(b);
  EXPECT_FALSE(d.response.allowed);
  EXPECT_NE(d.response.status_message.find("\"baseline:v1.25\""), std::string::npos)
      << d.response.status_message;
}

TEST(AdmissionDecision, DryRunIsEvaluatedButNotAudited) {
  ReviewBuilder b;
  b.namespace_name = "warned";
  b.dry_run = true;
  b.object = pod_json();
  Decision d = decide(b);
  EXPECT_TRUE(d.response.allowed);
  EXPECT_FALSE(d.response.warnings.empty());
  EXPECT_TRUE(d.response.audit_annotations.empty());
  b.namespace_name = "strict";
  d = decide(b);
  EXPECT_FALSE(d.response.allowed);  // a dry run shows the real decision
}

TEST(AdmissionDecision, UnlabelledNamespaceIsPrivilegedByDefault) {
  ReviewBuilder b;
  b.namespace_name = "elsewhere";
  b.object = pod_json(R"({"privileged":true})");
  EXPECT_TRUE(decide(b).response.allowed);
}

TEST(AdmissionDecision, InvalidLevelLabelEvaluatesAtRestricted) {
  ReviewBuilder b;
  b.namespace_name = "typo";
  b.object = pod_json();
  const Decision d = decide(b);
  EXPECT_FALSE(d.response.allowed);
  EXPECT_NE(d.response.status_message.find("restricted:latest"), std::string::npos);
  ASSERT_FALSE(d.response.warnings.empty());
  EXPECT_NE(d.response.warnings[0].find("restricteed"), std::string::npos);
}

TEST(AdmissionDecision, DeleteAndSubresourcesPassThrough) {
  ReviewBuilder b;
  b.namespace_name = "strict";
  b.object = pod_json(R"({"privileged":true})");
  b.operation = "DELETE";
  Decision d = decide(b);
  EXPECT_TRUE(d.response.allowed);
  EXPECT_EQ(d.outcome, Outcome::Skipped);
  b.operation = "UPDATE";
  b.sub_resource = "status";
  d = decide(b);
  EXPECT_TRUE(d.response.allowed);
  EXPECT_EQ(d.skip_reason, "subresource status");
  b.sub_resource = "ephemeralcontainers";  // adds containers: evaluated, as PSA does
  EXPECT_FALSE(decide(b).response.allowed);
}

TEST(AdmissionDecision, UpdateIsEvaluatedOnlyWhenThePodSpecChanged) {
  ReviewBuilder b;
  b.namespace_name = "strict";
  b.operation = "UPDATE";
  b.old_object = pod_json(R"({"privileged":true})");
  b.object = R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","labels":{"new":"label"}},"spec":)" +
             std::string(R"({"containers":[{"name":"app","image":"registry.example/app@sha256:)") +
             std::string(64, 'a') + R"(","securityContext":{"privileged":true}}]}})";
  Decision d = decide(b);
  EXPECT_TRUE(d.response.allowed);
  EXPECT_EQ(d.skip_reason, "pod spec unchanged");
  b.old_object = restricted_pod_json();
  d = decide(b);
  EXPECT_FALSE(d.response.allowed);
}

TEST(AdmissionDecision, ExemptionsByNamespaceUserAndRuntimeClass) {
  ReviewBuilder b;
  b.namespace_name = "strict";
  b.object = pod_json(R"({"privileged":true})", R"("runtimeClassName":"kata")");
  AdmissionSettings s;
  s.exemptions.namespaces = {"strict"};
  Decision d = decide(b, s);
  EXPECT_EQ(d.outcome, Outcome::Exempt);
  EXPECT_TRUE(d.response.allowed);
  ASSERT_EQ(d.response.audit_annotations.size(), 1u);
  EXPECT_EQ(d.response.audit_annotations[0].second, "namespace");
  s = {};
  s.exemptions.usernames = {"alice"};
  EXPECT_EQ(decide(b, s).skip_reason, "user");
  s = {};
  s.exemptions.runtime_classes = {"kata"};
  EXPECT_EQ(decide(b, s).skip_reason, "runtimeClass");
  s.exemptions.runtime_classes = {"gvisor"};
  EXPECT_FALSE(decide(b, s).response.allowed);
}

TEST(AdmissionDecision, DeploymentsAreEnforcedUnlessConfiguredLikePsa) {
  ReviewBuilder b;
  b.namespace_name = "strict";
  b.kind = "Deployment";
  b.group = "apps";
  b.resource = "deployments";
  b.object =
      R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"selector":{},)"
      R"("template":{"metadata":{},"spec":{"hostNetwork":true,"containers":[{"name":"app","image":"x"}]}}}})";
  Decision d = decide(b);
  EXPECT_FALSE(d.response.allowed);
  EXPECT_NE(d.response.status_message.find("host namespaces"), std::string::npos)
      << d.response.status_message;
  EXPECT_NE(d.object.find("Deployment strict/web"), std::string::npos)
      << d.object;  // namespace from the request
  AdmissionSettings psa_like;
  psa_like.enforce_pod_controllers = false;
  EXPECT_TRUE(decide(b, psa_like).response.allowed);
}

TEST(AdmissionDecision, BulwarkRulesFollowTheirOwnLabels) {
  ReviewBuilder b;
  b.namespace_name = "hardened";  // bulwark.dev/enforce: high, warn: low; PSA privileged
  b.object = restricted_pod_json();
  Decision d = decide(b);
  // A restricted pod still lacks resources, probes, a read-only root: warnings, below high.
  EXPECT_FALSE(d.response.warnings.empty());
  for (const std::string& w : d.response.warnings) EXPECT_EQ(w.find("PSS-"), std::string::npos) << w;
  b.object = pod_json(R"({"privileged":true})");
  d = decide(b);
  EXPECT_FALSE(d.response.allowed) << "a privileged container is at least high severity";
  EXPECT_NE(d.response.status_message.find("violates bulwark rules at high and above"), std::string::npos);
}

TEST(AdmissionDecision, BulwarkWarningsAtAThresholdNextToPodSecurityWarnings) {
  ReviewBuilder b;
  b.namespace_name = "mixed";  // enforce baseline, warn restricted, bulwark.dev/warn: high
  b.object = pod_json("{}");   // baseline-clean, restricted-violating, no hardening
  const Decision d = decide(b);
  EXPECT_TRUE(d.response.allowed) << d.response.status_message;
  ASSERT_FALSE(d.response.warnings.empty());
  EXPECT_NE(d.response.warnings[0].find("would violate PodSecurity \"restricted:latest\""),
            std::string::npos);
  EXPECT_NE(d.response.warnings[0].find("allowPrivilegeEscalation"), std::string::npos);
  // Every rule reported is a PSS check or a bulwark rule of the catalog's high severity or above.
  for (const std::string& id : d.rule_ids) {
    if (id.starts_with("PSS-")) continue;
    const rules::RuleMeta* rule = rules::find_rule(id);
    ASSERT_NE(rule, nullptr) << id;
    EXPECT_GE(rule->severity, rules::Severity::High) << id;
  }
  const auto reported = [](const Decision& decision, std::string_view id) {
    return std::find(decision.rule_ids.begin(), decision.rule_ids.end(), id) != decision.rule_ids.end();
  };
  EXPECT_FALSE(reported(d, "BW-workload-readonly-root-fs")) << "a medium rule under a high threshold";
  // A configured severity counts, not the catalog's: raised to critical, the same rule warns.
  AdmissionSettings raised;
  raised.rules.severity_overrides.emplace("BW-workload-readonly-root-fs", rules::Severity::Critical);
  const Decision r = decide(b, raised);
  EXPECT_TRUE(reported(r, "BW-workload-readonly-root-fs"));
  EXPECT_TRUE(std::any_of(r.response.warnings.begin(), r.response.warnings.end(), [](const std::string& w) {
    return w.starts_with("BW-workload-readonly-root-fs: ");
  }));
}

TEST(AdmissionDecision, NonObjectsArePassedThrough) {
  ReviewBuilder b;
  b.object = R"({"just":"data"})";
  const Decision d = decide(b);
  EXPECT_TRUE(d.response.allowed);
  EXPECT_EQ(d.outcome, Outcome::Skipped);
}

TEST(AdmissionDecision, WarnAndAuditAtOneLevelSayTheSameAndAtTwoLevelsTheirOwn) {
  ReviewBuilder b;
  b.namespace_name = "warned";  // warn and audit both restricted:latest
  b.object = pod_json(R"({"privileged":true})");
  const Decision same = decide(b);
  ASSERT_EQ(same.response.warnings.size(), 1u);
  EXPECT_TRUE(same.response.warnings[0].starts_with("would violate PodSecurity \"restricted:latest\": "))
      << same.response.warnings[0];
  EXPECT_EQ(annotation(same, "audit-violations"), same.response.warnings[0]);

  b.namespace_name = "split";  // warn restricted, audit baseline: only privileged is baseline's
  const Decision split = decide(b);
  ASSERT_EQ(split.response.warnings.size(), 1u);
  const std::string audit = annotation(split, "audit-violations");
  EXPECT_TRUE(audit.starts_with("would violate PodSecurity \"baseline:latest\": privileged")) << audit;
  EXPECT_EQ(audit.find("runAsNonRoot"), std::string::npos) << audit;
  EXPECT_NE(split.response.warnings[0].find("runAsNonRoot"), std::string::npos) << split.response.warnings[0];
}

TEST(AdmissionDecision, OneEvaluatorJudgesEachRequestOnItsOwnObject) {
  // Requests in a row through one evaluator, alternating bad and good objects and the same
  // workload before and after a change: each answer is the one a fresh evaluator gives.
  auto review_of = [](std::string object, std::string ns) {
    ReviewBuilder b;
    b.namespace_name = std::move(ns);
    b.object = std::move(object);
    return b;
  };
  const std::string deployment_head =
      R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[)";
  const std::vector<ReviewBuilder> requests{
      review_of(pod_json(R"({"privileged":true})"), "strict"),
      review_of(restricted_pod_json(), "strict"),
      review_of(deployment_head + R"({"name":"app","image":"a","securityContext":{"privileged":true}}]}}}})",
                "hardened"),
      review_of(deployment_head +
                    R"({"name":"app","image":"a","securityContext":{"allowPrivilegeEscalation":false}},)"
                    R"({"name":"second","image":"b","securityContext":{"runAsUser":0}}]}}}})",
                "hardened"),
      review_of(pod_json(R"({"privileged":true})"), "warned"),
      review_of(restricted_pod_json(), "warned"),
  };
  AdmissionEvaluator shared({}, policies(kNamespaces));
  std::vector<Decision> in_a_row;
  for (const ReviewBuilder& b : requests) {
    auto review = decode_admission_review(b.json());
    ASSERT_TRUE(review.has_value());
    in_a_row.push_back(shared.evaluate(review->request));
  }
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const Decision fresh = decide(requests[i]);
    EXPECT_EQ(in_a_row[i].response.allowed, fresh.response.allowed) << i;
    EXPECT_EQ(in_a_row[i].response.status_message, fresh.response.status_message) << i;
    EXPECT_EQ(in_a_row[i].response.warnings, fresh.response.warnings) << i;
    EXPECT_EQ(in_a_row[i].response.audit_annotations, fresh.response.audit_annotations) << i;
    EXPECT_EQ(in_a_row[i].rule_ids, fresh.rule_ids) << i;
  }
  EXPECT_FALSE(in_a_row[0].response.allowed);
  EXPECT_TRUE(in_a_row[1].response.allowed) << in_a_row[1].response.status_message;
  // The changed Deployment is judged on its own containers: the first version's privileged
  // container is gone, the second's root user is new, and the message names the new container.
  const auto& first = in_a_row[2].rule_ids;
  const auto& second = in_a_row[3].rule_ids;
  EXPECT_NE(std::find(first.begin(), first.end(), "BW-workload-privileged-container"), first.end());
  EXPECT_EQ(std::find(second.begin(), second.end(), "BW-workload-privileged-container"), second.end());
  EXPECT_NE(std::find(second.begin(), second.end(), "BW-workload-run-as-root-user"), second.end());
  EXPECT_EQ(std::find(first.begin(), first.end(), "BW-workload-run-as-root-user"), first.end());
  EXPECT_NE(in_a_row[3].response.status_message.find("\"second\""), std::string::npos)
      << in_a_row[3].response.status_message;
  EXPECT_FALSE(in_a_row[4].response.allowed);  // baseline forbids privileged
  EXPECT_FALSE(in_a_row[4].response.warnings.empty());
  EXPECT_TRUE(in_a_row[5].response.warnings.empty());
}

}  // namespace
}  // namespace bulwark::server
