#include "cli/serve_command.h"

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/exit_code.h"
#include "cli/serve_flags.h"
#include "server/admission_evaluator.h"
#include "server/admission_mutator.h"
#include "server/admission_policies.h"
#include "server/decision_log.h"
#include "server/https_server.h"
#include "server/kube_endpoint.h"
#include "server/metrics.h"
#include "server/namespace_policy.h"
#include "server/namespace_watcher.h"
#include "server/tls_credentials.h"
#include "server/webhook_handler.h"

namespace bulwark::cli {
namespace {

int fail(const std::string& message) {
  std::fprintf(stderr, "bulwark serve: %s\n", message.c_str());
  return kUsageOrLoadError;
}

std::expected<server::LevelVersion, std::string> level_version(const std::string& level,
                                                               const std::string& version, const char* flag) {
  const auto l = rules::parse_pss_level(level);
  if (!l)
    return std::unexpected(std::string(flag) + " " + level +
                           ": not a level (privileged, baseline, restricted)");
  const auto v = rules::parse_pss_version(version);
  if (!v) return std::unexpected("--default-version " + version + ": not a version (latest, v1.N)");
  return server::LevelVersion{*l, *v};
}

int serve(const ServeFlags& f) {
  const auto colon = f.listen.rfind(':');
  if (colon == std::string::npos) return fail("--listen " + f.listen + ": expected ADDRESS:PORT");
  server::ServerOptions options;
  options.address = f.listen.substr(0, colon);
  if (options.address.size() >= 2 && options.address.front() == '[')
    options.address = options.address.substr(1, options.address.size() - 2);
  try {
    const unsigned long port = std::stoul(f.listen.substr(colon + 1));
    if (port > 65535) throw std::out_of_range("port");
    options.port = static_cast<uint16_t>(port);
  } catch (const std::exception&) {
    return fail("--listen " + f.listen + ": bad port");
  }
  options.threads = std::max(1u, f.threads);
  options.max_body_bytes = f.max_body_bytes;
  options.max_connections = std::max<std::size_t>(1, f.max_connections);
  options.read_timeout = std::chrono::milliseconds(f.read_timeout_ms);
  options.idle_timeout = std::chrono::milliseconds(f.idle_timeout_ms);
  options.shutdown_grace = std::chrono::milliseconds(f.shutdown_grace_ms);

  server::NamespacePolicy defaults;
  for (auto [level, lv, flag] : {std::tuple{&f.default_enforce, &defaults.enforce, "--default-enforce"},
                                 std::tuple{&f.default_warn, &defaults.warn, "--default-warn"},
                                 std::tuple{&f.default_audit, &defaults.audit, "--default-audit"}}) {
    auto parsed = level_version(*level, f.default_version, flag);
    if (!parsed) return fail(parsed.error());
    *lv = *parsed;
  }
  server::Metrics metrics;
  auto namespaces = std::make_shared<server::NamespacePolicies>(defaults);
  const int sources = !f.namespaces_file.empty() + !f.kubeconfig.empty() + f.in_cluster;
  if (sources > 1) return fail("--namespaces, --kubeconfig and --in-cluster are alternatives: choose one");
  if (!f.namespaces_file.empty()) {
    const auto start = std::chrono::steady_clock::now();
    auto loaded = namespaces->load_file(f.namespaces_file);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    metrics.namespaces_loaded(loaded.value_or(0), seconds, loaded.has_value());
    if (!loaded) return fail("--namespaces: " + loaded.error());
    std::fprintf(stderr, "bulwark serve: %zu namespaces from %s\n", *loaded, f.namespaces_file.c_str());
  }
  std::unique_ptr<server::NamespaceWatcher> watcher;
  if (!f.kubeconfig.empty() || f.in_cluster) {
    auto endpoint = f.in_cluster ? server::in_cluster_endpoint()
                                 : server::kubeconfig_endpoint(f.kubeconfig, f.kube_context);
    if (!endpoint) return fail(endpoint.error());
    std::fprintf(stderr, "bulwark serve: watching namespaces at https://%s:%s (%s)\n", endpoint->host.c_str(),
                 endpoint->port.c_str(), endpoint->origin.c_str());
    watcher = std::make_unique<server::NamespaceWatcher>(std::move(*endpoint), namespaces, metrics);
    if (auto started = watcher->start(); !started) return fail(started.error());
  }

  std::shared_ptr<const server::AdmissionPolicies> policies;
  if (!f.policy_paths.empty()) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::string> errors;
    auto loaded = server::AdmissionPolicies::load(f.policy_paths, errors);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    metrics.policies_loaded(loaded->policy_count(), loaded->binding_count(), errors.size(), seconds);
    for (const std::string& e : errors) std::fprintf(stderr, "bulwark serve: --policy: %s\n", e.c_str());
    // A policy that does not compile must not be silently absent from enforcement.
    if (!errors.empty()) return fail("--policy: " + std::to_string(errors.size()) + " problem(s), see above");
    std::fprintf(stderr, "bulwark serve: %zu ValidatingAdmissionPolicies, %zu bindings\n",
                 loaded->policy_count(), loaded->binding_count());
    policies = std::move(loaded);
  }

  server::AdmissionSettings settings;
  settings.exemptions = {f.exempt_namespaces, f.exempt_users, f.exempt_runtime_classes};
  settings.rules.only = f.rules;
  settings.rules.skip = f.skip;
  settings.enforce_pod_controllers = !f.psa_pod_controllers;
  const server::AdmissionMutator mutator(settings.exemptions, namespaces);
  const server::AdmissionEvaluator evaluator(std::move(settings), namespaces, policies);
  const server::DecisionLog log(1, !f.no_decision_log);
  server::WebhookHandler handler(evaluator, metrics, log);
  handler.set_mutator(&mutator);
  if (watcher)
    handler.set_readiness_check([w = watcher.get()] {
      return w->synced() ? std::string{} : std::string("waiting for the first namespace list");
    });

  auto credentials = server::TlsCredentialStore::open({f.tls_cert, f.tls_key, f.client_ca});
  if (!credentials) return fail(credentials.error());
  auto https = server::HttpsServer::create(options, **credentials, handler, metrics);
  if (!https) return fail(https.error());
  std::fprintf(
      stderr,
      "bulwark serve: listening on https://%s:%u (POST /validate /mutate, GET /healthz /readyz /metrics)\n",
      options.address.c_str(), static_cast<unsigned>((*https)->port()));
  (*https)->run();
  if (watcher) watcher->stop();
  std::fprintf(stderr, "bulwark serve: stopped\n");
  return kClean;
}

}  // namespace

void add_serve_command(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* cmd = add_serve_flags(app, *flags);
  cmd->callback([flags, &exit_code] { exit_code = serve(*flags); });
}

}  // namespace bulwark::cli
