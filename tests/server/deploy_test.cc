// deploy/ renders with `kubectl kustomize` and the result scans clean at restricted: bulwark's
// own manifests meet the bar it sets for others.
#include <gtest/gtest.h>

#include <fstream>

#include "doc/json_loader.h"
#include "doc/yaml_loader.h"
#include "engine/scanner.h"
#include "k8s/object.h"
#include "test_pki.h"

namespace bulwark::server::testing {
namespace {

const std::string kRoot = BULWARK_SOURCE_DIR;

struct Rendered {
  std::string text;
  std::deque<doc::DocumentResult> documents;
  std::vector<k8s::Object> objects;
};

std::unique_ptr<Rendered> render(const std::string& overlay) {
  auto r = std::make_unique<Rendered>();
  int status = 0;
  r->text = run_command("kubectl kustomize " + kRoot + "/" + overlay + " 2>&1", &status);
  if (status != 0) return nullptr;
  r->documents = doc::load_yaml_chunk(overlay, r->text, 1, 0, doc::LoadLimits{});
  for (const auto& d : r->documents)
    if (d)
      for (k8s::Object& o : k8s::Object::in(*d)) r->objects.push_back(std::move(o));
  return r;
}

const k8s::Object* find(const Rendered& r, std::string_view kind) {
  for (const k8s::Object& o : r.objects)
    if (o.kind() == kind) return &o;
  return nullptr;
}

class Deploy : public ::testing::Test {
 protected:
  void SetUp() override {
    if (run_command("command -v kubectl >/dev/null && echo yes") != "yes\n")
      GTEST_SKIP() << "kubectl is absent";
  }
};

TEST_F(Deploy, ProductionOverlayHasWhatAWebhookNeeds) {
  auto r = render("deploy/overlays/production");
  ASSERT_NE(r, nullptr) << "kubectl kustomize failed";
  const k8s::Object* deployment = find(*r, "Deployment");
  ASSERT_NE(deployment, nullptr);
  EXPECT_EQ(deployment->namespace_name(), "bulwark-system");
  EXPECT_GE(deployment->root().find("spec.replicas")->as_int().value_or(0), 2);
  EXPECT_NE(deployment->root().find("spec.template.spec.affinity.podAntiAffinity"), nullptr);
  const doc::Node* container = deployment->root().find("spec.template.spec.containers")->at(0);
  for (const char* probe : {"readinessProbe", "livenessProbe"})
    EXPECT_NE(container->get(probe), nullptr) << probe;
  EXPECT_NE(container->find("resources.limits.memory"), nullptr);
  EXPECT_NE(container->get("image")->text().find("@sha256:"), std::string::npos);
  EXPECT_NE(find(*r, "PodDisruptionBudget"), nullptr);
  EXPECT_NE(find(*r, "NetworkPolicy"), nullptr);
  EXPECT_NE(find(*r, "ServiceAccount"), nullptr);
  EXPECT_NE(find(*r, "Certificate"), nullptr);

  const k8s::Object* role = find(*r, "ClusterRole");
  ASSERT_NE(role, nullptr);
  EXPECT_EQ(doc::to_json(*role->root().get("rules")),
            R"([{"apiGroups":[""],"resources":["namespaces"],"verbs":["list","watch"]}])");
  EXPECT_EQ(find(*r, "Role"), nullptr);

  const k8s::Object* webhook = find(*r, "ValidatingWebhookConfiguration");
  ASSERT_NE(webhook, nullptr);
  const doc::Node* w = webhook->root().get("webhooks")->at(0);
  EXPECT_EQ(w->get("failurePolicy")->text(), "Fail");
  EXPECT_EQ(w->get("sideEffects")->text(), "None");
  EXPECT_LE(w->get("timeoutSeconds")->as_int().value_or(99), 10);
  EXPECT_EQ(doc::to_json(*w->get("admissionReviewVersions")), R"(["v1"])");
  const std::string selector = doc::to_json(*w->get("namespaceSelector"));
  EXPECT_NE(selector.find("kube-system"), std::string::npos);
  EXPECT_NE(selector.find("bulwark-system"), std::string::npos);
  EXPECT_EQ(w->find("clientConfig.service.namespace")->text(), "bulwark-system");
  EXPECT_TRUE(webhook->annotation("cert-manager.io/inject-ca-from").has_value());
}

TEST_F(Deploy, TheWebhookWatchesNamespacesWithAProjectedTokenAndMutatesOnlyOptedInNamespaces) {
  auto r = render("deploy/overlays/production");
  ASSERT_NE(r, nullptr) << "kubectl kustomize failed";
  const k8s::Object* deployment = find(*r, "Deployment");
  ASSERT_NE(deployment, nullptr);
  const doc::Node* pod = deployment->root().find("spec.template.spec");
  EXPECT_EQ(pod->get("automountServiceAccountToken")->as_bool(), false);
  const doc::Node* container = pod->get("containers")->at(0);
  EXPECT_NE(doc::to_json(*container->get("args")).find(R"("--in-cluster")"), std::string::npos);
  // The in-cluster client reads token and ca.crt where the kubelet would have mounted them.
  const std::string mounts = doc::to_json(*container->get("volumeMounts"));
  EXPECT_NE(mounts.find(R"("mountPath":"/var/run/secrets/kubernetes.io/serviceaccount")"), std::string::npos);
  const std::string volumes = doc::to_json(*pod->get("volumes"));
  EXPECT_NE(volumes.find(R"("serviceAccountToken":{)"), std::string::npos) << volumes;
  EXPECT_NE(volumes.find(R"("path":"token")"), std::string::npos) << volumes;
  EXPECT_NE(volumes.find(R"("path":"ca.crt")"), std::string::npos) << volumes;
  // Egress to the API server is allowed.
  bool egress_443 = false;
  for (const k8s::Object& o : r->objects)
    if (o.kind() == "NetworkPolicy" && o.root().find("spec.egress"))
      egress_443 |= doc::to_json(*o.root().find("spec.egress")).find(R"("port":443)") != std::string::npos;
  EXPECT_TRUE(egress_443);

  const k8s::Object* mutating = find(*r, "MutatingWebhookConfiguration");
  ASSERT_NE(mutating, nullptr);
  const doc::Node* w = mutating->root().get("webhooks")->at(0);
  EXPECT_EQ(w->find("clientConfig.service.path")->text(), "/mutate");
  EXPECT_EQ(w->get("sideEffects")->text(), "None");
  const std::string selector = doc::to_json(*w->get("namespaceSelector"));
  EXPECT_NE(selector.find(R"({"key":"bulwark.dev/mutate","operator":"In","values":["enabled"]})"),
            std::string::npos)
      << selector;
  EXPECT_NE(selector.find("kube-system"), std::string::npos);
}

TEST_F(Deploy, BaseAndProductionScanCleanAtRestricted) {
  for (const std::string overlay : {"deploy/base", "deploy/overlays/production"}) {
    auto r = render(overlay);
    ASSERT_NE(r, nullptr) << overlay;
    ScratchDir dir;
    const std::string file = dir.file("rendered.yaml");
    std::ofstream(file) << r->text;
    engine::ScanOptions options;
    options.pss_level = rules::PssLevel::Restricted;
    options.jobs = 1;
    const engine::ScanResult result =
        engine::scan({engine::Input{file, engine::InputKind::Manifest}}, options);
    EXPECT_TRUE(result.load_errors.empty()) << overlay;
    for (const rules::Finding& f : result.findings)
      ADD_FAILURE() << overlay << ": " << f.rule->id << " " << f.object << " " << f.field_path << ": "
                    << f.message;
    EXPECT_GE(result.stats.objects, 10u);
  }
}

}  // namespace
}  // namespace bulwark::server::testing
