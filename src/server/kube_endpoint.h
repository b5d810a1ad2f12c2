#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace bulwark::server {

/// Where the Kubernetes API server is and how to authenticate to it: what a service account's
/// mounted files or a kubeconfig's current context say.
struct KubeEndpoint {
  std::string host;  // a DNS name or an IP address (IPv6 without brackets)
  std::string port = "443";
  std::string ca_pem;  // "" uses the system's trust store
  bool insecure_skip_verify = false;
  std::string token;       // a bearer token, fixed
  std::string token_file;  // or a file read again on every connection (bound tokens rotate)
  std::string client_cert_pem, client_key_pem;
  std::string origin;  // "in-cluster", "kubeconfig ~/.kube/config context kind-kind"
};

/// The in-cluster endpoint: KUBERNETES_SERVICE_HOST/PORT and the service account's token and CA
/// under `account_dir` (/var/run/secrets/kubernetes.io/serviceaccount).
std::expected<KubeEndpoint, std::string> in_cluster_endpoint(
    std::string_view account_dir = "/var/run/secrets/kubernetes.io/serviceaccount");

/// The endpoint of a kubeconfig's context (`context` empty: current-context): the cluster's
/// server, certificate-authority(-data) and insecure-skip-tls-verify, the user's token, tokenFile
/// and client-certificate(-data)/client-key(-data). Relative file names are relative to the
/// kubeconfig's folder, as kubectl reads them. Exec and auth-provider plugins are not run.
std::expected<KubeEndpoint, std::string> kubeconfig_endpoint(const std::string& path,
                                                             std::string_view context = {});

/// Splits an `https://host[:port][/]` server URL into host and port.
std::expected<std::pair<std::string, std::string>, std::string> parse_server_url(std::string_view url);

}  // namespace bulwark::server
