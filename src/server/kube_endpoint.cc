#include "server/kube_endpoint.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "doc/byte_source.h"
#include "doc/yaml_loader.h"
#include "secrets/base64.h"

namespace bulwark::server {
namespace {

std::expected<std::string, std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string_view string_at(const doc::Node* mapping, std::string_view key) {
  if (!mapping || !mapping->is_mapping()) return {};
  const doc::Node* n = mapping->get(key);
  if (!n) return {};
  return n->as_string().value_or(std::string_view{});
}

/// The `item` (cluster, context or user mapping) of the named entry of a kubeconfig list.
const doc::Node* named(const doc::Node& root, std::string_view list, std::string_view name,
                       std::string_view item) {
  const doc::Node* entries = root.get(list);
  if (!entries || !entries->is_sequence()) return nullptr;
  for (const doc::Node* e : entries->items())
    if (string_at(e, "name") == name) return e->get(item);
  return nullptr;
}

/// A kubeconfig's `<field>-data` (base64 PEM) or `<field>` (a file name) value.
std::expected<std::string, std::string> pem_field(const doc::Node* mapping, std::string_view field,
                                                  const std::filesystem::path& folder) {
  const std::string data_key = std::string(field) + "-data";
  if (const auto data = string_at(mapping, data_key); !data.empty()) {
    auto decoded = secrets::decode_base64(data);
    if (!decoded) return std::unexpected(data_key + " is not base64");
    return *decoded;
  }
  const auto file = string_at(mapping, field);
  if (file.empty()) return std::string{};
  std::filesystem::path p(file);
  if (p.is_relative()) p = folder / p;
  return read_file(p.string());
}

}  // namespace

std::expected<std::pair<std::string, std::string>, std::string> parse_server_url(std::string_view url) {
  constexpr std::string_view kHttps = "https://";
  if (!url.starts_with(kHttps))
    return std::unexpected("server " + std::string(url) + ": only https:// API servers are supported");
  std::string_view rest = url.substr(kHttps.size());
  rest = rest.substr(0, rest.find('/'));
  std::string host, port = "443";
  if (rest.starts_with('[')) {
    const auto close = rest.find(']');
    if (close == std::string_view::npos)
      return std::unexpected("server " + std::string(url) + ": bad IPv6 host");
    host = std::string(rest.substr(1, close - 1));
    if (close + 1 < rest.size() && rest[close + 1] == ':') port = std::string(rest.substr(close + 2));
  } else {
    const auto colon = rest.rfind(':');
    host = std::string(rest.substr(0, colon));
    if (colon != std::string_view::npos) port = std::string(rest.substr(colon + 1));
  }
  if (host.empty() || port.empty() || port.find_first_not_of("0123456789") != std::string::npos)
    return std::unexpected("server " + std::string(url) + ": expected https://HOST[:PORT]");
  return std::pair{host, port};
}

std::expected<KubeEndpoint, std::string> in_cluster_endpoint(std::string_view account_dir) {
  const char* host = std::getenv("KUBERNETES_SERVICE_HOST");
  const char* port = std::getenv("KUBERNETES_SERVICE_PORT");
  if (!host || !*host || !port || !*port)
    return std::unexpected(
        "not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set");
  KubeEndpoint e;
  e.host = host;
  e.port = port;
  const std::string dir(account_dir);
  auto ca = read_file(dir + "/ca.crt");
  if (!ca) return std::unexpected("in-cluster: " + ca.error());
  e.ca_pem = std::move(*ca);
  e.token_file = dir + "/token";
  if (auto token = read_file(e.token_file); !token) return std::unexpected("in-cluster: " + token.error());
  e.origin = "in-cluster";
  return e;
}

std::expected<KubeEndpoint, std::string> kubeconfig_endpoint(const std::string& path,
                                                             std::string_view context) {
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  doc::MemoryByteSource source(*text);
  doc::YamlStreamLoader loader(source, path);
  auto loaded = loader.next();
  if (!loaded) return std::unexpected(path + ": empty kubeconfig");
  if (!*loaded)
    return std::unexpected(path + ":" + std::to_string(loaded->error().position.line) + ":" +
                           std::to_string(loaded->error().position.column) + ": " + loaded->error().message);
  const doc::Document& d = **loaded;
  const doc::Node* root = d.root();
  if (!root || !root->is_mapping()) return std::unexpected(path + ": not a kubeconfig");
  const std::string context_name(context.empty() ? string_at(root, "current-context") : context);
  if (context_name.empty()) return std::unexpected(path + ": no current-context (pass a context)");
  const doc::Node* ctx = named(*root, "contexts", context_name, "context");
  if (!ctx) return std::unexpected(path + ": no context named " + context_name);
  const std::string cluster_name(string_at(ctx, "cluster"));
  const doc::Node* cluster = named(*root, "clusters", cluster_name, "cluster");
  if (!cluster) return std::unexpected(path + ": context " + context_name + " names no known cluster");
  const doc::Node* user = named(*root, "users", string_at(ctx, "user"), "user");
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();

  KubeEndpoint e;
  auto hp = parse_server_url(string_at(cluster, "server"));
  if (!hp) return std::unexpected(path + ": cluster " + cluster_name + ": " + hp.error());
  e.host = hp->first;
  e.port = hp->second;
  if (const doc::Node* skip = cluster->get("insecure-skip-tls-verify"))
    e.insecure_skip_verify = skip->as_bool().value_or(false);
  auto ca = pem_field(cluster, "certificate-authority", folder);
  if (!ca) return std::unexpected(path + ": cluster " + cluster_name + ": " + ca.error());
  e.ca_pem = std::move(*ca);
  if (user) {
    if (user->get("exec") || user->get("auth-provider"))
      return std::unexpected(path + ": user of context " + context_name +
                             " authenticates with a plugin (exec/auth-provider), which bulwark does not run; "
                             "use a token or a client certificate");
    e.token = std::string(string_at(user, "token"));
    if (const auto file = string_at(user, "tokenFile"); !file.empty()) {
      std::filesystem::path p(file);
      e.token_file = (p.is_relative() ? folder / p : p).string();
    }
    auto cert = pem_field(user, "client-certificate", folder);
    if (!cert) return std::unexpected(path + ": " + cert.error());
    auto key = pem_field(user, "client-key", folder);
    if (!key) return std::unexpected(path + ": " + key.error());
    e.client_cert_pem = std::move(*cert);
    e.client_key_pem = std::move(*key);
    if (e.client_cert_pem.empty() != e.client_key_pem.empty())
      return std::unexpected(path + ": client-certificate and client-key go together");
  }
  e.origin = "kubeconfig " + path + " context " + context_name;
  return e;
}

}  // namespace bulwark::server
