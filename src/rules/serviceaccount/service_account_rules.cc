#include "rules/serviceaccount/service_account_rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "k8s/pod_spec_view.h"
#include "rules/citations/citations.h"

namespace bulwark::rules::serviceaccount {
namespace {
using namespace citations;

constexpr Reference kRefsSa[] = {kServiceAccounts, kCisRbac, kNsa, kMitreContainerApi};
constexpr Reference kRefsNamespace[] = {
    {"Kubernetes: Namespaces",
     "https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/"},
    kCisGeneral,
    kNsa};
constexpr Reference kRefsTokenSecret[] = {
    {"Kubernetes: legacy service account token Secrets",
     "https://kubernetes.io/docs/concepts/configuration/secret/#serviceaccount-token-secrets"},
    kCisRbac,
    kMitreContainerApi};

// The service account a pod runs as (serviceAccountName, its deprecated alias, else "default"),
// with the node that names it (null when defaulted).
std::pair<std::string_view, const doc::Node*> service_account_of(const k8s::PodSpecView& pod) {
  for (std::string_view field : {"serviceAccountName", "serviceAccount"})
    if (const doc::Node* n = pod.get(field); n && !n->text().empty()) return {n->text(), n};
  return {"default", nullptr};
}

bool ns_match(std::string_view a, std::string_view b) {
  return a.empty() || b.empty() || a == b;
}

void check_default_service_account(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  auto [name, node] = service_account_of(*pod);
  if (name != "default") return;
  sink.add(kDefaultServiceAccount, object, node ? node : &pod->spec(), pod->field_path("serviceAccountName"),
           fmt::format("{} runs as the namespace's default service account", object.display_name()));
}

void check_default_automount(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  if (object.kind() != "ServiceAccount" || !object.group().empty() || object.name() != "default") return;
  const doc::Node* v = object.root().get("automountServiceAccountToken");
  if (v && v->as_bool() == false) return;
  sink.add(
      kDefaultServiceAccountAutomount, object, v ? v : object.metadata(), "automountServiceAccountToken",
      fmt::format("{} mounts its token into every pod that uses it: set automountServiceAccountToken: false",
                  object.display_name()));
}

void check_default_namespace(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  if (object.namespace_name() != "default") return;
  const doc::Node* ns = object.metadata() ? object.metadata()->get("namespace") : nullptr;
  sink.add(kDefaultNamespace, object, ns, "metadata.namespace",
           fmt::format("{} is placed in the default namespace", object.display_name()));
}

void check_legacy_token_secret(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  if (object.kind() != "Secret" || !object.group().empty()) return;
  const doc::Node* type = object.root().get("type");
  if (!type || type->text() != "kubernetes.io/service-account-token") return;
  sink.add(kLegacyTokenSecret, object, type, "type",
           fmt::format("{} requests a long-lived service account token", object.display_name()));
}

struct PodUse {
  std::string display, ns, service_account;
  bool automount_off = false;  // the pod sets automountServiceAccountToken: false
  Location location;           // the service account name (or the pod spec)
  Location automount_location;
  std::string field_path;
};

struct AccountInfo {
  std::string ns, name;
  bool automount_off = false;
  Location location;
};

class ServiceAccountCheck final : public CrossObjectCheck {
 public:
  void observe(const k8s::Object& object, const CheckContext&) override {
    const std::string ns(object.namespace_name());
    if (object.kind() == "ServiceAccount" && object.group().empty()) {
      const doc::Node* v = object.root().get("automountServiceAccountToken");
      accounts_.push_back({ns, std::string(object.name()), v && v->as_bool() == false,
                           location_of(object.document(), object.metadata())});
      return;
    }
    if (object.group() == "rbac.authorization.k8s.io" &&
        (object.kind() == "RoleBinding" || object.kind() == "ClusterRoleBinding")) {
      const doc::Node* subjects = object.root().get("subjects");
      if (!subjects || !subjects->is_sequence()) return;
      for (const doc::Node* s : subjects->items()) {
        const doc::Node* kind = s->get("kind");
        const doc::Node* name = s->get("name");
        const doc::Node* sns = s->get("namespace");
        if (kind && kind->text() == "ServiceAccount" && name)
          bound_.insert({std::string(sns                              ? sns->text()
                                     : object.kind() == "RoleBinding" ? ns
                                                                      : ""),
                         std::string(name->text())});
      }
      return;
    }
    auto pod = k8s::PodSpecView::of(object);
    if (!pod) return;
    PodUse use;
    use.display = object.display_name();
    use.ns = ns;
    auto [name, node] = service_account_of(*pod);
    use.service_account = std::string(name);
    const doc::Node* automount = pod->get("automountServiceAccountToken");
    use.automount_off = automount && automount->as_bool() == false;
    use.location = location_of(object.document(), node ? node : &pod->spec());
    use.automount_location = location_of(object.document(), automount ? automount : &pod->spec());
    use.field_path = pod->field_path("serviceAccountName");
    pods_.push_back(std::move(use));
  }

  void finish(FindingSink& sink) override {
    index();
    for (const PodUse& p : pods_) {
      const AccountInfo* account = find_account(p);
      // Token mounted but no binding in the scan gives the account anything to do with it.
      if (!p.automount_off && !(account && account->automount_off) && !is_bound(p)) {
        Finding f = base(kAutomountToken, p.display,
                         p.field_path.substr(0, p.field_path.rfind('.')) + ".automountServiceAccountToken",
                         p.automount_location);
        f.message = fmt::format(
            "{} mounts the API token of service account \"{}\", which no binding in this scan "
            "gives any permission: set automountServiceAccountToken: false",
            p.display, p.service_account);
        if (account)
          f.related.push_back({account->location, "the service account does not disable automounting"});
        sink.add(std::move(f));
      }
      if (p.service_account != "default" && !account && any_account_in(p.ns)) {
        Finding f = base(kMissingServiceAccount, p.display, p.field_path, p.location);
        f.message = fmt::format("{} runs as service account \"{}\", which this scan does not define",
                                p.display, p.service_account);
        sink.add(std::move(f));
      }
    }
    // Dedicated identities: one workload per service account.
    std::map<std::pair<std::string, std::string>, std::vector<const PodUse*>> users;
    for (const PodUse& p : pods_)
      if (p.service_account != "default") users[{p.ns, p.service_account}].push_back(&p);
    for (auto& [key, all] : users) {
      // The same workload written twice (alternative install files in one scan) is not sharing.
      std::vector<const PodUse*> list;
      std::unordered_set<std::string_view> displays;
      for (const PodUse* p : all)
        if (displays.insert(p->display).second) list.push_back(p);
      if (list.size() < 2) continue;
      Finding f = base(kSharedServiceAccount, list[1]->display, list[1]->field_path, list[1]->location);
      f.message =
          fmt::format("service account \"{}\" is shared by {} workloads ({} and {}{})", key.second,
                      list.size(), list[0]->display, list[1]->display, list.size() > 2 ? ", ..." : "");
      for (const PodUse* p : list)
        if (p != list[1]) f.related.push_back({p->location, fmt::format("{} uses it too", p->display)});
      sink.add(std::move(f));
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
  // Lookups by name: a scan can hold thousands of pods, accounts and bindings, and a linear
  // search per pod made finish() quadratic.
  void index() {
    accounts_by_name_.clear();
    account_namespaces_.clear();
    for (const AccountInfo& a : accounts_) {
      accounts_by_name_[a.name].push_back(&a);
      account_namespaces_.insert(a.ns);
    }
    bound_by_name_.clear();
    for (const auto& [ns, name] : bound_) bound_by_name_[name].push_back(ns);
  }
  const AccountInfo* find_account(const PodUse& p) const {
    auto it = accounts_by_name_.find(p.service_account);
    if (it == accounts_by_name_.end()) return nullptr;
    for (const AccountInfo* a : it->second)
      if (ns_match(a->ns, p.ns)) return a;
    return nullptr;
  }
  bool any_account_in(const std::string& ns) const {
    // An empty namespace on either side matches every namespace (ns_match).
    if (ns.empty()) return !accounts_.empty();
    return account_namespaces_.contains(ns) || account_namespaces_.contains(std::string());
  }
  bool is_bound(const PodUse& p) const {
    auto it = bound_by_name_.find(p.service_account);
    if (it == bound_by_name_.end()) return false;
    return std::any_of(it->second.begin(), it->second.end(),
                       [&](std::string_view ns) { return ns_match(ns, p.ns); });
  }

  void absorb(CrossObjectCheck& later) override {
    auto& other = static_cast<ServiceAccountCheck&>(later);
    for (auto& a : other.accounts_) accounts_.push_back(std::move(a));
    bound_.insert(other.bound_.begin(), other.bound_.end());
    for (auto& p : other.pods_) pods_.push_back(std::move(p));
  }

  std::vector<AccountInfo> accounts_;
  std::set<std::pair<std::string, std::string>> bound_;
  std::vector<PodUse> pods_;
  std::unordered_map<std::string_view, std::vector<const AccountInfo*>> accounts_by_name_;
  std::unordered_set<std::string> account_namespaces_;
  std::unordered_map<std::string_view, std::vector<std::string_view>> bound_by_name_;
};

std::unique_ptr<CrossObjectCheck> make_service_account_check() {
  return std::make_unique<ServiceAccountCheck>();
}

}  // namespace

extern const RuleMeta kDefaultServiceAccount{
    .id = "BW-sa-default-service-account",
    .severity = Severity::Medium,
    .family = Family::ServiceAccount,
    .title = "Workload runs as the default service account",
    .why =
        "Every pod without its own service account shares the namespace's `default` one. Any permission "
        "granted to it (by you, by a Helm chart, by an operator) reaches every such pod, and audit logs "
        "cannot "
        "tell them apart. A dedicated service account per workload keeps identities and permissions "
        "separate.",
    .fix =
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\nautomountServiceAccountToken: "
        "false\n---\n"
        "spec:\n  serviceAccountName: web",
    .references = kRefsSa,
};

extern const RuleMeta kDefaultServiceAccountAutomount{
    .id = "BW-sa-default-automount",
    .severity = Severity::Low,
    .family = Family::ServiceAccount,
    .title = "Default service account mounts its token",
    .why =
        "The default service account is used by every pod that does not choose one. If it automounts its "
        "token, every such pod carries an API credential it probably never uses, ready for an attacker who "
        "gets code execution in any of them.",
    .fix =
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\nautomountServiceAccountToken: "
        "false",
    .references = kRefsSa,
};

extern const RuleMeta kDefaultNamespace{
    .id = "BW-ns-default-namespace",
    .severity = Severity::Low,
    .family = Family::ServiceAccount,
    .title = "Object placed in the default namespace",
    .why =
        "The default namespace is where everything lands by accident, so it is rarely covered by specific "
        "RBAC, NetworkPolicies, quotas or Pod Security labels. Workloads there share that weak boundary "
        "with whatever else ends up in it.",
    .fix = "metadata:\n  namespace: web   # a namespace created and locked down for this application",
    .references = kRefsNamespace,
};

extern const RuleMeta kLegacyTokenSecret{
    .id = "BW-sa-legacy-token-secret",
    .severity = Severity::Medium,
    .family = Family::ServiceAccount,
    .title = "Long-lived service account token Secret",
    .why =
        "A Secret of type kubernetes.io/service-account-token holds a token that never expires and is not "
        "bound to a pod. Anyone who reads it once (from a backup, a log, a `get secrets`) keeps the service "
        "account's access until the Secret is deleted. Pods get short-lived, bound tokens automatically.",
    .fix =
        "# use the TokenRequest API (projected volume) or `kubectl create token <sa>` instead\nvolumes:\n"
        "  - name: token\n    projected:\n      sources:\n        - serviceAccountToken:\n"
        "            expirationSeconds: 3600\n            path: token",
    .references = kRefsTokenSecret,
};

extern const RuleMeta kAutomountToken{
    .id = "BW-sa-automount-token",
    .severity = Severity::Medium,
    .family = Family::ServiceAccount,
    .title = "Workload mounts an API token it does not need",
    .why =
        "By default every pod gets its service account's token mounted at "
        "/var/run/secrets/kubernetes.io/serviceaccount. An attacker who gets code execution reads it and "
        "talks to the API server as the pod. When no binding gives the account permissions, the workload "
        "does "
        "not need the API: switch automounting off and the credential is simply not there.",
    .fix = "spec:\n  automountServiceAccountToken: false",
    .references = kRefsSa,
};

extern const RuleMeta kSharedServiceAccount{
    .id = "BW-sa-shared-service-account",
    .severity = Severity::Low,
    .family = Family::ServiceAccount,
    .title = "Service account shared by several workloads",
    .why =
        "When workloads share a service account, each one holds the union of the permissions any of them "
        "needs, and a compromise of the least important one yields them all. One service account per "
        "workload keeps each grant as small as its user.",
    .fix = "# one ServiceAccount per workload\nspec:\n  serviceAccountName: web-frontend",
    .references = kRefsSa,
};

extern const RuleMeta kMissingServiceAccount{
    .id = "BW-sa-missing-service-account",
    .severity = Severity::Low,
    .family = Family::ServiceAccount,
    .title = "Workload names a service account the manifests do not define",
    .why =
        "A pod whose service account does not exist is rejected. If someone creates the account later with "
        "whatever permissions they choose, the workload runs with an identity nobody reviewed with it.",
    .fix = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web",
    .references = kRefsSa,
};

std::span<const ObjectRule> object_rules() {
  static const ObjectRule rules[] = {
      {&kDefaultServiceAccount, check_default_service_account},
      {&kDefaultServiceAccountAutomount, check_default_automount},
      {&kDefaultNamespace, check_default_namespace},
      {&kLegacyTokenSecret, check_legacy_token_secret},
  };
  return rules;
}

std::span<const CrossObjectRule> cross_object_rules() {
  static const RuleMeta* const metas[] = {&kAutomountToken, &kSharedServiceAccount, &kMissingServiceAccount};
  static const CrossObjectRule rules[] = {{metas, make_service_account_check}};
  return rules;
}

}  // namespace bulwark::rules::serviceaccount
