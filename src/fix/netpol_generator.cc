#include "fix/netpol_generator.h"

#include <algorithm>
#include <cctype>

#include "k8s/pod_spec_view.h"

namespace bulwark::fix {
namespace {

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// Keys are label names (DNS subdomain prefix + name): plain unless they hold something odd.
std::string key_text(std::string_view s) {
  const bool plain = !s.empty() && std::ranges::all_of(s, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' || c == '/';
  });
  return plain ? std::string(s) : quoted(s);
}

// A policy name from a Service name: DNS-1123, at most 253 characters.
std::string policy_name(std::string_view prefix, std::string_view service) {
  std::string name = std::string(prefix) + std::string(service);
  return name.substr(0, 253);
}

void header(std::string& out, std::string_view name, std::string_view ns, std::string_view comment) {
  out += "---\n# " + std::string(comment) + "\n";
  out += "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n";
  out += "  name: " + std::string(name) + "\n  namespace: " + key_text(ns) + "\n";
}

void selector(std::string& out, std::string_view indent,
              const std::vector<std::pair<std::string, std::string>>& labels) {
  out += std::string(indent) + "matchLabels:\n";
  for (const auto& [k, v] : labels) out += std::string(indent) + "  " + key_text(k) + ": " + quoted(v) + "\n";
}

void ports(std::string& out, std::string_view indent, const std::vector<NetpolGenerator::Port>& list);

}  // namespace

void NetpolGenerator::observe(const k8s::Object& object) {
  const std::string ns(object.namespace_name().empty() ? "default" : object.namespace_name());
  if (object.kind() == "Namespace" && object.group().empty()) {
    namespaces_.try_emplace(std::string(object.name()));
    return;
  }
  auto& services = namespaces_[ns];
  if (object.kind() != "Service" || !object.group().empty()) return;
  const doc::Node* spec = object.root().get("spec");
  const doc::Node* sel = spec ? spec->get("selector") : nullptr;
  if (!sel || !sel->is_mapping() || sel->size() == 0) {
    skipped_.push_back(object.display_name() + ": no selector (its endpoints are managed by hand)");
    return;
  }
  Service s;
  s.name = std::string(object.name());
  for (const doc::MapEntry& e : sel->entries())
    s.selector.emplace_back(std::string(e.name), std::string(e.value->text()));
  std::ranges::sort(s.selector);
  if (const doc::Node* list = spec->get("ports"); list && list->is_sequence())
    for (const doc::Node* p : list->items()) {
      if (!p->is_mapping()) continue;
      const doc::Node* target = p->get("targetPort");
      const doc::Node* port = target ? target : p->get("port");
      if (!port) continue;
      const doc::Node* protocol = p->get("protocol");
      Port out{protocol ? std::string(protocol->text()) : "TCP", std::string(port->text()),
               port->is_string()};
      if (std::ranges::find(s.ports, out) == s.ports.end()) s.ports.push_back(std::move(out));
    }
  std::ranges::sort(s.ports);
  services.push_back(std::move(s));
}

namespace {

void ports(std::string& out, std::string_view indent, const std::vector<NetpolGenerator::Port>& list) {
  if (list.empty()) return;
  out += std::string(indent) + "ports:\n";
  for (const auto& p : list) {
    out += std::string(indent) + "- protocol: " + p.protocol + "\n";
    out += std::string(indent) + "  port: " + (p.named ? quoted(p.port) : p.port) + "\n";
  }
}

}  // namespace

std::string NetpolGenerator::render() const {
  std::string out;
  for (const auto& [ns, unsorted] : namespaces_) {
    std::vector<Service> services = unsorted;
    std::ranges::sort(services, {}, &Service::name);
    header(out, "default-deny", ns,
           "Deny all ingress and egress in " + ns + "; the policies below open what Services need.");
    out += "spec:\n  podSelector: {}\n  policyTypes:\n  - Ingress\n  - Egress\n";
    header(out, "allow-dns-egress", ns, "Let every pod resolve names through the cluster DNS.");
    out +=
        "spec:\n  podSelector: {}\n  policyTypes:\n  - Egress\n  egress:\n  - to:\n"
        "    - namespaceSelector:\n        matchLabels:\n          kubernetes.io/metadata.name: kube-system\n"
        "      podSelector:\n        matchLabels:\n          k8s-app: kube-dns\n"
        "    ports:\n    - protocol: UDP\n      port: 53\n    - protocol: TCP\n      port: 53\n";
    for (const Service& s : services) {
      header(out, policy_name("allow-ingress-", s.name), ns,
             "Pods of Service " + s.name + " accept traffic from pods of namespace " + ns +
                 " on its target ports.");
      out += "spec:\n  podSelector:\n";
      selector(out, "    ", s.selector);
      out += "  policyTypes:\n  - Ingress\n  ingress:\n  - from:\n    - podSelector: {}\n";
      ports(out, "    ", s.ports);
      header(out, policy_name("allow-egress-to-", s.name), ns,
             "Pods of namespace " + ns + " may call Service " + s.name + ".");
      out += "spec:\n  podSelector: {}\n  policyTypes:\n  - Egress\n  egress:\n  - to:\n    - podSelector:\n";
      selector(out, "        ", s.selector);
      ports(out, "    ", s.ports);
    }
  }
  return out;
}

}  // namespace bulwark::fix
