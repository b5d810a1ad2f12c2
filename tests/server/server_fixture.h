#pragma once

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "server/admission_evaluator.h"
#include "server/admission_mutator.h"
#include "server/admission_policies.h"
#include "server/decision_log.h"
#include "server/https_server.h"
#include "server/metrics.h"
#include "server/namespace_policy.h"
#include "server/tls_credentials.h"
#include "server/webhook_handler.h"
#include "test_pki.h"

namespace bulwark::server::testing {

/// A webhook served over HTTPS on 127.0.0.1 (a port the kernel picks) from a thread of the test.
class RunningServer {
 public:
  struct Config {
    ServerOptions options;
    TlsFiles files;
    std::string namespaces_yaml;
    AdmissionSettings settings;
    std::string decision_log_path;          // "" discards the log
    std::vector<std::string> policy_paths;  // ValidatingAdmissionPolicy files (serve --policy)
  };
  explicit RunningServer(Config config);
  ~RunningServer();

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  uint16_t port() const { return https_ ? https_->port() : 0; }
  std::string url(const std::string& path) const {
    return "https://127.0.0.1:" + std::to_string(port()) + path;
  }
  Metrics& metrics() { return metrics_; }
  /// Blocks until run() returned (after a shutdown); true when it did within `seconds`.
  bool wait_stopped(double seconds);
  void shutdown() {
    if (https_) https_->shutdown();
  }

 private:
  std::string error_;
  Metrics metrics_;
  std::shared_ptr<NamespacePolicies> namespaces_;
  std::unique_ptr<AdmissionEvaluator> evaluator_;
  std::unique_ptr<AdmissionMutator> mutator_;
  std::unique_ptr<DecisionLog> log_;
  int log_fd_ = -1;
  std::unique_ptr<WebhookHandler> handler_;
  std::unique_ptr<TlsCredentialStore> credentials_;
  std::unique_ptr<HttpsServer> https_;
  std::thread thread_;
  std::atomic<bool> stopped_{false};
};

}  // namespace bulwark::server::testing
