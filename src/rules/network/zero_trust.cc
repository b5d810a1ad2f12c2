// Zero trust across the scan: every namespace with workloads isolates its pods by default, and
// every workload is selected by some NetworkPolicy. Selectors follow Kubernetes exactly
// (k8s/label_selector.h); objects without metadata.namespace form one group of their own,
// since they land in whatever namespace they are applied to.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>

#include "k8s/label_selector.h"
#include "k8s/pod_spec_view.h"
#include "rules/citations/citations.h"
#include "rules/network/network_rules.h"
#include "rules/network/policy_model.h"

namespace bulwark::rules::network {
namespace {
using namespace citations;

constexpr Reference kRefsZeroTrust[] = {kNetworkPolicies, kCisNetwork, kNsa, kMitreLateralMovement};

struct Workload {
  std::string display;
  k8s::Labels labels;
  Location location;
  std::string field_path;
};

struct Policy {
  std::string display;
  std::optional<k8s::LabelSelector> selector;  // nullopt when malformed: selects nothing
  PolicyTypes types;
  bool isolates_ingress = false;  // selects every pod, Ingress type, no allow-all rule
  bool isolates_egress = false;
  Location location;
};

struct Namespace {
  std::vector<Workload> workloads;
  std::vector<Policy> policies;
  std::optional<Location> object;  // the Namespace object, when in the scan
  // Custom resources may make operators create pods the scan cannot see (a Prometheus object
  // becomes a StatefulSet), so a policy that selects none of the visible workloads may still
  // select those.
  bool has_custom_resources = false;
};

// API groups whose kinds never create pods behind the scan's back.
bool is_builtin_group(std::string_view group) {
  return group.empty() || group == "apps" || group == "batch" || group == "policy" ||
         group == "autoscaling" || group == "extensions" || group.ends_with(".k8s.io");
}

bool has_allow_all(const doc::Node& spec, std::string_view section, std::string_view peers) {
  const doc::Node* rules = spec.get(section);
  if (!rules || !rules->is_sequence()) return false;
  for (const doc::Node* r : rules->items())
    if (allows_all(*r, peers)) return true;
  return false;
}

std::string namespace_label(const std::string& ns) {
  return ns.empty() ? "(namespace not set)" : ns;
}

class ZeroTrustCheck final : public CrossObjectCheck {
 public:
  void observe(const k8s::Object& object, const CheckContext&) override {
    const std::string ns(object.namespace_name());
    if (object.kind() == "Namespace" && object.group().empty()) {
      namespaces_[std::string(object.name())].object = location_of(object.document(), object.metadata());
      return;
    }
    if (object.kind() == "NetworkPolicy" && object.group() == "networking.k8s.io") {
      const doc::Node* spec = object.root().get("spec");
      if (!spec || !spec->is_mapping()) return;
      Policy p;
      p.display = object.display_name();
      const doc::Node* selector = spec->get("podSelector");
      if (!selector) {
        p.selector = k8s::LabelSelector{};  // the API server defaults a missing podSelector to {}
      } else if (auto parsed = k8s::LabelSelector::parse(*selector)) {
        p.selector = std::move(*parsed);
      }
      p.types = policy_types(*spec);
      const bool all_pods = p.selector && p.selector->selects_everything();
      p.isolates_ingress = all_pods && p.types.ingress && !has_allow_all(*spec, "ingress", "from");
      p.isolates_egress = all_pods && p.types.egress && !has_allow_all(*spec, "egress", "to");
      p.location = location_of(object.document(), selector ? selector : spec);
      namespaces_[ns].policies.push_back(std::move(p));
      return;
    }
    if (!is_builtin_group(object.group())) namespaces_[ns].has_custom_resources = true;
    if (auto pod = k8s::PodSpecView::of(object)) {
      Workload w;
      w.display = object.display_name();
      const doc::Node* labels = pod->pod_metadata() ? pod->pod_metadata()->get("labels") : nullptr;
      w.labels = k8s::labels_of(labels);
      w.location = location_of(object.document(), labels                ? labels
                                                  : pod->pod_metadata() ? pod->pod_metadata()
                                                                        : &object.root());
      w.field_path = pod->metadata_path() + ".labels";
      namespaces_[ns].workloads.push_back(std::move(w));
    }
  }

  void finish(FindingSink& sink) override {
    for (const auto& [ns, n] : namespaces_) {
      if (n.workloads.empty()) continue;
      bool ingress = false, egress = false;
      for (const Policy& p : n.policies) {
        ingress |= p.isolates_ingress;
        egress |= p.isolates_egress;
      }
      if (!ingress) report_namespace(sink, kDefaultDenyIngress, ns, n, "ingress");
      if (!egress) report_namespace(sink, kDefaultDenyEgress, ns, n, "egress");
      if (n.policies.empty()) continue;  // the namespace finding covers every workload
      for (const Workload& w : n.workloads) {
        const bool selected = std::any_of(n.policies.begin(), n.policies.end(), [&](const Policy& p) {
          return p.selector && p.selector->matches(w.labels);
        });
        if (selected) continue;
        Finding f = base(kWorkloadNotSelected, w.display, w.field_path, w.location);
        f.message =
            fmt::format("{} is selected by no NetworkPolicy of {}: its pods accept traffic from anywhere",
                        w.display, namespace_label(ns));
        for (const Policy& p : n.policies)
          f.related.push_back({p.location, fmt::format("{} does not select these pod labels", p.display)});
        sink.add(std::move(f));
      }
      for (const Policy& p : n.policies) {
        if (n.has_custom_resources || !p.selector || p.selector->selects_everything()) continue;
        const bool selects = std::any_of(n.workloads.begin(), n.workloads.end(),
                                         [&](const Workload& w) { return p.selector->matches(w.labels); });
        if (selects) continue;
        Finding f = base(kPolicySelectsNothing, p.display, "spec.podSelector", p.location);
        f.message = fmt::format(
            "{} selects none of the {} workload{} of {} in this scan: a label typo leaves them "
            "unprotected",
            p.display, n.workloads.size(), n.workloads.size() == 1 ? "" : "s", namespace_label(ns));
        sink.add(std::move(f));
      }
    }
  }

 private:
  static Finding base(const RuleMeta& meta, std::string object, std::string field_path, Location location) {
    Finding f;
    f.rule = &meta;
    f.severity = meta.severity;
    f.object = std::move(object);
    f.field_path = std::move(field_path);
    f.location = std::move(location);
    return f;
  }

  static void report_namespace(FindingSink& sink, const RuleMeta& meta, const std::string& ns,
                               const Namespace& n, std::string_view direction) {
    const Location& at = n.object ? *n.object : n.workloads.front().location;
    Finding f = base(meta, ns.empty() ? std::string() : "Namespace " + ns, "", at);
    f.message = fmt::format(
        "{} runs {} workload{} but has no default-deny {} NetworkPolicy (podSelector: {{}}, "
        "policyTypes: [{}])",
        namespace_label(ns), n.workloads.size(), n.workloads.size() == 1 ? "" : "s", direction,
        direction == "ingress" ? "Ingress" : "Egress");
    for (const Workload& w : n.workloads) {
      if (f.related.size() == 5) break;
      f.related.push_back({w.location, fmt::format("{} is not isolated", w.display)});
    }
    sink.add(std::move(f));
  }

  void absorb(CrossObjectCheck& later) override {
    for (auto& [name, ns] : static_cast<ZeroTrustCheck&>(later).namespaces_) {
      Namespace& into = namespaces_[name];
      for (auto& w : ns.workloads) into.workloads.push_back(std::move(w));
      for (auto& p : ns.policies) into.policies.push_back(std::move(p));
      if (!into.object) into.object = std::move(ns.object);
      into.has_custom_resources |= ns.has_custom_resources;
    }
  }

  std::map<std::string, Namespace> namespaces_;
};

std::unique_ptr<CrossObjectCheck> make_zero_trust_check() {
  return std::make_unique<ZeroTrustCheck>();
}

}  // namespace

extern const RuleMeta kDefaultDenyIngress{
    .id = "BW-net-default-deny-ingress",
    .severity = Severity::Medium,
    .family = Family::Network,
    .title = "Namespace without a default-deny ingress NetworkPolicy",
    .why =
        "Kubernetes lets every pod talk to every other pod unless a NetworkPolicy says otherwise. Without a "
        "default-deny policy, one compromised pod anywhere in the cluster can reach every service in this "
        "namespace, databases and admin ports included. Deny by default, then allow the flows you need.",
    .fix =
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n"
        "spec:\n  podSelector: {}\n  policyTypes: [\"Ingress\", \"Egress\"]",
    .references = kRefsZeroTrust,
};

extern const RuleMeta kDefaultDenyEgress{
    .id = "BW-net-default-deny-egress",
    .severity = Severity::Low,
    .family = Family::Network,
    .title = "Namespace without a default-deny egress NetworkPolicy",
    .why =
        "Without egress isolation a compromised pod can connect to anything: the cloud metadata endpoint "
        "(node credentials), other namespaces, or the internet to download tools and send data out. "
        "Denying egress by default turns those into blocked, visible connection attempts.",
    .fix =
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-egress\n"
        "spec:\n  podSelector: {}\n  policyTypes: [\"Egress\"]",
    .references = kRefsZeroTrust,
};

extern const RuleMeta kWorkloadNotSelected{
    .id = "BW-net-workload-not-selected",
    .severity = Severity::Medium,
    .family = Family::Network,
    .title = "Workload selected by no NetworkPolicy",
    .why =
        "Pods that no NetworkPolicy selects are not isolated at all: they accept connections from every pod "
        "in the cluster. In a namespace that has policies this is usually a label mismatch, and the workload "
        "is the one door left open.",
    .fix =
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nspec:\n  podSelector:\n    matchLabels:\n"
        "      app: web\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n"
        "              app: frontend",
    .references = kRefsZeroTrust,
};

extern const RuleMeta kPolicySelectsNothing{
    .id = "BW-net-policy-selects-nothing",
    .severity = Severity::Low,
    .family = Family::Network,
    .title = "NetworkPolicy selects no workload in its namespace",
    .why =
        "A policy whose podSelector matches none of the namespace's workloads protects nothing, usually "
        "because of a label typo or a renamed app. The pods it was written for run unprotected while the "
        "policy gives the impression they are.",
    .fix =
        "spec:\n  podSelector:\n    matchLabels:\n      app.kubernetes.io/name: web  # the pods' actual "
        "labels",
    .references = kRefsZeroTrust,
};

std::span<const CrossObjectRule> cross_object_rules() {
  static const RuleMeta* const metas[] = {&kDefaultDenyIngress, &kDefaultDenyEgress, &kWorkloadNotSelected,
                                          &kPolicySelectsNothing};
  static const CrossObjectRule rules[] = {{metas, make_zero_trust_check}};
  return rules;
}

}  // namespace bulwark::rules::network
