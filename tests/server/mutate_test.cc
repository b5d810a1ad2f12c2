// POST /mutate: the JSONPatch applied by a real RFC 6902 implementation (`kubectl patch --local
// --type=json`, the library the API server applies webhook patches with) gives an object that
// the rules the fixes claim no longer report on; only opted-in namespaces are patched.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "doc/byte_source.h"
#include "doc/json_loader.h"
#include "doc/yaml_loader.h"
#include "fix/fix_catalog.h"
#include "k8s/object.h"
#include "review_builder.h"
#include "rules/catalog.h"
#include "rules/check_context.h"
#include "secrets/base64.h"
#include "server/admission_mutator.h"
#include "server/json_patch.h"
#include "server/webhook_handler.h"
#include "test_pki.h"

namespace bulwark::server::testing {
namespace {

const char* kNamespaces = R"(
apiVersion: v1
kind: Namespace
metadata:
  name: auto
  labels:
    bulwark.dev/mutate: enabled
---
apiVersion: v1
kind: Namespace
metadata:
  name: plain
---
apiVersion: v1
kind: Namespace
metadata:
  name: other-value
  labels:
    bulwark.dev/mutate: "true"
)";

std::string deployment_json() {
  return R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},)"
         R"("spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},)"
         R"("spec":{"containers":[{"name":"app","image":"registry.example/app:1.2","ports":[{"containerPort":8080}],)"
         R"("securityContext":{"capabilities":{"add":["NET_BIND_SERVICE"]}}},)"
         R"({"name":"side/car~1","image":"registry.example/sidecar:3","securityContext":{"privileged":true}}]}}}})";
}

/// The rule ids the default fixes claim to resolve.
std::set<std::string> fixed_rules() {
  std::set<std::string> out;
  for (const fix::FixInfo& f : fix::all_fixes())
    if (!f.opt_in && f.kind != fix::FixKind::ImageDigest)
      for (std::string_view r : f.rules) out.emplace(r);
  return out;
}

/// Rule ids reported on an object (JSON) at restricted:latest.
std::set<std::string> findings_on(const std::string& json) {
  auto d = doc::load_json_document("object", json);
  EXPECT_TRUE(d.has_value());
  std::set<std::string> out;
  if (!d) return out;
  rules::CheckContext context;
  context.pss_level = rules::PssLevel::Restricted;
  for (const k8s::Object& o : k8s::Object::in(*d)) {
    rules::FindingSink sink;
    for (const rules::ObjectRule& r : rules::object_rules()) r.check(o, context, sink);
    for (const rules::Finding& f : sink.findings()) out.emplace(f.rule->id);
  }
  return out;
}

class MutateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string path = dir_.file("namespaces.yaml");
    std::ofstream(path) << kNamespaces;
    ASSERT_TRUE(namespaces_->load_file(path).has_value());
    handler_.set_mutator(&mutator_);
  }
  /// The response object of POST /mutate.
  std::optional<doc::Document> mutate(const ReviewBuilder& b) {
    const HttpAnswer a = handler_.handle("POST", "/mutate", b.json());
    EXPECT_EQ(a.status, 200u) << a.body;
    auto d = doc::load_json_document("answer", a.body);
    if (!d) return std::nullopt;
    return std::move(*d);
  }
  /// Applies `patch` to `object` with kubectl; "" when kubectl is absent.
  std::string apply(const std::string& object, const std::string& patch) {
    std::ofstream(dir_.file("object.json")) << object;
    std::ofstream(dir_.file("patch.json")) << patch;
    int status = 0;
    std::string out =
        run_command("kubectl patch --local -f " + dir_.file("object.json") + " --type=json --patch-file " +
                        dir_.file("patch.json") + " -o json 2>&1",
                    &status);
    EXPECT_EQ(status, 0) << out;
    return out;
  }

  ScratchDir dir_;
  std::shared_ptr<NamespacePolicies> namespaces_ = std::make_shared<NamespacePolicies>();
  Metrics metrics_;
  const AdmissionEvaluator evaluator_{{}, namespaces_};
  const DecisionLog log_{-1, false};
  WebhookHandler handler_{evaluator_, metrics_, log_};
  const AdmissionMutator mutator_{{}, namespaces_};
};

TEST_F(MutateTest, ThePatchAppliedByKubectlLeavesNothingForTheDefaultFixes) {
  if (run_command("command -v kubectl >/dev/null && echo yes") != "yes\n")
    GTEST_SKIP() << "kubectl applies the patch in this test";
  ReviewBuilder b;
  b.kind = "Deployment";
  b.group = "apps";
  b.resource = "deployments";
  b.namespace_name = "auto";
  b.object = deployment_json();
  auto answer = mutate(b);
  ASSERT_TRUE(answer);
  const doc::Node* response = answer->root()->get("response");
  ASSERT_NE(response, nullptr);
  EXPECT_EQ(response->get("allowed")->as_bool(), true);
  EXPECT_EQ(response->get("uid")->text(), b.uid);
  ASSERT_NE(response->get("patchType"), nullptr);
  EXPECT_EQ(response->get("patchType")->text(), "JSONPatch");
  const auto patch = secrets::decode_base64(response->get("patch")->text());
  ASSERT_TRUE(patch.has_value());

  const std::set<std::string> claimed = fixed_rules();
  const std::set<std::string> before = findings_on(deployment_json());
  std::vector<std::string> fixable_before;
  for (const std::string& id : before)
    if (claimed.contains(id)) fixable_before.push_back(id);
  ASSERT_GE(fixable_before.size(), 4u) << "the test object must need the fixes";

  const std::string patched = apply(deployment_json(), *patch);
  for (const std::string& id : findings_on(patched))
    EXPECT_FALSE(claimed.contains(id)) << id << " still reported after the patch:\n" << patched;

  // Nothing else changed: the added capability, images, ports and names are as they were.
  auto d = doc::load_json_document("patched", patched);
  ASSERT_TRUE(d.has_value());
  const doc::Node* containers = d->root()->get("spec")->get("template")->get("spec")->get("containers");
  ASSERT_EQ(containers->items().size(), 2u);
  EXPECT_EQ(containers->items()[0]->get("image")->text(), "registry.example/app:1.2");
  EXPECT_EQ(containers->items()[1]->get("name")->text(), "side/car~1");
  EXPECT_EQ(doc::to_json(*containers->items()[0]->get("securityContext")->get("capabilities")->get("add")),
            R"(["NET_BIND_SERVICE"])");
  EXPECT_EQ(containers->items()[1]->get("securityContext")->get("privileged")->as_bool(), false);
  EXPECT_EQ(d->root()->get("spec")->get("replicas")->as_int(), 2);
  EXPECT_NE(metrics_.render().find("bulwark_mutations_patched_total 1"), std::string::npos);
}

TEST_F(MutateTest, NamespacesThatDidNotOptInGetNoPatch) {
  for (const char* ns : {"plain", "other-value", "unknown"}) {
    ReviewBuilder b;
    b.namespace_name = ns;
    b.object = pod_json(R"({"privileged":true})");
    auto answer = mutate(b);
    ASSERT_TRUE(answer);
    const doc::Node* response = answer->root()->get("response");
    EXPECT_EQ(response->get("allowed")->as_bool(), true) << ns;
    EXPECT_EQ(response->get("patch"), nullptr) << ns;
    EXPECT_EQ(response->get("patchType"), nullptr) << ns;
  }
}

TEST_F(MutateTest, AnObjectThatNeedsNothingAnUpdateAndADeleteGetNoPatch) {
  ReviewBuilder hardened;
  hardened.namespace_name = "auto";
  hardened.object = restricted_pod_json();
  auto a = mutate(hardened);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->root()->get("response")->get("patch"), nullptr);
  ReviewBuilder update;
  update.namespace_name = "auto";
  update.operation = "UPDATE";
  update.object = pod_json(R"({"privileged":true})");
  update.old_object = update.object;
  auto u = mutate(update);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->root()->get("response")->get("patch"), nullptr);
  ReviewBuilder del;
  del.namespace_name = "auto";
  del.operation = "DELETE";
  del.old_object = pod_json(R"({"privileged":true})");
  auto d = mutate(del);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->root()->get("response")->get("patch"), nullptr);
}

TEST_F(MutateTest, V1beta1IsAnsweredInKindWithItsPatch) {
  ReviewBuilder b;
  b.api_version = "admission.k8s.io/v1beta1";
  b.namespace_name = "auto";
  b.object = pod_json("{}");
  auto answer = mutate(b);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->root()->get("apiVersion")->text(), "admission.k8s.io/v1beta1");
  const doc::Node* response = answer->root()->get("response");
  ASSERT_NE(response->get("patch"), nullptr);
  const auto patch = secrets::decode_base64(response->get("patch")->text());
  ASSERT_TRUE(patch.has_value());
  // The pod had an empty container securityContext: the patch adds into it, never replaces it whole.
  EXPECT_NE(
      patch->find(
          R"("op":"add","path":"/spec/containers/0/securityContext/allowPrivilegeEscalation","value":false)"),
      std::string::npos)
      << *patch;
}

TEST_F(MutateTest, BadBodiesAre400AndGetIsRefused) {
  EXPECT_EQ(handler_.handle("POST", "/mutate", "{").status, 400u);
  EXPECT_EQ(handler_.handle("GET", "/mutate", "").status, 405u);
}

TEST(JsonPatch, OperationsFollowRfc6902) {
  auto a =
      doc::load_json_document("a", R"({"keep":1,"gone":true,"list":[1,2,3],"m":{"x":"y"},"a/b":{"c~d":1}})");
  auto b = doc::load_json_document(
      "b", R"({"keep":1,"list":[1,5],"m":{"x":"y","z":[true]},"a/b":{"c~d":2},"new":null})");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(json_patch_between(*a->root(), *b->root()),
            R"([{"op":"remove","path":"/gone"},{"op":"replace","path":"/list/1","value":5},)"
            R"({"op":"remove","path":"/list/2"},{"op":"add","path":"/m/z","value":[true]},)"
            R"({"op":"replace","path":"/a~1b/c~0d","value":2},{"op":"add","path":"/new","value":null}])");
  EXPECT_EQ(json_patch_between(*a->root(), *a->root()), "");
}

TEST(JsonPatch, YamlRenderingLoadsBackToTheSameTree) {
  const std::string json =
      R"({"a":{"b":[1,"two",{"c":null,"d":[]},[3]],"e":{}},"quote\"d":"line\nbreak","yes":"yes","n":-1.5})";
  auto original = doc::load_json_document("o", json);
  ASSERT_TRUE(original.has_value());
  const std::string yaml = yaml_block_of(*original->root());
  // Loaded as YAML, the rendering has no difference from the JSON it came from.
  doc::MemoryByteSource source(yaml);
  doc::YamlStreamLoader loader(source, "rendering");
  auto first = loader.next();
  ASSERT_TRUE(first && *first) << yaml;
  EXPECT_EQ(json_patch_between(*original->root(), *(**first).root()), "") << yaml;
}

}  // namespace
}  // namespace bulwark::server::testing
