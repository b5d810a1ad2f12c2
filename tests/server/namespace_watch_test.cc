// Namespaces learnt by list+watch from an API server played by FakeApiServer over HTTPS with
// the test's own CA: label changes streamed by the watch change the next decision, 410 Gone
// re-lists, and /readyz waits for the first list.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "fake_api_server.h"
#include "review_builder.h"
#include "server/admission_evaluator.h"
#include "server/kube_endpoint.h"
#include "server/namespace_watcher.h"
#include "server/webhook_handler.h"
#include "test_pki.h"

namespace bulwark::server::testing {
namespace {

template <class Condition>
bool eventually(Condition condition, double seconds = 10) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

class NamespaceWatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (run_command("command -v openssl >/dev/null && echo yes") != "yes\n")
      GTEST_SKIP() << "openssl is needed";
    ASSERT_TRUE(pki_.ok());
    ASSERT_TRUE(pki_.issue("apiserver", "kube-apiserver", true));
    api_ = std::make_unique<FakeApiServer>(TlsFiles{pki_.cert("apiserver"), pki_.key("apiserver"), ""});
    ASSERT_TRUE(api_->ok()) << api_->error();
    api_->put_namespace("team", "{}");
    api_->put_namespace("other", R"({"pod-security.kubernetes.io/enforce":"baseline"})");
  }

  std::string kubeconfig(const std::string& extra_cluster = "",
                         const std::string& user = "    token: test-token\n") {
    const std::string path = dir_.file("kubeconfig");
    std::ofstream(path) << "apiVersion: v1\nkind: Config\ncurrent-context: test\n"
                           "clusters:\n- name: fake\n  cluster:\n    server: https://127.0.0.1:"
                        << api_->port() << "\n    certificate-authority: " << pki_.ca() << "\n"
                        << extra_cluster
                        << "contexts:\n- name: test\n  context:\n    cluster: fake\n    user: u\n"
                        << "users:\n- name: u\n  user:\n"
                        << user;
    return path;
  }

  WatchOptions fast() {
    WatchOptions o;
    o.min_backoff = std::chrono::milliseconds(10);
    o.max_backoff = std::chrono::milliseconds(50);
    return o;
  }

  /// The decision on a privileged pod in `ns`, through the webhook handler.
  std::string decide(WebhookHandler& handler, const std::string& ns) {
    ReviewBuilder b;
    b.namespace_name = ns;
    b.object = pod_json(R"({"privileged":true})");
    return handler.handle("POST", "/validate", b.json()).body;
  }

  ScratchDir dir_;
  TestPki pki_{dir_};
  std::unique_ptr<FakeApiServer> api_;
};

bool allowed(const std::string& answer) {
  return answer.find(R"("allowed":true)") != std::string::npos;
}

TEST_F(NamespaceWatchTest, ALabelChangeStreamedByTheWatchChangesTheNextDecision) {
  auto endpoint = kubeconfig_endpoint(kubeconfig());
  ASSERT_TRUE(endpoint.has_value()) << endpoint.error();
  auto namespaces = std::make_shared<NamespacePolicies>();
  Metrics metrics;
  const AdmissionEvaluator evaluator({}, namespaces);
  const DecisionLog log(-1, false);
  WebhookHandler handler(evaluator, metrics, log);
  NamespaceWatcher watcher(*endpoint, namespaces, metrics, fast());
  handler.set_ready(true);
  handler.set_readiness_check(
      [&] { return watcher.synced() ? std::string{} : std::string("waiting for namespaces"); });
  const HttpAnswer before = handler.handle("GET", "/readyz", "");
  EXPECT_EQ(before.status, 503u);
  EXPECT_NE(before.body.find("waiting for namespaces"), std::string::npos);

  ASSERT_TRUE(watcher.start().has_value());
  ASSERT_TRUE(eventually([&] { return watcher.synced(); }));
  EXPECT_EQ(handler.handle("GET", "/readyz", "").status, 200u);
  EXPECT_EQ(api_->last_authorization(), "Bearer test-token");
  EXPECT_EQ(namespaces->size(), 2u);
  // From the list: "other" enforces baseline, "team" has no labels (privileged).
  EXPECT_FALSE(allowed(decide(handler, "other")));
  EXPECT_TRUE(allowed(decide(handler, "team")));

  api_->put_namespace("team", R"({"pod-security.kubernetes.io/enforce":"restricted"})");
  ASSERT_TRUE(eventually(
      [&] { return namespaces->policy_for("team").enforce.level == rules::PssLevel::Restricted; }));
  const std::string denied = decide(handler, "team");
  EXPECT_FALSE(allowed(denied));
  EXPECT_NE(denied.find(R"(violates PodSecurity \"restricted:latest\")"), std::string::npos) << denied;

  // A namespace created after the list, and one deleted: back to the defaults.
  api_->put_namespace("late", R"({"pod-security.kubernetes.io/enforce":"baseline"})");
  api_->delete_namespace("other");
  ASSERT_TRUE(eventually([&] { return namespaces->find("late") && !namespaces->find("other"); }));
  EXPECT_FALSE(allowed(decide(handler, "late")));
  EXPECT_TRUE(allowed(decide(handler, "other")));
  EXPECT_EQ(watcher.lists(), 1u);
  EXPECT_EQ(api_->lists(), 1);
  EXPECT_NE(metrics.render().find(R"(bulwark_namespace_watch_events_total{type="MODIFIED"} 1)"),
            std::string::npos);
}

TEST_F(NamespaceWatchTest, GoneTriggersARelistThatPicksUpWhatTheWatchMissed) {
  auto endpoint = kubeconfig_endpoint(kubeconfig());
  ASSERT_TRUE(endpoint.has_value()) << endpoint.error();
  auto namespaces = std::make_shared<NamespacePolicies>();
  Metrics metrics;
  NamespaceWatcher watcher(*endpoint, namespaces, metrics, fast());
  ASSERT_TRUE(watcher.start().has_value());
  ASSERT_TRUE(eventually([&] { return watcher.synced() && api_->watches() >= 1; }));
  EXPECT_EQ(api_->lists(), 1);

  // History is compacted: the open watch gets an ERROR event with a 410 Status. A change made
  // meanwhile exists only in the new list.
  api_->compact();
  api_->put_namespace("team", R"({"pod-security.kubernetes.io/enforce":"restricted"})");
  api_->compact();
  ASSERT_TRUE(eventually([&] { return watcher.lists() >= 2; }));
  EXPECT_GE(api_->lists(), 2);
  ASSERT_TRUE(eventually(
      [&] { return namespaces->policy_for("team").enforce.level == rules::PssLevel::Restricted; }));
  EXPECT_NE(metrics.render().find(R"(bulwark_namespace_watch_events_total{type="ERROR"})"),
            std::string::npos);
  EXPECT_EQ(metrics.render().find("bulwark_namespace_watch_restarts_total 0\n"), std::string::npos);
  watcher.stop();
}

TEST_F(NamespaceWatchTest, AnApiServerThatRefusesKeepsTheWebhookUnreadyAndIsRetried) {
  api_->fail_lists_with(403);
  auto endpoint = kubeconfig_endpoint(kubeconfig());
  ASSERT_TRUE(endpoint.has_value());
  auto namespaces = std::make_shared<NamespacePolicies>();
  Metrics metrics;
  NamespaceWatcher watcher(*endpoint, namespaces, metrics, fast());
  ASSERT_TRUE(watcher.start().has_value());
  ASSERT_TRUE(eventually([&] { return api_->lists() >= 3; }));  // with backoff, not once
  EXPECT_FALSE(watcher.synced());
  api_->fail_lists_with(0);
  ASSERT_TRUE(eventually([&] { return watcher.synced(); }));
  EXPECT_EQ(namespaces->size(), 2u);
}

TEST_F(NamespaceWatchTest, AServerCertificateFromAnotherCaIsRefused) {
  ScratchDir other_dir;
  TestPki other(other_dir);
  ASSERT_TRUE(other.ok());
  const std::string path = dir_.file("kubeconfig-other-ca");
  std::ofstream(path)
      << "apiVersion: v1\nkind: Config\ncurrent-context: t\nclusters:\n- name: c\n  cluster:\n"
      << "    server: https://127.0.0.1:" << api_->port() << "\n    certificate-authority: " << other.ca()
      << "\ncontexts:\n- name: t\n  context: {cluster: c, user: u}\n"
      << "users:\n- name: u\n  user: {token: x}\n";
  auto endpoint = kubeconfig_endpoint(path);
  ASSERT_TRUE(endpoint.has_value()) << endpoint.error();
  auto namespaces = std::make_shared<NamespacePolicies>();
  Metrics metrics;
  NamespaceWatcher watcher(*endpoint, namespaces, metrics, fast());
  ASSERT_TRUE(watcher.start().has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(watcher.synced());
  EXPECT_EQ(api_->lists(), 0);  // the handshake failed before any request
}

TEST(KubeEndpoint, KubeconfigWithInlineDataAndClientCertificate) {
  ScratchDir dir;
  const std::string path = dir.file("config");
  // base64 of "CA PEM", "CERT PEM", "KEY PEM".
  std::ofstream(path) << R"(apiVersion: v1
kind: Config
current-context: b
contexts:
- name: a
  context: {cluster: one, user: one}
- name: b
  context: {cluster: two, user: two}
clusters:
- name: one
  cluster: {server: "https://one.example:6443"}
- name: two
  cluster:
    server: https://[fd00::1]:8443/
    certificate-authority-data: Q0EgUEVN
users:
- name: one
  user: {token: t1}
- name: two
  user:
    client-certificate-data: Q0VSVCBQRU0=
    client-key-data: S0VZIFBFTQ==
)";
  auto b = kubeconfig_endpoint(path);
  ASSERT_TRUE(b.has_value()) << b.error();
  EXPECT_EQ(b->host, "fd00::1");
  EXPECT_EQ(b->port, "8443");
  EXPECT_EQ(b->ca_pem, "CA PEM");
  EXPECT_EQ(b->client_cert_pem, "CERT PEM");
  EXPECT_EQ(b->client_key_pem, "KEY PEM");
  auto a = kubeconfig_endpoint(path, "a");
  ASSERT_TRUE(a.has_value()) << a.error();
  EXPECT_EQ(a->host, "one.example");
  EXPECT_EQ(a->port, "6443");
  EXPECT_EQ(a->token, "t1");
  EXPECT_FALSE(kubeconfig_endpoint(path, "missing").has_value());
}

TEST(KubeEndpoint, RelativeFilesAreRelativeToTheKubeconfigAndPluginsAreRefused) {
  ScratchDir dir;
  std::ofstream(dir.file("ca.pem")) << "the CA";
  std::ofstream(dir.file("token")) << "tok\n";
  const std::string path = dir.file("config");
  std::ofstream(path)
      << "current-context: c\ncontexts:\n- name: c\n  context: {cluster: k, user: u}\n"
         "clusters:\n- name: k\n  cluster: {server: 'https://10.0.0.1', certificate-authority: ca.pem}\n"
         "users:\n- name: u\n  user: {tokenFile: token}\n";
  auto e = kubeconfig_endpoint(path);
  ASSERT_TRUE(e.has_value()) << e.error();
  EXPECT_EQ(e->ca_pem, "the CA");
  EXPECT_EQ(e->port, "443");
  EXPECT_EQ(e->token_file, dir.file("token"));
  std::ofstream(path) << "current-context: c\ncontexts:\n- name: c\n  context: {cluster: k, user: u}\n"
                         "clusters:\n- name: k\n  cluster: {server: 'http://10.0.0.1'}\n"
                         "users:\n- name: u\n  user: {exec: {command: aws}}\n";
  auto plain_http = kubeconfig_endpoint(path);
  ASSERT_FALSE(plain_http.has_value());
  EXPECT_NE(plain_http.error().find("only https://"), std::string::npos) << plain_http.error();
}

TEST(KubeEndpoint, InClusterReadsTheServiceAccountFilesAndEnvironment) {
  ScratchDir dir;
  std::ofstream(dir.file("ca.crt")) << "cluster CA";
  std::ofstream(dir.file("token")) << "sa-token";
  ::setenv("KUBERNETES_SERVICE_HOST", "10.96.0.1", 1);
  ::setenv("KUBERNETES_SERVICE_PORT", "443", 1);
  auto e = in_cluster_endpoint(dir.path().string());
  ::unsetenv("KUBERNETES_SERVICE_HOST");
  ::unsetenv("KUBERNETES_SERVICE_PORT");
  ASSERT_TRUE(e.has_value()) << e.error();
  EXPECT_EQ(e->host, "10.96.0.1");
  EXPECT_EQ(e->ca_pem, "cluster CA");
  EXPECT_EQ(e->token_file, dir.file("token"));
  EXPECT_FALSE(in_cluster_endpoint(dir.path().string()).has_value());  // no environment
}

}  // namespace
}  // namespace bulwark::server::testing
