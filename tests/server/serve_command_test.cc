// The `bulwark serve` binary wired end to end: --kubeconfig against the API server stand-in,
// /readyz held back until the first namespace list, decisions from the watched labels, and
// --policy files that do not compile refused at start.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "fake_api_server.h"
#include "review_builder.h"
#include "test_pki.h"

namespace bulwark::server::testing {
namespace {

/// The bulwark binary built beside this test.
std::string bulwark_binary() {
  return (std::filesystem::read_symlink("/proc/self/exe").parent_path() / "bulwark").string();
}

/// A `bulwark serve` child process; SIGTERM and reaped when the test ends.
class ServeProcess {
 public:
  ServeProcess(const std::vector<std::string>& args, const std::string& stderr_path) {
    pid_ = ::fork();
    if (pid_ == 0) {
      std::vector<char*> argv;
      std::string binary = bulwark_binary();
      argv.push_back(binary.data());
      std::vector<std::string> copy = args;
      for (std::string& a : copy) argv.push_back(a.data());
      argv.push_back(nullptr);
      std::freopen(stderr_path.c_str(), "w", stderr);
      std::freopen("/dev/null", "w", stdout);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
  }
  ~ServeProcess() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGTERM);
      wait(10);
    }
  }
  /// The exit status once it exited within `seconds`, or -1.
  int wait(double seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }

 private:
  pid_t pid_ = -1;
  bool exited_ = false;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), {}};
}

class ServeCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A server that exits early (the point of some tests) closes pipes and sockets this process
    // still writes to: that must be EPIPE here, not a SIGPIPE that kills the test binary.
    ::signal(SIGPIPE, SIG_IGN);
    if (run_command("command -v curl openssl >/dev/null && echo yes") != "yes\n")
      GTEST_SKIP() << "curl and openssl are needed";
    ASSERT_TRUE(std::filesystem::exists(bulwark_binary())) << bulwark_binary() << " is not built";
    ASSERT_TRUE(pki_.ok());
    ASSERT_TRUE(pki_.issue("apiserver", "kube-apiserver", true));
    ASSERT_TRUE(pki_.issue("webhook", "bulwark", true));
    api_ = std::make_unique<FakeApiServer>(TlsFiles{pki_.cert("apiserver"), pki_.key("apiserver"), ""});
    ASSERT_TRUE(api_->ok());
    api_->put_namespace("prod", R"({"pod-security.kubernetes.io/enforce":"restricted"})");
    std::ofstream(dir_.file("kubeconfig"))
        << "apiVersion: v1\nkind: Config\ncurrent-context: t\nclusters:\n- name: c\n  cluster:\n"
        << "    server: https://127.0.0.1:" << api_->port() << "\n    certificate-authority: " << pki_.ca()
        << "\ncontexts:\n- name: t\n  context: {cluster: c, user: u}\nusers:\n- name: u\n  user: {token: "
           "abc}\n";
  }
  std::vector<std::string> args() {
    return {"serve",
            "--listen",
            "127.0.0.1:0",
            "--tls-cert",
            pki_.cert("webhook"),
            "--tls-key",
            pki_.key("webhook"),
            "--kubeconfig",
            dir_.file("kubeconfig"),
            "--no-decision-log"};
  }
  /// The port from the "listening on" line, once printed.
  std::string port_of(const std::string& stderr_path) {
    // No <regex>: GCC 12 warns falsely inside it under the sanitizers.
    const std::string marker = "listening on https://127.0.0.1:";
    for (int i = 0; i < 500; ++i) {
      const std::string text = read_file(stderr_path);
      if (const auto at = text.find(marker); at != std::string::npos) {
        const auto begin = at + marker.size();
        const auto digits = text.find_first_not_of("0123456789", begin);
        if (digits != std::string::npos && digits > begin) return text.substr(begin, digits - begin);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return "";
  }
  std::string curl(const std::string& args) {
    return run_command("curl -sS --max-time 20 --cacert " + pki_.ca() + " " + args + " 2>&1");
  }

  ScratchDir dir_;
  TestPki pki_{dir_};
  std::unique_ptr<FakeApiServer> api_;
};

TEST_F(ServeCommandTest, KubeconfigWatchGatesReadinessAndDrivesDecisions) {
  api_->fail_lists_with(403);
  const std::string log = dir_.file("serve.err");
  ServeProcess serve(args(), log);
  const std::string port = port_of(log);
  ASSERT_FALSE(port.empty()) << read_file(log);
  const std::string base = "https://127.0.0.1:" + port;
  // The API server refuses the list: not ready, and it says why.
  EXPECT_EQ(curl(base + "/readyz"), "not ready: waiting for the first namespace list\n");
  api_->fail_lists_with(0);
  std::string ready;
  for (int i = 0; i < 250 && ready != "ok\n"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ready = curl(base + "/readyz");
  }
  ASSERT_EQ(ready, "ok\n") << read_file(log);

  ReviewBuilder b;
  b.namespace_name = "prod";
  b.object = pod_json(R"({"privileged":true})");
  std::ofstream(dir_.file("review.json")) << b.json();
  const std::string denied = curl("-H 'Content-Type: application/json' --data-binary @" +
                                  dir_.file("review.json") + " " + base + "/validate");
  EXPECT_NE(denied.find(R"("allowed":false)"), std::string::npos) << denied;
  EXPECT_NE(read_file(log).find("watching namespaces at https://127.0.0.1:"), std::string::npos);
  EXPECT_EQ(api_->last_authorization(), "Bearer abc");
}

TEST_F(ServeCommandTest, PoliciesThatDoNotCompileStopTheStart) {
  std::filesystem::create_directories(dir_.file("policies"));
  std::ofstream(dir_.file("policies/p.yaml"))
      << "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata:\n  name: "
         "p\n"
         "spec:\n  matchConstraints:\n    resourceRules:\n    - {apiGroups: [''], apiVersions: [v1], "
         "operations: [CREATE], "
         "resources: [pods]}\n  validations:\n  - expression: 'object.spec.(('\n";
  std::vector<std::string> a = args();
  a.insert(a.end(), {"--policy", dir_.file("policies")});
  const std::string log = dir_.file("serve.err");
  ServeProcess serve(a, log);
  EXPECT_EQ(serve.wait(20), 2) << read_file(log);
  EXPECT_NE(read_file(log).find("p.yaml:10:"), std::string::npos) << read_file(log);
}

TEST_F(ServeCommandTest, NamespaceSourcesAreAlternatives) {
  std::ofstream(dir_.file("ns.yaml")) << "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n";
  std::vector<std::string> a = args();
  a.insert(a.end(), {"--namespaces", dir_.file("ns.yaml")});
  const std::string log = dir_.file("serve.err");
  ServeProcess serve(a, log);
  EXPECT_EQ(serve.wait(20), 2);
  EXPECT_NE(read_file(log).find("alternatives"), std::string::npos) << read_file(log);
}

}  // namespace
}  // namespace bulwark::server::testing
