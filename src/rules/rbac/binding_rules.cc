// Bindings, resolved against the roles of the scan: each finding names the subject, the binding
// and the role, with the position of each.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <unordered_map>

#include "k8s/label_selector.h"
#include "k8s/pod_spec_view.h"
#include "rules/citations/citations.h"
#include "rules/rbac/policy_rule.h"
#include "rules/rbac/rbac_rules.h"

namespace bulwark::rules::rbac {
namespace {
using namespace citations;

constexpr Reference kRefsAdmin[] = {kRbacGoodPractices, kCisRbac, kNsa, kMitreValidAccounts};
constexpr Reference kRefsAnonymous[] = {kRbac, kCisRbac, kNsa, kMitreValidAccounts};
constexpr Reference kRefsDefaultSa[] = {kRbacGoodPractices, kServiceAccounts, kCisRbac, kMitreContainerApi};

struct RoleInfo {
  std::string kind, ns, name, display;
  k8s::Labels labels;
  std::vector<PolicyRule> rules;
  std::vector<k8s::LabelSelector> aggregation;  // clusterRoleSelectors, ORed
  Location location;
};

struct SubjectInfo {
  std::string kind, name, ns;
  std::size_t index = 0;
  Location location;
};

struct BindingInfo {
  std::string kind, ns, name, display;
  std::string role_kind, role_name;
  Location location;  // the roleRef
  std::vector<SubjectInfo> subjects;
};

// What one binding grants: its role (when the scan defines it) and the dangerous powers.
struct Grant {
  const RoleInfo* role = nullptr;
  std::vector<std::string_view> powers;
};

struct WorkloadInfo {
  std::string display, ns, service_account;
  Location location;
  std::string field_path;
};

bool ns_match(std::string_view a, std::string_view b) {
  return a.empty() || b.empty() || a == b;
}

std::string text_at(const doc::Node* n, std::string_view key) {
  const doc::Node* v = n ? n->get(key) : nullptr;
  return v ? std::string(v->text()) : std::string();
}

// Built-in roles that bindings refer to without the scan defining them: their permissions as
// Kubernetes ships them, reduced to what the findings need.
std::vector<PolicyRule> builtin_rules(std::string_view name) {
  auto rule = [](std::vector<std::string> groups, std::vector<std::string> resources,
                 std::vector<std::string> verbs) {
    PolicyRule r;
    r.api_groups = std::move(groups);
    r.resources = std::move(resources);
    r.verbs = std::move(verbs);
    return r;
  };
  if (name == "cluster-admin") return {rule({"*"}, {"*"}, {"*"})};
  if (name == "admin" || name == "edit")
    return {rule({""}, {"secrets", "pods", "pods/exec", "pods/attach", "pods/portforward"},
                 {"get", "list", "watch", "create", "update", "patch", "delete"}),
            rule({"apps"}, {"deployments", "daemonsets", "statefulsets", "replicasets"},
                 {"create", "update", "patch", "delete"}),
            rule({""}, {"serviceaccounts"}, {"impersonate"})};
  return {};
}

class BindingCheck final : public CrossObjectCheck {
 public:
  void observe(const k8s::Object& object, const CheckContext&) override {
    const std::string_view kind = object.kind();
    if (object.group() == "rbac.authorization.k8s.io") {
      if (kind == "Role" || kind == "ClusterRole") return observe_role(object);
      if (kind == "RoleBinding" || kind == "ClusterRoleBinding") return observe_binding(object);
    }
    if (auto pod = k8s::PodSpecView::of(object)) {
      WorkloadInfo w;
      w.display = object.display_name();
      w.ns = std::string(object.namespace_name());
      const doc::Node* sa = pod->get("serviceAccountName");
      if (!sa || sa->text().empty()) sa = pod->get("serviceAccount");
      w.service_account = sa && !sa->text().empty() ? std::string(sa->text()) : "default";
      w.location = location_of(object.document(), sa ? sa : &pod->spec());
      w.field_path = pod->field_path("serviceAccountName");
      workloads_.push_back(std::move(w));
    }
  }

  void finish(FindingSink& sink) override {
    index_roles();
    // What each binding grants is resolved once: workloads below share bindings, and a scan can
    // hold thousands of both.
    std::vector<Grant> grants;
    grants.reserve(bindings_.size());
    for (const BindingInfo& b : bindings_) {
      const RoleInfo* role = find_role(b);
      const std::vector<PolicyRule> rules = role ? effective_rules(*role) : builtin_rules(b.role_name);
      grants.push_back({role, powers_of(rules)});
      const bool everything = std::any_of(rules.begin(), rules.end(), grants_everything);
      for (const SubjectInfo& s : b.subjects) {
        if (everything && !(s.kind == "Group" && s.name == "system:masters"))
          report(sink, kClusterAdminBinding, b, s, role,
                 fmt::format("{} \"{}\" gets full control ({} grants * on *) through {}", s.kind,
                             subject_name(s), role_label(b), b.display));
        if ((s.kind == "User" && s.name == "system:anonymous") ||
            (s.kind == "Group" && s.name == "system:unauthenticated"))
          report(
              sink, kAnonymousBinding, b, s, role,
              fmt::format(
                  "{} binds {} to unauthenticated callers ({} \"{}\"): anyone who can reach the API server "
                  "gets its permissions",
                  b.display, role_label(b), s.kind, s.name));
        if (s.kind == "Group" && s.name == "system:authenticated" && !is_discovery_role(b.role_name))
          report(sink, kAuthenticatedBinding, b, s, role,
                 fmt::format("{} grants {} to every authenticated identity (Group system:authenticated)",
                             b.display, role_label(b)));
        if (s.kind == "ServiceAccount" && s.name == "default")
          report(sink, kDefaultServiceAccountBinding, b, s, role,
                 fmt::format(
                     "{} grants {} to the default service account{}: every pod in that namespace without its "
                     "own service account gets it",
                     b.display, role_label(b), s.ns.empty() ? "" : " of namespace " + s.ns));
      }
    }
    report_workloads(sink, grants);
  }

 private:
  void observe_role(const k8s::Object& object) {
    RoleInfo r;
    r.kind = std::string(object.kind());
    r.ns = r.kind == "Role" ? std::string(object.namespace_name()) : "";
    r.name = std::string(object.name());
    r.display = object.display_name();
    r.labels = k8s::labels_of(object.labels());
    r.rules = policy_rules_of(object.root().get("rules"));
    for (PolicyRule& rule : r.rules) rule.node = nullptr;  // the document goes away after observe()
    if (const doc::Node* selectors = object.root().find("aggregationRule.clusterRoleSelectors");
        selectors && selectors->is_sequence())
      for (const doc::Node* s : selectors->items())
        if (auto sel = k8s::LabelSelector::parse(*s)) r.aggregation.push_back(std::move(*sel));
    r.location = location_of(object.document(), object.metadata());
    roles_.push_back(std::move(r));
  }

  void observe_binding(const k8s::Object& object) {
    BindingInfo b;
    b.kind = std::string(object.kind());
    b.ns = std::string(object.namespace_name());
    b.name = std::string(object.name());
    b.display = object.display_name();
    const doc::Node* ref = object.root().get("roleRef");
    b.role_kind = text_at(ref, "kind");
    b.role_name = text_at(ref, "name");
    b.location = location_of(object.document(), ref ? ref : &object.root());
    if (const doc::Node* subjects = object.root().get("subjects"); subjects && subjects->is_sequence()) {
      std::size_t i = 0;
      for (const doc::Node* s : subjects->items()) {
        SubjectInfo si;
        si.kind = text_at(s, "kind");
        si.name = text_at(s, "name");
        si.ns = text_at(s, "namespace");
        if (si.kind == "ServiceAccount" && si.ns.empty() && b.kind == "RoleBinding") si.ns = b.ns;
        si.index = i++;
        si.location = location_of(object.document(), s);
        b.subjects.push_back(std::move(si));
      }
    }
    bindings_.push_back(std::move(b));
  }

  // Roles by kind and name, in scan order, so a binding finds its role without a linear search.
  void index_roles() {
    roles_by_name_.clear();
    for (const RoleInfo& r : roles_) roles_by_name_[r.kind + '/' + r.name].push_back(&r);
  }

  const RoleInfo* find_role(const BindingInfo& b) const {
    auto it = roles_by_name_.find(b.role_kind + '/' + b.role_name);
    if (it == roles_by_name_.end()) return nullptr;
    for (const RoleInfo* r : it->second)
      if (r->kind == "ClusterRole" || ns_match(r->ns, b.ns)) return r;
    return nullptr;
  }

  // The distinct dangerous powers a set of rules grants, as the workload finding lists them.
  static std::vector<std::string_view> powers_of(const std::vector<PolicyRule>& rules) {
    std::vector<std::string_view> out;
    for (const PolicyRule& r : rules)
      for (const Permission& p : dangerous_permissions(r)) {
        if (p.id == "BW-rbac-delete-events") continue;  // not a way into other identities
        if (std::find(out.begin(), out.end(), p.what) == out.end()) out.push_back(p.what);
      }
    return out;
  }

  // A ClusterRole's rules plus, for aggregated ones, the rules of every ClusterRole its selectors
  // pick (transitively, as the aggregation controller keeps doing until nothing changes).
  std::vector<PolicyRule> effective_rules(const RoleInfo& role) const {
    std::vector<PolicyRule> out;
    std::set<const RoleInfo*> seen;
    std::vector<const RoleInfo*> pending{&role};
    while (!pending.empty()) {
      const RoleInfo* r = pending.back();
      pending.pop_back();
      if (!seen.insert(r).second) continue;
      out.insert(out.end(), r->rules.begin(), r->rules.end());
      for (const k8s::LabelSelector& sel : r->aggregation)
        for (const RoleInfo& other : roles_)
          if (other.kind == "ClusterRole" && &other != r && sel.matches(other.labels))
            pending.push_back(&other);
    }
    return out;
  }

  static bool is_discovery_role(std::string_view name) {
    return name == "system:basic-user" || name == "system:discovery" || name == "system:public-info-viewer";
  }

  static std::string subject_name(const SubjectInfo& s) {
    return s.kind == "ServiceAccount" && !s.ns.empty() ? s.ns + "/" + s.name : s.name;
  }

  static std::string role_label(const BindingInfo& b) {
    return fmt::format("{} {}", b.role_kind, b.role_name);
  }

  void report(FindingSink& sink, const RuleMeta& meta, const BindingInfo& b, const SubjectInfo& s,
              const RoleInfo* role, std::string message) const {
    Finding f;
    f.rule = &meta;
    f.severity = meta.severity;
    f.message = std::move(message);
    f.object = b.display;
    f.field_path = fmt::format("subjects[{}]", s.index);
    f.location = s.location;
    f.related.push_back({b.location, fmt::format("{} refers to {}", b.display, role_label(b))});
    if (role) f.related.push_back({role->location, fmt::format("{} is defined here", role->display)});
    sink.add(std::move(f));
  }

  // One finding per workload: the union of what its service account's bindings grant, with each
  // binding and role as related locations.
  void report_workloads(FindingSink& sink, const std::vector<Grant>& grants) const {
    // Bindings by the service-account names they bind, in binding order.
    std::unordered_map<std::string_view, std::vector<std::size_t>> by_account;
    for (std::size_t i = 0; i < bindings_.size(); ++i)
      for (const SubjectInfo& s : bindings_[i].subjects)
        if (s.kind == "ServiceAccount") {
          std::vector<std::size_t>& list = by_account[s.name];
          if (list.empty() || list.back() != i) list.push_back(i);
        }
    for (const WorkloadInfo& w : workloads_) {
      std::vector<std::string_view> powers;
      std::vector<RelatedLocation> related;
      std::string first_binding;
      auto candidates = by_account.find(w.service_account);
      if (candidates == by_account.end()) continue;
      for (const std::size_t i : candidates->second) {
        const BindingInfo& b = bindings_[i];
        const bool binds_it = std::any_of(b.subjects.begin(), b.subjects.end(), [&](const SubjectInfo& s) {
          return s.kind == "ServiceAccount" && s.name == w.service_account && ns_match(s.ns, w.ns);
        });
        if (!binds_it || (b.kind == "RoleBinding" && !ns_match(b.ns, w.ns))) continue;
        const Grant& grant = grants[i];
        if (grant.powers.empty()) continue;
        for (std::string_view p : grant.powers)
          if (std::find(powers.begin(), powers.end(), p) == powers.end()) powers.push_back(p);
        if (first_binding.empty()) first_binding = fmt::format("{} ({})", b.display, role_label(b));
        related.push_back(
            {b.location, fmt::format("{} binds the service account to {}", b.display, role_label(b))});
        if (grant.role)
          related.push_back({grant.role->location, fmt::format("{} is defined here", grant.role->display)});
      }
      if (powers.empty()) continue;
      std::string list;
      for (std::string_view p : powers) list += (list.empty() ? "" : ", ") + std::string(p);
      Finding f;
      f.rule = &kWorkloadPowerfulServiceAccount;
      f.severity = kWorkloadPowerfulServiceAccount.severity;
      f.message = fmt::format(
          "{} runs as service account \"{}\", bound by {}{}: whoever compromises this workload can {}",
          w.display, w.service_account, first_binding, related.size() > 2 ? " and others" : "", list);
      f.object = w.display;
      f.field_path = w.field_path;
      f.location = w.location;
      f.related = std::move(related);
      sink.add(std::move(f));
    }
  }

  void absorb(CrossObjectCheck& later) override {
    auto& other = static_cast<BindingCheck&>(later);
    for (auto& r : other.roles_) roles_.push_back(std::move(r));
    for (auto& b : other.bindings_) bindings_.push_back(std::move(b));
    for (auto& w : other.workloads_) workloads_.push_back(std::move(w));
  }

  std::vector<RoleInfo> roles_;
  std::vector<BindingInfo> bindings_;
  std::vector<WorkloadInfo> workloads_;
  std::unordered_map<std::string, std::vector<const RoleInfo*>> roles_by_name_;
};

std::unique_ptr<CrossObjectCheck> make_binding_check() {
  return std::make_unique<BindingCheck>();
}

}  // namespace

extern const RuleMeta kClusterAdminBinding{
    .id = "BW-rbac-cluster-admin-binding",
    .severity = Severity::Critical,
    .family = Family::Rbac,
    .title = "Subject bound to cluster-admin (or a role with * on *)",
    .why =
        "cluster-admin, or any role granting every verb on every resource, is full control: read every "
        "Secret, "
        "run any pod on any node, change RBAC and admission. A service account bound to it turns any bug in "
        "that workload into a cluster takeover; a user or group bound to it is one phished credential away "
        "from the same.",
    .fix =
        "# bind a role that lists what is needed\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: "
        "ClusterRole\n"
        "  name: app-reader",
    .references = kRefsAdmin,
};

extern const RuleMeta kAnonymousBinding{
    .id = "BW-rbac-anonymous-binding",
    .severity = Severity::Critical,
    .family = Family::Rbac,
    .title = "Role bound to anonymous or unauthenticated users",
    .why =
        "system:anonymous and system:unauthenticated are every request that carries no credentials. A "
        "binding "
        "to them gives its permissions to anyone on the internet who can reach the API server, with no "
        "login and no audit identity.",
    .fix = "subjects:\n  - kind: Group\n    name: platform-team\n    apiGroup: rbac.authorization.k8s.io",
    .references = kRefsAnonymous,
};

extern const RuleMeta kAuthenticatedBinding{
    .id = "BW-rbac-authenticated-binding",
    .severity = Severity::High,
    .family = Family::Rbac,
    .title = "Role bound to every authenticated identity",
    .why =
        "system:authenticated includes every user and every service account of every pod in the cluster, and "
        "on some managed platforms any account of the cloud provider. Permissions bound to it are "
        "effectively public inside the cluster.",
    .fix = "subjects:\n  - kind: Group\n    name: platform-team\n    apiGroup: rbac.authorization.k8s.io",
    .references = kRefsAnonymous,
};

extern const RuleMeta kDefaultServiceAccountBinding{
    .id = "BW-rbac-default-service-account-binding",
    .severity = Severity::Medium,
    .family = Family::Rbac,
    .title = "Role bound to a namespace's default service account",
    .why =
        "Every pod that does not name a service account runs as `default`. Binding permissions to it hands "
        "them to every such pod in the namespace, including ones added later for unrelated purposes, so a "
        "compromise of any of them inherits the role.",
    .fix =
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n---\nsubjects:\n  - kind: "
        "ServiceAccount\n"
        "    name: app\n    namespace: prod",
    .references = kRefsDefaultSa,
};

extern const RuleMeta kWorkloadPowerfulServiceAccount{
    .id = "BW-rbac-workload-powerful-service-account",
    .severity = Severity::Medium,
    .family = Family::Rbac,
    .title = "Workload runs with a service account holding dangerous permissions",
    .why =
        "A pod's service account token is mounted in the pod: anyone who gets code execution in it (through "
        "an "
        "application bug or a poisoned dependency) can use every permission the account holds. When those "
        "include reading Secrets, creating pods or changing RBAC, one vulnerable workload becomes the "
        "cluster's weakest point. Give controllers the narrowest role that works, per namespace where "
        "possible.",
    .fix =
        "# a Role in the workload's namespace with the verbs it needs\nkind: Role\nrules:\n  - apiGroups: "
        "[\"\"]\n"
        "    resources: [\"configmaps\"]\n    verbs: [\"get\", \"watch\"]",
    .references = kRefsDefaultSa,
};

std::span<const CrossObjectRule> cross_object_rules() {
  static const RuleMeta* const metas[] = {&kClusterAdminBinding, &kAnonymousBinding, &kAuthenticatedBinding,
                                          &kDefaultServiceAccountBinding, &kWorkloadPowerfulServiceAccount};
  static const CrossObjectRule rules[] = {{metas, make_binding_check}};
  return rules;
}

}  // namespace bulwark::rules::rbac
