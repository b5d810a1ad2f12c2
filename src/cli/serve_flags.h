#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>
#include <vector>

namespace bulwark::cli {

/// What `bulwark serve` is told on its command line.
struct ServeFlags {
  std::string listen = "0.0.0.0:8443";
  std::string tls_cert;
  std::string tls_key;
  std::string client_ca;
  std::string namespaces_file;
  std::string kubeconfig;
  std::string kube_context;
  bool in_cluster = false;
  std::vector<std::string> policy_paths;
  std::string default_enforce = "privileged";
  std::string default_warn = "privileged";
  std::string default_audit = "privileged";
  std::string default_version = "latest";
  std::vector<std::string> exempt_namespaces;
  std::vector<std::string> exempt_users;
  std::vector<std::string> exempt_runtime_classes;
  std::vector<std::string> rules;
  std::vector<std::string> skip;
  bool psa_pod_controllers = false;
  unsigned threads = 2;
  std::size_t max_body_bytes = std::size_t{7} << 20;
  std::size_t max_connections = 512;
  unsigned read_timeout_ms = 10'000;
  unsigned idle_timeout_ms = 60'000;
  unsigned shutdown_grace_ms = 20'000;
  bool no_decision_log = false;
};

/// Declares the `serve` subcommand of `app` and its flags, bound to `flags` (which must outlive
/// the parse): one definition for the webhook's own executable and for `bulwark`, which checks the
/// command line and hands it over (serve_launcher.h).
CLI::App* add_serve_flags(CLI::App& app, ServeFlags& flags);

}  // namespace bulwark::cli
