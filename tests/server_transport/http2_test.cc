// HTTP/2 on the webhook's TLS listener: ALPN, decisions, limits, slow and idle clients, shutdown,
// with real clients (curl, nghttp, h2load, and raw frames) over HTTPS on 127.0.0.1.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <thread>

#include "doc/json_loader.h"
#include "h2_frames.h"
#include "review_builder.h"
#include "server_fixture.h"
#include "tls_client.h"

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
)";

constexpr std::string_view kAlpnH2{"\x02h2", 3};

class Http2Test : public ::testing::Test {
 protected:
  void SetUp() override {
    if (run_command("command -v curl openssl >/dev/null && echo yes") != "yes\n")
      GTEST_SKIP() << "curl and openssl are needed for the HTTPS tests";
    if (run_command("curl -V").find("HTTP2") == std::string::npos) GTEST_SKIP() << "this curl has no HTTP/2";
    ASSERT_TRUE(pki_.ok());
    ASSERT_TRUE(pki_.issue("server", "bulwark-h2", true));
  }
  RunningServer::Config config() {
    RunningServer::Config c;
    c.options.handle_signals = false;
    c.options.threads = 2;
    c.files = {pki_.cert("server"), pki_.key("server"), ""};
    c.namespaces_yaml = kNamespaces;
    return c;
  }
  std::string curl(const std::string& args, int* status = nullptr) {
    return run_command("curl -sS --max-time 30 --cacert " + pki_.ca() + " " + args + " 2>&1", status);
  }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_.file(name), std::ios::binary) << text;
    return dir_.file(name);
  }
  // POSTs over HTTP/2 and appends "\nVERSION=<http version> CODE=<status>".
  std::string post_h2(RunningServer& s, const std::string& body, const std::string& extra = "") {
    const std::string file = write("body-" + std::to_string(++bodies_) + ".json", body);
    return curl("--http2 -H 'Content-Type: application/json' --data-binary @" + file + " " + extra +
                " -w '\\nVERSION=%{http_version} CODE=%{http_code}' " + s.url("/validate"));
  }
  static bool has_tool(const std::string& tool) {
    return run_command("command -v " + tool + " >/dev/null && echo yes") == "yes\n";
  }

  ScratchDir dir_;
  TestPki pki_{dir_};
  int bodies_ = 0;
};

// The JSON answer before the trailer post_h2 appends.
struct Answer {
  std::optional<doc::Document> document;
  const doc::Node* response = nullptr;
};
Answer parse(const std::string& text) {
  Answer a;
  auto d = doc::load_json_document("answer", text.substr(0, text.rfind("\nVERSION=")));
  if (!d) return a;
  a.document.emplace(std::move(*d));
  a.response = a.document->root()->get("response");
  return a;
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

TEST_F(Http2Test, AlpnPrefersH2AndHttp11StillWorks) {
  RunningServer s(config());
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(curl("--http2 -o /dev/null -w '%{http_version}' " + s.url("/healthz")), "2");
  EXPECT_EQ(curl("--http1.1 -o /dev/null -w '%{http_version}' " + s.url("/healthz")), "1.1");
  EXPECT_EQ(curl("--http2 " + s.url("/healthz")), "ok\n");
  EXPECT_EQ(curl("--http1.1 " + s.url("/healthz")), "ok\n");
  // The server's own preference decides: h2 even when the client lists http/1.1 first.
  TlsClientContext tls(pki_.ca());
  ASSERT_TRUE(tls.ok());
  auto both = TlsClient::connect(tls, s.port(), std::string_view("\x08http/1.1\x02h2", 12));
  ASSERT_NE(both, nullptr);
  EXPECT_EQ(both->negotiated_protocol(), "h2");
  auto old = TlsClient::connect(tls, s.port(), std::string_view("\x08http/1.1", 9));
  ASSERT_NE(old, nullptr);
  EXPECT_EQ(old->negotiated_protocol(), "http/1.1");
  auto none = TlsClient::connect(tls, s.port());
  ASSERT_NE(none, nullptr);
  EXPECT_EQ(none->negotiated_protocol(), "");
  ASSERT_TRUE(none->send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto r = none->read_response();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "ok\n");
}

TEST_F(Http2Test, Http2CanBeTurnedOff) {
  auto c = config();
  c.options.http2 = false;
  RunningServer s(std::move(c));
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(curl("--http2 -o /dev/null -w '%{http_version}' " + s.url("/healthz")), "1.1");
  TlsClientContext tls(pki_.ca());
  auto h2_only = TlsClient::connect(tls, s.port(), kAlpnH2);
  ASSERT_NE(h2_only, nullptr);
  EXPECT_EQ(h2_only->negotiated_protocol(), "");
}

TEST_F(Http2Test, DecisionsOverHttp2) {
  RunningServer s(config());
  ASSERT_TRUE(s.ok()) << s.error();
  ReviewBuilder b;
  b.uid = "h2-deny";
  b.namespace_name = "strict";
  b.object = pod_json(R"({"privileged":true})");
  std::string out = post_h2(s, b.json());
  EXPECT_NE(out.find("VERSION=2 CODE=200"), std::string::npos) << out;
  Answer denied = parse(out);
  ASSERT_NE(denied.response, nullptr) << out;
  EXPECT_EQ(denied.response->get("uid")->text(), "h2-deny");
  EXPECT_EQ(denied.response->get("allowed")->as_bool(), false);
  EXPECT_EQ(denied.response->find("status.code")->as_int(), 403);
  EXPECT_NE(denied.response->find("status.message")->text().find("privileged"), std::string::npos);

  b.uid = "h2-allow";
  b.object = restricted_pod_json();
  out = post_h2(s, b.json());
  Answer allowed = parse(out);
  ASSERT_NE(allowed.response, nullptr) << out;
  EXPECT_EQ(allowed.response->get("uid")->text(), "h2-allow");
  EXPECT_EQ(allowed.response->get("allowed")->as_bool(), true);

  b.uid = "h2-warn";
  b.namespace_name = "warned";
  b.object = pod_json(R"({"privileged":true})");
  Answer warned = parse(post_h2(s, b.json()));
  ASSERT_NE(warned.response, nullptr);
  EXPECT_EQ(warned.response->get("allowed")->as_bool(), true);
  ASSERT_NE(warned.response->get("warnings"), nullptr);

  out = post_h2(s, "{not json");
  EXPECT_NE(out.find("VERSION=2 CODE=400"), std::string::npos) << out;
  EXPECT_EQ(curl("--http2 -o /dev/null -w '%{http_version} %{http_code}' " + s.url("/nope")), "2 404");
  EXPECT_EQ(curl("--http2 -o /dev/null -w '%{http_version} %{http_code}' " + s.url("/validate")), "2 405");
  // HEAD: headers only.
  EXPECT_EQ(
      curl("--http2 -I -o /dev/null -w '%{http_version} %{http_code} %{size_download}' " + s.url("/healthz")),
      "2 200 0");
  const std::string metrics = curl("--http2 " + s.url("/metrics"));
  EXPECT_NE(metrics.find("bulwark_admission_requests_total"), std::string::npos) << metrics.substr(0, 300);
}

TEST_F(Http2Test, OversizedBodiesGet413WithOrWithoutContentLength) {
  auto c = config();
  c.options.max_body_bytes = 64 << 10;
  RunningServer s(std::move(c));
  ASSERT_TRUE(s.ok()) << s.error();
  ReviewBuilder b;
  b.namespace_name = "strict";
  b.object = pod_json(R"({"privileged":true})", "\"padding\":\"" + std::string(200 << 10, 'x') + "\"");
  // content-length announces it: refused before the body is read.
  std::string out = post_h2(s, b.json());
  EXPECT_NE(out.find("VERSION=2 CODE=413"), std::string::npos) << out.substr(0, 300);
  Answer big = parse(out);
  ASSERT_NE(big.response, nullptr) << out.substr(0, 300);
  EXPECT_EQ(big.response->find("status.code")->as_int(), 413);
  EXPECT_NE(big.response->find("status.message")->text().find("65536"), std::string::npos);
  // No content-length (an upload from a pipe): refused once the body passes the limit.
  const std::string file = write("big.json", b.json());
  out = run_command(
      "cat " + file + " | curl -sS --max-time 30 --http2 --cacert " + pki_.ca() +
      " -X POST -T - -H 'Content-Type: application/json' -w '\\nVERSION=%{http_version} CODE=%{http_code}' " +
      s.url("/validate") + " 2>&1");
  EXPECT_NE(out.find("VERSION=2 CODE=413"), std::string::npos) << out.substr(0, 300);
  // A body under the limit still goes through on the same server.
  b.object = pod_json(R"({"privileged":true})");
  EXPECT_NE(post_h2(s, b.json()).find("VERSION=2 CODE=200"), std::string::npos);
}

TEST_F(Http2Test, ExpectContinueGetsA100BeforeTheBody) {
  RunningServer s(config());
  ASSERT_TRUE(s.ok()) << s.error();
  ReviewBuilder b;
  b.uid = "after-100";
  b.namespace_name = "strict";
  b.object = pod_json(R"({"privileged":true})");
  const std::string out = post_h2(s, b.json(), "-v -H 'Expect: 100-continue'");
  EXPECT_NE(out.find("< HTTP/2 100"), std::string::npos) << out;
  EXPECT_NE(out.find("\"uid\":\"after-100\""), std::string::npos) << out;
  EXPECT_NE(out.find("VERSION=2 CODE=200"), std::string::npos) << out;
}

TEST_F(Http2Test, OversizedHeadersGet431) {
  auto c = config();
  c.options.max_header_bytes = 4 << 10;
  RunningServer s(std::move(c));
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(curl("--http2 -o /dev/null -w '%{http_version} %{http_code}' -H 'X-Big: " +
                 std::string(8 << 10, 'a') + "' " + s.url("/healthz")),
            "2 431");
  EXPECT_EQ(curl("--http2 " + s.url("/healthz")), "ok\n");
}

TEST_F(Http2Test, ConcurrentStreamsOnOneConnectionEachGetTheirOwnAnswer) {
  if (!has_tool("nghttp")) GTEST_SKIP() << "nghttp (nghttp2-client) is not installed";
  RunningServer s(config());
  ASSERT_TRUE(s.ok()) << s.error();
  // Different reviews on parallel streams of one connection: each answer must carry its own uid
  // and decision (a mix-up between streams would show).
  std::string uris;
  for (int i = 0; i < 40; ++i) uris += " '" + s.url("/validate?i=" + std::to_string(i)) + "'";
  ReviewBuilder b;
  b.namespace_name = "strict";
  b.uid = "multiplexed";
  b.object = pod_json(R"({"privileged":true})");
  const std::string file = write("review.json", b.json());
  int status = 0;
  const std::string out = run_command("nghttp -d " + file + uris + " 2>&1", &status);
  EXPECT_EQ(status, 0) << out.substr(0, 500);
  EXPECT_EQ(count(out, "\"uid\":\"multiplexed\""), 40u) << out.substr(0, 500);
  EXPECT_EQ(count(out, "\"allowed\":false"), 40u);
}

TEST_F(Http2Test, H2loadManyStreamsAllSucceed) {
  if (!has_tool("h2load")) GTEST_SKIP() << "h2load (nghttp2-client) is not installed";
  RunningServer s(config());
  ASSERT_TRUE(s.ok()) << s.error();
  ReviewBuilder b;
  b.namespace_name = "strict";
  b.object = restricted_pod_json();
  const std::string file = write("review.json", b.json());
  // 64 streams at once on each of 4 connections (under the server's limit of 100: a client
  // that opens more before our SETTINGS arrive gets REFUSED_STREAM for the excess, by design).
  const std::string out = run_command("h2load -n 2000 -c 4 -m 64 -H 'Content-Type: application/json' -d " +
                                      file + " " + s.url("/validate") + " 2>&1");
  EXPECT_NE(out.find("Application protocol: h2"), std::string::npos) << out;
  EXPECT_NE(out.find("2000 succeeded, 0 failed, 0 errored, 0 timeout"), std::string::npos) << out;
  EXPECT_NE(out.find("status codes: 2000 2xx, 0 3xx, 0 4xx, 0 5xx"), std::string::npos) << out;
  // h2load over HTTP/1.1 against the same listener.
  const std::string http11 = run_command("h2load -n 500 -c 4 --h1 -H 'Content-Type: application/json' -d " +
                                         file + " " + s.url("/validate") + " 2>&1");
  EXPECT_NE(http11.find("Application protocol: http/1.1"), std::string::npos) << http11;
  EXPECT_NE(http11.find("status codes: 500 2xx, 0 3xx, 0 4xx, 0 5xx"), std::string::npos) << http11;
}

TEST_F(Http2Test, AStalledRequestIsResetAfterTheReadTimeout) {
  auto c = config();
  c.options.read_timeout = std::chrono::milliseconds(300);
  RunningServer s(std::move(c));
  ASSERT_TRUE(s.ok()) << s.error();
  TlsClientContext tls(pki_.ca());
  auto client = TlsClient::connect(tls, s.port(), kAlpnH2);
  ASSERT_NE(client, nullptr);
  ASSERT_EQ(client->negotiated_protocol(), "h2");
  // Headers announcing 100 bytes, 10 of them sent, then nothing (slowloris over HTTP/2).
  ASSERT_TRUE(client->send(h2::client_preface() +
                           h2::headers(1,
                                       {{":method", "POST"},
                                        {":scheme", "https"},
                                        {":authority", "127.0.0.1"},
                                        {":path", "/validate"},
                                        {"content-length", "100"}},
                                       false) +
                           h2::data(1, "0123456789", false)));
  const auto start = std::chrono::steady_clock::now();
  std::string received;
  bool reset = false;
  while (!reset && std::chrono::steady_clock::now() - start < std::chrono::seconds(5)) {
    received += client->read_for(std::chrono::milliseconds(100));
    for (const h2::Frame& f : h2::parse(received))
      if (f.type == h2::kRstStream && f.stream == 1) {
        reset = true;
        EXPECT_EQ(f.error_code(), 0x8u);  // CANCEL
      }
  }
  EXPECT_TRUE(reset);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 3);
  EXPECT_NE(curl("--http2 " + s.url("/metrics")).find("bulwark_timeouts_total 1"), std::string::npos);
}

TEST_F(Http2Test, IdleConnectionsGetGoawayAndAreClosed) {
  auto c = config();
  c.options.idle_timeout = std::chrono::milliseconds(300);
  RunningServer s(std::move(c));
  ASSERT_TRUE(s.ok()) << s.error();
  TlsClientContext tls(pki_.ca());
  auto client = TlsClient::connect(tls, s.port(), kAlpnH2);
  ASSERT_NE(client, nullptr);
  ASSERT_TRUE(client->send(h2::client_preface()));
  std::string received;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(client->read_until_closed(std::chrono::seconds(5), &received));
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 3);
  bool goaway = false;
  for (const h2::Frame& f : h2::parse(received))
    if (f.type == h2::kGoaway) goaway = f.error_code() == 0;  // NO_ERROR
  EXPECT_TRUE(goaway);
}

TEST_F(Http2Test, ABadPrefaceClosesTheConnection) {
  RunningServer s(config());
  ASSERT_TRUE(s.ok()) << s.error();
  TlsClientContext tls(pki_.ca());
  auto client = TlsClient::connect(tls, s.port(), kAlpnH2);
  ASSERT_NE(client, nullptr);
  ASSERT_TRUE(client->send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_TRUE(client->read_until_closed(std::chrono::seconds(5)));
  EXPECT_EQ(curl("--http2 " + s.url("/healthz")), "ok\n");
}

TEST_F(Http2Test, ShutdownAnswersTheRequestInFlightThenSendsGoaway) {
  RunningServer s(config());
  ASSERT_TRUE(s.ok()) << s.error();
  TlsClientContext tls(pki_.ca());
  auto client = TlsClient::connect(tls, s.port(), kAlpnH2);
  ASSERT_NE(client, nullptr);
  ReviewBuilder b;
  b.namespace_name = "strict";
  b.object = pod_json(R"({"privileged":true})");
  const std::string body = b.json();
  // A request whose body is still arriving when the shutdown begins must still be answered.
  ASSERT_TRUE(client->send(
      h2::client_preface() +
      h2::headers(
          1, {{":method", "POST"}, {":scheme", "https"}, {":authority", "127.0.0.1"}, {":path", "/validate"}},
          false) +
      h2::data(1, body.substr(0, 10), false)));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  s.shutdown();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(client->send(h2::data(1, body.substr(10), true)));
  std::string received;
  EXPECT_TRUE(client->read_until_closed(std::chrono::seconds(5), &received));
  bool answered = false, goaway = false;
  for (const h2::Frame& f : h2::parse(received)) {
    if (f.type == h2::kData && f.stream == 1 && f.payload.find("\"allowed\":false") != std::string::npos)
      answered = true;
    if (f.type == h2::kGoaway && f.error_code() == 0) goaway = true;
  }
  EXPECT_TRUE(answered);
  EXPECT_TRUE(goaway);
  EXPECT_TRUE(s.wait_stopped(5));
}

}  // namespace
}  // namespace bulwark::server::testing
