#include "server_fixture.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <fstream>

namespace bulwark::server::testing {

RunningServer::RunningServer(Config config) {
  namespaces_ = std::make_shared<NamespacePolicies>();
  if (!config.namespaces_yaml.empty()) {
    const std::string path = config.files.certificate + ".namespaces.yaml";
    std::ofstream(path) << config.namespaces_yaml;
    if (auto loaded = namespaces_->load_file(path); !loaded) {
      error_ = loaded.error();
      return;
    }
  }
  std::shared_ptr<const AdmissionPolicies> policies;
  if (!config.policy_paths.empty()) {
    std::vector<std::string> errors;
    policies = AdmissionPolicies::load(config.policy_paths, errors);
    if (!errors.empty()) {
      error_ = errors.front();
      return;
    }
  }
  mutator_ = std::make_unique<AdmissionMutator>(config.settings.exemptions, namespaces_);
  evaluator_ = std::make_unique<AdmissionEvaluator>(std::move(config.settings), namespaces_, policies);
  if (!config.decision_log_path.empty())
    log_fd_ = ::open(config.decision_log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  log_ = std::make_unique<DecisionLog>(log_fd_, log_fd_ >= 0);
  handler_ = std::make_unique<WebhookHandler>(*evaluator_, metrics_, *log_);
  handler_->set_mutator(mutator_.get());
  auto store = TlsCredentialStore::open(config.files);
  if (!store) {
    error_ = store.error();
    return;
  }
  credentials_ = std::move(*store);
  config.options.address = "127.0.0.1";
  config.options.port = 0;
  auto https = HttpsServer::create(config.options, *credentials_, *handler_, metrics_);
  if (!https) {
    error_ = https.error();
    return;
  }
  https_ = std::move(*https);
  thread_ = std::thread([this] {
    https_->run();
    stopped_ = true;
  });
}

bool RunningServer::wait_stopped(double seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!stopped_ && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return stopped_;
}

RunningServer::~RunningServer() {
  if (thread_.joinable()) {
    https_->shutdown();
    thread_.join();
  }
  https_.reset();
  if (log_fd_ >= 0) ::close(log_fd_);
}

}  // namespace bulwark::server::testing
