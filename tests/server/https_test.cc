// The webhook over real HTTPS on 127.0.0.1, with curl as the client and a CA made in the test.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "doc/json_loader.h"
#include "review_builder.h"
#include "server_fixture.h"

namespace bulwark::server::testing {
namespace {

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
    pod-security.kubernetes.io/warn: restricted
    pod-security.kubernetes.io/audit: baseline
)";

class HttpsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (run_command("command -v curl openssl >/dev/null && echo yes") != "yes\n")
      GTEST_SKIP() << "curl and openssl are needed for the HTTPS tests";
    ASSERT_TRUE(pki_.ok());
    ASSERT_TRUE(pki_.issue("server", "bulwark-a", true));
  }
  RunningServer::Config config() {
    RunningServer::Config c;
    c.options.handle_signals = false;
    c.options.threads = 2;
    c.options.certificate_poll = std::chrono::milliseconds(50);
    c.files = {pki_.cert("server"), pki_.key("server"), ""};
    c.namespaces_yaml = kNamespaces;
    c.decision_log_path = dir_.file("decisions.log");
    return c;
  }
  std::string curl(const std::string& args, int* status = nullptr) {
    return run_command("curl -sS --max-time 30 --cacert " + pki_.ca() + " " + args + " 2>&1", status);
  }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_.file(name), std::ios::binary) << text;
    return dir_.file(name);
  }
  std::string post(RunningServer& s, const std::string& body, const std::string& extra = "") {
    const std::string file = write("body-" + std::to_string(++bodies_) + ".json", body);
    return curl("-H 'Content-Type: application/json' --data-binary @" + file + " " + extra + " " +
                s.url("/validate"));
  }

  ScratchDir dir_;
  TestPki pki_{dir_};
  int bodies_ = 0;
};

struct Answer {
  std::optional<doc::Document> document;
  const doc::Node* response = nullptr;
  std::string api_version;
};

Answer parse(const std::string& text) {
  Answer a;
  auto body = text.substr(0, text.find("HTTP_CODE="));
  auto d = doc::load_json_document("answer", body);
  if (!d) return a;
  a.document.emplace(std::move(*d));
  a.api_version =
      std::string(a.document->root()->get("apiVersion") ? a.document->root()->get("apiVersion")->text() : "");
  a.response = a.document->root()->get("response");
  return a;
}

TEST_F(HttpsTest, HealthReadinessAndMetrics) {
  RunningServer s(config());
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(curl(s.url("/healthz")), "ok\n");
  EXPECT_EQ(curl(s.url("/readyz")), "ok\n");
  EXPECT_NE(curl("-o /dev/null -w '%{http_code}' " + s.url("/nope")).find("404"), std::string::npos);
  EXPECT_NE(curl("-o /dev/null -w '%{http_code}' " + s.url("/validate")).find("405"), std::string::npos);
  ReviewBuilder b;
  b.object = pod_json();
  post(s, b.json());
  const std::string metrics = curl(s.url("/metrics"));
  EXPECT_NE(
      metrics.find(
          "bulwark_admission_requests_total{endpoint=\"/validate\",decision=\"allowed\",code=\"200\"} 1"),
      std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("bulwark_request_duration_seconds_count{endpoint=\"/validate\"} 1"),
            std::string::npos);
  EXPECT_NE(metrics.find("bulwark_requests_in_flight 0"), std::string::npos);
  // The certificate was issued for one day: its notAfter lies a day ahead.
  const auto pos = metrics.find("\nbulwark_tls_certificate_expiry_timestamp_seconds ");
  ASSERT_NE(pos, std::string::npos);
  const long long expiry = std::stoll(metrics.substr(pos + 50));
  const long long now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  EXPECT_GT(expiry, now + 23 * 3600);
  EXPECT_LT(expiry, now + 25 * 3600);
}

TEST_F(HttpsTest, EnforceWarnAuditOverHttpsWithADecisionLog) {
  RunningServer s(config());
  ASSERT_TRUE(s.ok()) << s.error();
  ReviewBuilder b;
  b.uid = "deny-1";
  b.namespace_name = "strict";
  b.object = pod_json(R"({"privileged":true})");
  Answer denied = parse(post(s, b.json()));
  ASSERT_NE(denied.response, nullptr);
  EXPECT_EQ(denied.api_version, "admission.k8s.io/v1");
  EXPECT_EQ(denied.response->get("uid")->text(), "deny-1");
  EXPECT_EQ(denied.response->get("allowed")->as_bool(), false);
  EXPECT_EQ(denied.response->find("status.code")->as_int(), 403);
  EXPECT_NE(denied.response->find("status.message")->text().find("privileged"), std::string::npos);

  b.uid = "warn-1";
  b.namespace_name = "warned";
  Answer warned = parse(post(s, b.json()));
  ASSERT_NE(warned.response, nullptr);
  EXPECT_EQ(warned.response->get("allowed")->as_bool(), true);
  ASSERT_NE(warned.response->get("warnings"), nullptr);
  EXPECT_NE(
      warned.response->get("warnings")->at(0)->text().find("would violate PodSecurity \"restricted:latest\""),
      std::string::npos);
  ASSERT_NE(warned.response->find("auditAnnotations.audit-violations"), nullptr);
  EXPECT_NE(warned.response->find("auditAnnotations.audit-violations")->text().find("baseline:latest"),
            std::string::npos);

  b.uid = "dry-1";
  b.dry_run = true;
  Answer dry = parse(post(s, b.json()));
  ASSERT_NE(dry.response, nullptr);
  EXPECT_EQ(dry.response->get("auditAnnotations"), nullptr);
  EXPECT_NE(dry.response->get("warnings"), nullptr);

  b.uid = "beta-1";
  b.dry_run = false;
  b.api_version = "admission.k8s.io/v1beta1";
  b.namespace_name = "strict";
  Answer beta = parse(post(s, b.json()));
  EXPECT_EQ(beta.api_version, "admission.k8s.io/v1beta1");
  ASSERT_NE(beta.response, nullptr);
  EXPECT_EQ(beta.response->get("allowed")->as_bool(), false);

  std::ifstream log(dir_.file("decisions.log"));
  std::vector<std::string> lines;
  for (std::string line; std::getline(log, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 4u);
  for (const std::string& line : lines) {
    auto d = doc::load_json_document("log", line);
    ASSERT_TRUE(d.has_value()) << line;
    for (const char* key :
         {"time", "uid", "kind", "namespace", "name", "user", "decision", "rules", "latencyMs"})
      EXPECT_NE(d->root()->get(key), nullptr) << key << " in " << line;
  }
  EXPECT_NE(lines[0].find("\"uid\":\"deny-1\""), std::string::npos);
  EXPECT_NE(lines[0].find("\"decision\":\"denied\""), std::string::npos);
  EXPECT_NE(lines[0].find("PSS-privileged"), std::string::npos);
  EXPECT_NE(lines[1].find("\"decision\":\"allowed\""), std::string::npos);
}

TEST_F(HttpsTest, MalformedAndOversizedBodiesGetAdmissionReviewErrors) {
  auto c = config();
  c.options.max_body_bytes = 64 << 10;
  RunningServer s(std::move(c));
  ASSERT_TRUE(s.ok()) << s.error();
  std::string out =
      post(s, "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": ", "-w 'HTTP_CODE=%{http_code}'");
  EXPECT_NE(out.find("HTTP_CODE=400"), std::string::npos) << out;
  Answer bad = parse(out);
  ASSERT_NE(bad.response, nullptr) << out;
  EXPECT_EQ(bad.response->get("allowed")->as_bool(), false);
  EXPECT_NE(bad.response->find("status.message")->text().find("malformed JSON: 1:"), std::string::npos)
      << out;

  out = post(s, R"({"apiVersion":"v1","kind":"Pod"})", "-w 'HTTP_CODE=%{http_code}'");
  EXPECT_NE(out.find("HTTP_CODE=400"), std::string::npos) << out;
  EXPECT_NE(out.find("apiVersion must be admission.k8s.io/v1"), std::string::npos) << out;

  ReviewBuilder b;
  b.object = pod_json(R"({"privileged":true})", "\"padding\":\"" + std::string(100 << 10, 'x') + "\"");
  // Expect: 100-continue makes curl wait for our answer before it sends the body, as large
  // uploads do; the limit is decided from Content-Length alone.
  out = post(s, b.json(), "-H 'Expect: 100-continue' -w 'HTTP_CODE=%{http_code}'");
  EXPECT_NE(out.find("HTTP_CODE=413"), std::string::npos) << out.substr(0, 500);
  Answer big = parse(out);
  ASSERT_NE(big.response, nullptr) << out.substr(0, 500);
  EXPECT_EQ(big.response->find("status.code")->as_int(), 413);
  EXPECT_NE(big.response->find("status.message")->text().find("65536"), std::string::npos);
  // The server still answers afterwards.
  EXPECT_EQ(curl(s.url("/healthz")), "ok\n");
}

TEST_F(HttpsTest, OnlyTls12AndNewer) {
  RunningServer s(config());
  ASSERT_TRUE(s.ok()) << s.error();
  int status = 0;
  curl("--tlsv1.0 --tls-max 1.1 " + s.url("/healthz"), &status);
  EXPECT_NE(status, 0);
  EXPECT_EQ(curl("--tlsv1.2 --tls-max 1.2 " + s.url("/healthz")), "ok\n");
  EXPECT_EQ(curl("--tlsv1.3 " + s.url("/healthz")), "ok\n");
  // ALPN offers h2 before http/1.1 (the API server prefers HTTP/2); HTTP/1.1 clients still get it.
  EXPECT_EQ(curl("--http2 -o /dev/null -w '%{http_version}' " + s.url("/healthz")), "2");
  EXPECT_EQ(curl("--http1.1 -o /dev/null -w '%{http_version}' " + s.url("/healthz")), "1.1");
}

TEST_F(HttpsTest, ClientCertificatesWhenAClientCaIsGiven) {
  ASSERT_TRUE(pki_.issue("apiserver", "kube-apiserver", false));
  auto c = config();
  c.files.client_ca = pki_.ca();
  RunningServer s(std::move(c));
  ASSERT_TRUE(s.ok()) << s.error();
  int status = 0;
  curl(s.url("/healthz"), &status);
  EXPECT_NE(status, 0) << "no client certificate must be refused";
  EXPECT_EQ(
      curl("--cert " + pki_.cert("apiserver") + " --key " + pki_.key("apiserver") + " " + s.url("/healthz")),
      "ok\n");
  EXPECT_NE(
      curl("--cert " + pki_.cert("apiserver") + " --key " + pki_.key("apiserver") + " " + s.url("/metrics"))
          .find("bulwark_tls_handshake_failures_total 1"),
      std::string::npos);
}

TEST_F(HttpsTest, SlowClientsAreCutOffAndIdleConnectionsClosed) {
  auto c = config();
  c.options.read_timeout = std::chrono::milliseconds(300);
  RunningServer s(std::move(c));
  ASSERT_TRUE(s.ok()) << s.error();
  // A client that sends half a header and then stalls (slowloris).
  const std::string cmd =
      "(printf 'POST /validate HTTP/1.1\\r\\nHost: x\\r\\n'; sleep 3) | timeout 10 openssl s_client "
      "-quiet -connect 127.0.0.1:" +
      std::to_string(s.port()) + " -CAfile " + pki_.ca() + " 2>/dev/null; echo done";
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(run_command(cmd), "done\n");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 10);
  EXPECT_NE(curl(s.url("/metrics")).find("bulwark_timeouts_total 1"), std::string::npos);
}

// A background load: `clients` curl processes, each sending `requests` reviews over one
// keep-alive connection. Each transfer prints "code uploaded-bytes exit".
std::vector<std::future<std::string>> start_load(const std::string& ca, const std::string& url,
                                                 const std::string& body, int clients, int requests) {
  std::vector<std::future<std::string>> out;
  for (int c = 0; c < clients; ++c) {
    out.push_back(std::async(std::launch::async, [=] {
      std::string cmd = "curl -sS --max-time 60 --cacert " + ca;
      for (int i = 0; i < requests; ++i) {
        if (i) cmd += " --next --cacert " + ca;
        cmd +=
            " -o /dev/null -w '%{http_code} %{size_upload} %{exitcode}\\n' -H 'Content-Type: "
            "application/json' "
            "--data-binary @" +
            body + " " + url;
      }
      int status = 0;
      std::string text = run_command(cmd + " 2>/dev/null", &status);
      if (std::getenv("BULWARK_TEST_VERBOSE")) std::fprintf(stderr, "curl exit %d\n", status);
      return text;
    }));
  }
  return out;
}

struct LoadResult {
  int ok = 0;
  int refused = 0;  // never reached the server: nothing was sent
  int failed = 0;   // sent and not answered: must never happen
};

LoadResult tally(std::vector<std::future<std::string>>& load) {
  LoadResult r;
  for (auto& f : load) {
    const std::string out = f.get();
    if (std::getenv("BULWARK_TEST_VERBOSE")) std::fprintf(stderr, "%s\n", out.c_str());
    std::istringstream lines(out);
    std::string code;
    long uploaded;
    int exit;
    while (lines >> code >> uploaded >> exit) {
      if (code == "200")
        ++r.ok;
      else if (uploaded == 0)
        ++r.refused;
      else
        ++r.failed;
    }
  }
  return r;
}

TEST_F(HttpsTest, CertificateRotationDuringLoadDropsNothing) {
  RunningServer s(config());
  ASSERT_TRUE(s.ok()) << s.error();
  ReviewBuilder b;
  b.namespace_name = "strict";
  b.object = restricted_pod_json();
  const std::string body = write("review.json", b.json());
  auto load = start_load(pki_.ca(), s.url("/validate"), body, 3, 150);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  // cert-manager style: write the new pair beside the old one and move it into place.
  ASSERT_TRUE(pki_.issue("rotated", "bulwark-b", true));
  std::filesystem::rename(pki_.key("rotated"), pki_.key("server"));
  std::filesystem::rename(pki_.cert("rotated"), pki_.cert("server"));
  std::string subject;
  for (int i = 0; i < 100 && subject.find("bulwark-b") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    subject = curl("-v -o /dev/null " + s.url("/healthz"));
  }
  EXPECT_NE(subject.find("subject: CN=bulwark-b"), std::string::npos) << subject;
  const LoadResult r = tally(load);
  EXPECT_EQ(r.ok, 450);
  EXPECT_EQ(r.failed, 0);
  EXPECT_NE(curl(s.url("/metrics")).find("bulwark_tls_certificate_loads_total 2"), std::string::npos);
}

TEST_F(HttpsTest, SigtermDuringLoadFinishesAcceptedRequests) {
  auto c = config();
  c.options.handle_signals = true;
  RunningServer s(std::move(c));
  ASSERT_TRUE(s.ok()) << s.error();
  ReviewBuilder b;
  b.namespace_name = "strict";
  b.object = pod_json(R"({"privileged":true})");
  const std::string body = write("review.json", b.json());
  auto load = start_load(pki_.ca(), s.url("/validate"), body, 4, 400);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  ASSERT_EQ(::kill(::getpid(), SIGTERM), 0);
  EXPECT_TRUE(s.wait_stopped(15)) << "the server must stop within its grace period";
  if (std::getenv("BULWARK_TEST_VERBOSE")) {
    std::fprintf(stderr, "%s\n", s.metrics().render().c_str());
    std::fprintf(stderr, "%s\n", run_command("ss -tnp | grep " + std::to_string(s.port())).c_str());
  }
  const LoadResult r = tally(load);
  EXPECT_GT(r.ok, 0);
  // Whether the load outlives the server (some requests then find it gone) depends on the
  // machine's speed; what must hold either way is that no accepted request goes unanswered.
  EXPECT_EQ(r.failed, 0) << "a request the server accepted was not answered";
}

}  // namespace
}  // namespace bulwark::server::testing
