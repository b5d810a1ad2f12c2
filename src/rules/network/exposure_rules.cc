// NetworkPolicy rules that allow everything, and Services/Ingresses that expose workloads.
#include <fmt/format.h>

#include <array>

#include "rules/citations/citations.h"
#include "rules/network/network_rules.h"
#include "rules/network/policy_model.h"

namespace bulwark::rules::network {
namespace {
using namespace citations;

constexpr Reference kRefsPolicy[] = {kNetworkPolicies, kCisNetwork, kNsa, kMitreLateralMovement};
constexpr Reference kRefsService[] = {kServices, kNsa, kMitreExposedService};
constexpr Reference kRefsExternalIps[] = {
    kServices,
    {"CVE-2020-8554: man-in-the-middle using LoadBalancer or ExternalIPs",
     "https://github.com/kubernetes/kubernetes/issues/97076"},
    kMitreAdversaryInTheMiddle};
constexpr Reference kRefsIngress[] = {
    {"Kubernetes: Ingress TLS", "https://kubernetes.io/docs/concepts/services-networking/ingress/#tls"},
    kNsa,
    kMitreAdversaryInTheMiddle};
constexpr Reference kRefsSnippet[] = {{"ingress-nginx: CVE-2021-25742 (custom snippets read Secrets)",
                                       "https://github.com/kubernetes/ingress-nginx/issues/7837"},
                                      {"ingress-nginx: allow-snippet-annotations",
                                       "https://kubernetes.github.io/ingress-nginx/user-guide/"
                                       "nginx-configuration/configmap/#allow-snippet-annotations"},
                                      kMitreUnsecuredCredentials};

bool is_network_policy(const k8s::Object& o) {
  return o.kind() == "NetworkPolicy" && o.group() == "networking.k8s.io";
}

void check_allow_all(const k8s::Object& object, FindingSink& sink, const RuleMeta& meta,
                     std::string_view section, std::string_view peers_key, bool enabled) {
  if (!enabled || !is_network_policy(object)) return;
  const doc::Node* spec = object.root().get("spec");
  const doc::Node* rules = spec ? spec->get(section) : nullptr;
  if (!rules || !rules->is_sequence()) return;
  std::size_t i = 0;
  for (const doc::Node* rule : rules->items()) {
    if (allows_all(*rule, peers_key))
      sink.add(meta, object, rule, fmt::format("spec.{}[{}]", section, i),
               fmt::format("{} {}[{}] allows all {} traffic on every port", object.display_name(), section, i,
                           section == "ingress" ? "incoming" : "outgoing"));
    ++i;
  }
}

// The kind is checked first: both run on every object, and few are NetworkPolicies.
void check_allow_all_ingress(const k8s::Object& o, const CheckContext&, FindingSink& s) {
  if (!is_network_policy(o)) return;
  const doc::Node* spec = o.root().get("spec");
  check_allow_all(o, s, kAllowAllIngress, "ingress", "from", spec && policy_types(*spec).ingress);
}
void check_allow_all_egress(const k8s::Object& o, const CheckContext&, FindingSink& s) {
  if (!is_network_policy(o)) return;
  const doc::Node* spec = o.root().get("spec");
  check_allow_all(o, s, kAllowAllEgress, "egress", "to", spec && policy_types(*spec).egress);
}

bool is_service(const k8s::Object& o) {
  return o.kind() == "Service" && o.group().empty();
}

void check_node_port(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  if (!is_service(object)) return;
  const doc::Node* type = object.root().find("spec.type");
  if (type && type->text() == "NodePort")
    sink.add(kNodePortService, object, type, "spec.type",
             fmt::format("{} opens a port on every node (type NodePort)", object.display_name()));
}

bool is_internal_load_balancer(const k8s::Object& object) {
  static constexpr std::array<std::string_view, 5> kInternal{
      "networking.gke.io/load-balancer-type", "cloud.google.com/load-balancer-type",
      "service.beta.kubernetes.io/aws-load-balancer-internal",
      "service.beta.kubernetes.io/azure-load-balancer-internal",
      "service.beta.kubernetes.io/aws-load-balancer-scheme"};
  for (std::string_view key : kInternal)
    if (auto v = object.annotation(key); v && (*v == "Internal" || *v == "true" || *v == "internal"))
      return true;
  return false;
}

void check_load_balancer(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  if (!is_service(object)) return;
  const doc::Node* type = object.root().find("spec.type");
  if (!type || type->text() != "LoadBalancer" || is_internal_load_balancer(object)) return;
  const doc::Node* ranges = object.root().find("spec.loadBalancerSourceRanges");
  if ((ranges && ranges->is_sequence() && ranges->size() > 0) ||
      object.annotation("service.beta.kubernetes.io/load-balancer-source-ranges"))
    return;
  sink.add(kLoadBalancerService, object, type, "spec.type",
           fmt::format("{} is exposed through an external load balancer with no loadBalancerSourceRanges",
                       object.display_name()));
}

void check_external_ips(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  if (!is_service(object)) return;
  const doc::Node* ips = object.root().find("spec.externalIPs");
  if (ips && ips->is_sequence() && ips->size() > 0)
    sink.add(kServiceExternalIps, object, ips, "spec.externalIPs",
             fmt::format("{} sets spec.externalIPs", object.display_name()));
}

bool is_ingress(const k8s::Object& o) {
  return o.kind() == "Ingress" && (o.group() == "networking.k8s.io" || o.group() == "extensions");
}

void check_ingress_tls(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  if (!is_ingress(object)) return;
  const doc::Node* spec = object.root().get("spec");
  const doc::Node* tls = spec ? spec->get("tls") : nullptr;
  if (tls && tls->is_sequence() && tls->size() > 0) return;
  sink.add(kIngressWithoutTls, object, spec ? spec : &object.root(), "spec.tls",
           fmt::format("{} serves its hosts without TLS", object.display_name()));
}

void check_ingress_snippet(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  if (!is_ingress(object)) return;
  const doc::Node* annotations = object.annotations();
  if (!annotations || !annotations->is_mapping()) return;
  for (const doc::MapEntry& e : annotations->entries())
    if (e.name.starts_with("nginx.ingress.kubernetes.io/") && e.name.ends_with("-snippet"))
      sink.add(kIngressNginxSnippet, object, e.key, fmt::format("metadata.annotations.{}", e.name),
               fmt::format("{} injects raw NGINX configuration through {}", object.display_name(), e.name));
}

}  // namespace

extern const RuleMeta kAllowAllIngress{
    .id = "BW-net-allow-all-ingress",
    .severity = Severity::High,
    .family = Family::Network,
    .title = "NetworkPolicy allows all incoming traffic",
    .why =
        "An ingress rule with no `from` and no `ports` (or with an empty peer, or 0.0.0.0/0) admits every "
        "source on every port. It silently cancels the default-deny policy of the namespace for the pods "
        "it selects, so any compromised pod in the cluster can reach them.",
    .fix =
        "ingress:\n  - from:\n      - podSelector:\n          matchLabels:\n            app: frontend\n"
        "    ports:\n      - port: 8080",
    .references = kRefsPolicy,
};

extern const RuleMeta kAllowAllEgress{
    .id = "BW-net-allow-all-egress",
    .severity = Severity::Medium,
    .family = Family::Network,
    .title = "NetworkPolicy allows all outgoing traffic",
    .why =
        "An egress rule with no `to` and no `ports` lets the selected pods connect anywhere. A compromised "
        "pod reaches the cloud metadata service, other namespaces' databases, or an attacker's server for "
        "data exfiltration and command and control.",
    .fix =
        "egress:\n  - to:\n      - podSelector:\n          matchLabels:\n            app: db\n    ports:\n"
        "      - port: 5432\n  - ports:  # DNS\n      - port: 53\n        protocol: UDP",
    .references = kRefsPolicy,
};

extern const RuleMeta kNodePortService{
    .id = "BW-net-nodeport-service",
    .severity = Severity::Info,
    .family = Family::Network,
    .title = "Service of type NodePort",
    .why =
        "A NodePort Service opens the same port on every node's address, often reachable from outside the "
        "cluster and outside any ingress controller's authentication or TLS. Check that exposing it on "
        "every node is intended.",
    .fix = "spec:\n  type: ClusterIP   # expose through an Ingress or Gateway instead",
    .references = kRefsService,
};

extern const RuleMeta kLoadBalancerService{
    .id = "BW-net-loadbalancer-service",
    .severity = Severity::Info,
    .family = Family::Network,
    .title = "Service exposed through an unrestricted external load balancer",
    .why =
        "A LoadBalancer Service without loadBalancerSourceRanges gets a public address on most clouds and "
        "accepts connections from the whole internet. Check that it is meant to be public, or restrict "
        "the source ranges.",
    .fix = "spec:\n  type: LoadBalancer\n  loadBalancerSourceRanges:\n    - 203.0.113.0/24",
    .references = kRefsService,
};

extern const RuleMeta kServiceExternalIps{
    .id = "BW-net-service-external-ips",
    .severity = Severity::High,
    .family = Family::Network,
    .title = "Service sets externalIPs",
    .why =
        "Any user who can create a Service with externalIPs can capture traffic meant for those addresses "
        "from every pod in the cluster (CVE-2020-8554, unfixed by design): a man-in-the-middle on anything, "
        "including external APIs. Block the field with admission control and use LoadBalancer or Ingress.",
    .fix = "spec:\n  type: LoadBalancer   # no externalIPs",
    .references = kRefsExternalIps,
};

extern const RuleMeta kIngressWithoutTls{
    .id = "BW-net-ingress-without-tls",
    .severity = Severity::Medium,
    .family = Family::Network,
    .title = "Ingress without TLS",
    .why =
        "Without a `tls` section the Ingress serves plain HTTP. Session cookies, passwords and tokens cross "
        "the network readable and changeable by anyone on the path.",
    .fix = "spec:\n  tls:\n    - hosts: [\"app.example.com\"]\n      secretName: app-tls",
    .references = kRefsIngress,
};

extern const RuleMeta kIngressNginxSnippet{
    .id = "BW-net-ingress-nginx-snippet",
    .severity = Severity::High,
    .family = Family::Network,
    .title = "Ingress injects raw NGINX configuration (snippet annotation)",
    .why =
        "Snippet annotations are pasted verbatim into the ingress controller's NGINX configuration. The "
        "controller can read every Secret in the cluster, so anyone allowed to create an Ingress can use a "
        "snippet to read its service account token and those Secrets (CVE-2021-25742).",
    .fix =
        "# use the controller's dedicated annotations instead, and set allow-snippet-annotations: \"false\"\n"
        "metadata:\n  annotations:\n    nginx.ingress.kubernetes.io/ssl-redirect: \"true\"",
    .references = kRefsSnippet,
};

std::span<const ObjectRule> object_rules() {
  static const ObjectRule rules[] = {
      {&kAllowAllIngress, check_allow_all_ingress},   {&kAllowAllEgress, check_allow_all_egress},
      {&kNodePortService, check_node_port},           {&kLoadBalancerService, check_load_balancer},
      {&kServiceExternalIps, check_external_ips},     {&kIngressWithoutTls, check_ingress_tls},
      {&kIngressNginxSnippet, check_ingress_snippet},
  };
  return rules;
}

}  // namespace bulwark::rules::network
