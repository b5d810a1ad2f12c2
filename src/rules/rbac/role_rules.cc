// Role and ClusterRole rules that grant more than an application should hold.
#include <fmt/format.h>

#include <algorithm>

#include "rules/citations/citations.h"
#include "rules/rbac/policy_rule.h"
#include "rules/rbac/rbac_rules.h"

namespace bulwark::rules::rbac {
namespace {
using namespace citations;

constexpr Reference kRefsWildcard[] = {kRbacGoodPractices, kCisRbac, kNsa, kMitreValidAccounts};
constexpr Reference kRefsSecrets[] = {kRbacGoodPractices, kCisRbac, kMitreUnsecuredCredentials,
                                      kMitreContainerApi};
constexpr Reference kRefsExec[] = {kRbacGoodPractices, kNsa, kMitreContainerAdmin};
constexpr Reference kRefsWorkloads[] = {kRbacGoodPractices, kCisRbac, kMitreDeployContainer};
constexpr Reference kRefsEscalation[] = {kRbacGoodPractices, kRbac, kCisRbac, kMitreValidAccounts};
constexpr Reference kRefsNode[] = {kRbacGoodPractices, kKubeletAuth, kMitreContainerAdmin};
constexpr Reference kRefsTokens[] = {kRbacGoodPractices, kServiceAccounts, kMitreContainerApi};
constexpr Reference kRefsDefenses[] = {kRbacGoodPractices, kCisRbac, kMitreImpairDefenses};
constexpr Reference kRefsPv[] = {kRbacGoodPractices, kCisRbac, kMitreEscapeToHost};
constexpr Reference kRefsEvents[] = {kRbacGoodPractices, kMitreIndicatorRemoval};

// The kind first: every rule of this file asks it of every object, and the kind settles nearly
// all of them without reading the group out of apiVersion.
bool is_role(const k8s::Object& object) {
  return (object.kind() == "Role" || object.kind() == "ClusterRole") &&
         object.group() == "rbac.authorization.k8s.io";
}

bool has(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

template <typename Fn>
void for_each_rule(const k8s::Object& object, Fn&& fn) {
  if (!is_role(object)) return;
  std::size_t i = 0;
  for (const PolicyRule& rule : policy_rules_of(object.root().get("rules"))) {
    // policy_rules_of skips non-mapping entries; recover the index from the node.
    const doc::Node* rules = object.root().get("rules");
    for (std::size_t k = 0; k < rules->size(); ++k)
      if (rules->at(k) == rule.node) i = k;
    fn(rule, i);
  }
}

const doc::Node* field_or_rule(const PolicyRule& rule, std::string_view field) {
  const doc::Node* n = rule.node->get(field);
  return n ? n : rule.node;
}

void check_wildcard_verbs(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  for_each_rule(object, [&](const PolicyRule& rule, std::size_t i) {
    if (!has(rule.verbs, "*")) return;
    sink.add(kWildcardVerbs, object, field_or_rule(rule, "verbs"), fmt::format("rules[{}].verbs", i),
             fmt::format("{} grants every verb (\"*\") in rules[{}]", object.display_name(), i));
  });
}

void check_wildcard_resources(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  for_each_rule(object, [&](const PolicyRule& rule, std::size_t i) {
    if (!has(rule.resources, "*")) return;
    sink.add(
        kWildcardResources, object, field_or_rule(rule, "resources"), fmt::format("rules[{}].resources", i),
        fmt::format("{} grants access to every resource (\"*\") in rules[{}]", object.display_name(), i));
  });
}

void check_wildcard_api_groups(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  for_each_rule(object, [&](const PolicyRule& rule, std::size_t i) {
    if (!has(rule.api_groups, "*") || has(rule.resources, "*") || rule.resources.empty()) return;
    sink.add(kWildcardApiGroups, object, field_or_rule(rule, "apiGroups"),
             fmt::format("rules[{}].apiGroups", i),
             fmt::format("{} matches its resources in every API group (\"*\") in rules[{}]",
                         object.display_name(), i));
  });
}

// The entry of `resources` that grants the permission, so the finding points at "secrets" and
// not at the list that holds it.
const doc::Node* granting_resource(const PolicyRule& rule, std::string_view id) {
  const doc::Node* list = rule.node->get("resources");
  if (!list || !list->is_sequence()) return field_or_rule(rule, "resources");
  PolicyRule one = rule;
  for (const doc::Node* item : list->items()) {
    one.resources = {std::string(item->text())};
    if (grants_permission(one, id)) return item;
  }
  return list;
}

template <const RuleMeta& Meta>
void check_permission(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  for_each_rule(object, [&](const PolicyRule& rule, std::size_t i) {
    if (!grants_permission(rule, Meta.id)) return;
    sink.add(Meta, object, granting_resource(rule, Meta.id), fmt::format("rules[{}].resources", i),
             fmt::format("{} lets its holders {} (rules[{}])", object.display_name(),
                         permission_description(Meta.id), i));
  });
}

}  // namespace

extern const RuleMeta kWildcardVerbs{
    .id = "BW-rbac-wildcard-verbs",
    .severity = Severity::High,
    .family = Family::Rbac,
    .title = "Role grants every verb (\"*\")",
    .why =
        "`verbs: [\"*\"]` grants today's verbs and every verb added later, including escalate, bind, "
        "impersonate "
        "and deletecollection. Whoever holds the role (or steals the token of a pod that does) can do far "
        "more than the application needs. List the verbs it actually uses.",
    .fix =
        "rules:\n  - apiGroups: [\"\"]\n    resources: [\"configmaps\"]\n    verbs: [\"get\", \"list\", "
        "\"watch\"]",
    .references = kRefsWildcard,
};

extern const RuleMeta kWildcardResources{
    .id = "BW-rbac-wildcard-resources",
    .severity = Severity::High,
    .family = Family::Rbac,
    .title = "Role grants access to every resource (\"*\")",
    .why =
        "`resources: [\"*\"]` covers Secrets, pods/exec, roles and bindings, and every resource type "
        "installed "
        "later by CRDs. A stolen token for this role reads credentials and runs code across the scope of "
        "the role. Name the resources the application uses.",
    .fix =
        "rules:\n  - apiGroups: [\"apps\"]\n    resources: [\"deployments\"]\n    verbs: [\"get\", \"list\"]",
    .references = kRefsWildcard,
};

extern const RuleMeta kWildcardApiGroups{
    .id = "BW-rbac-wildcard-api-groups",
    .severity = Severity::Medium,
    .family = Family::Rbac,
    .title = "Role matches resources in every API group (\"*\")",
    .why =
        "`apiGroups: [\"*\"]` makes a rule about `deployments` also match any CRD that reuses the name in "
        "another group, including ones installed later by third parties. Permissions grow without anyone "
        "editing the role.",
    .fix = "rules:\n  - apiGroups: [\"apps\"]\n    resources: [\"deployments\"]\n    verbs: [\"get\"]",
    .references = kRefsWildcard,
};

extern const RuleMeta kSecretsRead{
    .id = "BW-rbac-secrets-read",
    .severity = Severity::High,
    .family = Family::Rbac,
    .title = "Role can read Secrets",
    .why =
        "get/list/watch on Secrets returns every credential in the namespace (or cluster, for a "
        "ClusterRole): "
        "database passwords, TLS keys and service account tokens of more powerful identities. `list` alone "
        "returns the values. An attacker with this role's token moves straight to those identities.",
    .fix =
        "rules:\n  - apiGroups: [\"\"]\n    resources: [\"secrets\"]\n    resourceNames: [\"app-config\"]\n"
        "    verbs: [\"get\"]",
    .references = kRefsSecrets,
};

extern const RuleMeta kPodExec{
    .id = "BW-rbac-pod-exec",
    .severity = Severity::High,
    .family = Family::Rbac,
    .title = "Role can exec or attach into pods",
    .why =
        "pods/exec and pods/attach run commands inside any pod the role covers, with that pod's service "
        "account token, mounted secrets and network position. It is a shell on every workload in scope.",
    .fix =
        "# grant exec only to break-glass roles bound to people, not to workloads\nrules:\n"
        "  - apiGroups: [\"\"]\n    resources: [\"pods\"]\n    verbs: [\"get\", \"list\"]",
    .references = kRefsExec,
};

extern const RuleMeta kPodPortForward{
    .id = "BW-rbac-pod-portforward",
    .severity = Severity::Medium,
    .family = Family::Rbac,
    .title = "Role can port-forward into pods",
    .why =
        "pods/portforward opens a tunnel from the caller to any port of any pod in scope, bypassing "
        "Services, "
        "NetworkPolicies and ingress authentication, e.g. to a database's admin port.",
    .fix = "rules:\n  - apiGroups: [\"\"]\n    resources: [\"pods\"]\n    verbs: [\"get\", \"list\"]",
    .references = kRefsExec,
};

extern const RuleMeta kCreatePods{
    .id = "BW-rbac-create-pods",
    .severity = Severity::High,
    .family = Family::Rbac,
    .title = "Role can create pods",
    .why =
        "Creating a pod means choosing its service account, image and volumes. A holder can start a pod that "
        "mounts any Secret or runs as any service account in the namespace, taking over their permissions "
        "(privilege escalation by proxy).",
    .fix =
        "# let a controller create pods; give people and apps read access only\nrules:\n  - apiGroups: "
        "[\"\"]\n"
        "    resources: [\"pods\"]\n    verbs: [\"get\", \"list\", \"watch\"]",
    .references = kRefsWorkloads,
};

extern const RuleMeta kCreateWorkloads{
    .id = "BW-rbac-create-workloads",
    .severity = Severity::High,
    .family = Family::Rbac,
    .title = "Role can create or change workload controllers",
    .why =
        "Creating or patching a Deployment, DaemonSet, StatefulSet, Job or CronJob lets the holder choose "
        "the pod "
        "template: any image, any service account of the namespace, any Secret mounted. It is pod creation "
        "with extra steps, and a DaemonSet puts that pod on every node.",
    .fix =
        "rules:\n  - apiGroups: [\"apps\"]\n    resources: [\"deployments\"]\n    verbs: [\"get\", \"list\", "
        "\"watch\"]",
    .references = kRefsWorkloads,
};

extern const RuleMeta kEscalate{
    .id = "BW-rbac-escalate",
    .severity = Severity::Critical,
    .family = Family::Rbac,
    .title = "Role can escalate roles",
    .why =
        "The escalate verb switches off RBAC's protection against granting more than you hold. The holder "
        "can "
        "edit a role it is bound to and add any permission, up to cluster-admin.",
    .fix =
        "# remove the escalate verb\nrules:\n  - apiGroups: [\"rbac.authorization.k8s.io\"]\n"
        "    resources: [\"roles\"]\n    verbs: [\"get\", \"list\"]",
    .references = kRefsEscalation,
};

extern const RuleMeta kBind{
    .id = "BW-rbac-bind",
    .severity = Severity::Critical,
    .family = Family::Rbac,
    .title = "Role can bind any role",
    .why =
        "The bind verb lets the holder create bindings to roles with permissions it does not have, e.g. bind "
        "itself to cluster-admin. It is a direct path to full control.",
    .fix =
        "# remove the bind verb, or limit it with resourceNames\nrules:\n"
        "  - apiGroups: [\"rbac.authorization.k8s.io\"]\n    resources: [\"clusterroles\"]\n    verbs: "
        "[\"bind\"]\n"
        "    resourceNames: [\"view\"]",
    .references = kRefsEscalation,
};

extern const RuleMeta kImpersonate{
    .id = "BW-rbac-impersonate",
    .severity = Severity::Critical,
    .family = Family::Rbac,
    .title = "Role can impersonate users, groups or service accounts",
    .why =
        "Impersonation lets the holder send requests as another user, group (for example system:masters) or "
        "service account and get their permissions. With it on groups, any token becomes cluster-admin.",
    .fix =
        "# remove impersonate, or restrict it to named identities\nrules:\n  - apiGroups: [\"\"]\n"
        "    resources: [\"users\"]\n    verbs: [\"impersonate\"]\n    resourceNames: [\"readonly-auditor\"]",
    .references = kRefsEscalation,
};

extern const RuleMeta kNodesProxy{
    .id = "BW-rbac-nodes-proxy",
    .severity = Severity::High,
    .family = Family::Rbac,
    .title = "Role can use the kubelet API through nodes/proxy",
    .why =
        "nodes/proxy gives direct access to the kubelet API of every node. The holder can run commands in "
        "any "
        "pod on the node (/exec, /run) without the pods/exec permission and without API server audit "
        "entries for the command.",
    .fix =
        "# read node metrics through the metrics API instead\nrules:\n  - apiGroups: [\"metrics.k8s.io\"]\n"
        "    resources: [\"nodes\"]\n    verbs: [\"get\", \"list\"]",
    .references = kRefsNode,
};

extern const RuleMeta kServiceAccountToken{
    .id = "BW-rbac-serviceaccount-token",
    .severity = Severity::High,
    .family = Family::Rbac,
    .title = "Role can mint service account tokens",
    .why =
        "create on serviceaccounts/token issues a token for any service account in scope. The holder becomes "
        "whichever service account has the most permissions, for as long as it likes.",
    .fix = "# remove serviceaccounts/token; pods get their own tokens from the kubelet\nrules: []",
    .references = kRefsTokens,
};

extern const RuleMeta kCsrApprove{
    .id = "BW-rbac-csr-approve",
    .severity = Severity::High,
    .family = Family::Rbac,
    .title = "Role can approve certificate signing requests",
    .why =
        "Approving CSRs lets the holder get a client certificate signed by the cluster CA for any user or "
        "group "
        "it writes into the request. That includes system:masters, which no RBAC rule can limit.",
    .fix =
        "# leave CSR approval to the controller manager\nrules:\n  - apiGroups: [\"certificates.k8s.io\"]\n"
        "    resources: [\"certificatesigningrequests\"]\n    verbs: [\"get\", \"list\"]",
    .references = kRefsEscalation,
};

extern const RuleMeta kWebhookConfig{
    .id = "BW-rbac-webhook-config",
    .severity = Severity::High,
    .family = Family::Rbac,
    .title = "Role can change admission webhooks",
    .why =
        "Whoever can change admission webhook or policy configurations can switch off the controls that "
        "reject privileged pods. They can also add a mutating webhook that sees (and rewrites) every object "
        "sent to "
        "the API server, Secrets included.",
    .fix =
        "rules:\n  - apiGroups: [\"admissionregistration.k8s.io\"]\n"
        "    resources: [\"validatingwebhookconfigurations\"]\n    verbs: [\"get\", \"list\"]",
    .references = kRefsDefenses,
};

extern const RuleMeta kPersistentVolumeCreate{
    .id = "BW-rbac-persistent-volume-create",
    .severity = Severity::Medium,
    .family = Family::Rbac,
    .title = "Role can create PersistentVolumes",
    .why =
        "A PersistentVolume can be a hostPath. Creating one and claiming it mounts any directory of a node "
        "into "
        "a pod, which bypasses the Pod Security Standards' hostPath ban.",
    .fix =
        "# create PersistentVolumeClaims against a StorageClass instead\nrules:\n  - apiGroups: [\"\"]\n"
        "    resources: [\"persistentvolumeclaims\"]\n    verbs: [\"create\", \"get\"]",
    .references = kRefsPv,
};

extern const RuleMeta kDeleteEvents{
    .id = "BW-rbac-delete-events",
    .severity = Severity::Low,
    .family = Family::Rbac,
    .title = "Role can delete events",
    .why =
        "Events record what happened to pods and nodes. Deleting them lets an intruder remove the traces of "
        "failed attempts and of the pods it started.",
    .fix = "rules:\n  - apiGroups: [\"\"]\n    resources: [\"events\"]\n    verbs: [\"create\", \"patch\"]",
    .references = kRefsEvents,
};

extern const RuleMeta kManageRbac{
    .id = "BW-rbac-manage-rbac",
    .severity = Severity::Medium,
    .family = Family::Rbac,
    .title = "Role can create or change roles and bindings",
    .why =
        "Write access to roles and bindings lets the holder redistribute every permission it holds to other "
        "identities, including ones an attacker controls. It is one verb away from escalation.",
    .fix =
        "rules:\n  - apiGroups: [\"rbac.authorization.k8s.io\"]\n    resources: [\"rolebindings\"]\n"
        "    verbs: [\"get\", \"list\"]",
    .references = kRefsEscalation,
};

extern const RuleMeta kEphemeralContainers{
    .id = "BW-rbac-ephemeral-containers",
    .severity = Severity::High,
    .family = Family::Rbac,
    .title = "Role can add ephemeral containers to pods",
    .why =
        "Updating pods/ephemeralcontainers injects a new container into a running pod. The holder runs its "
        "own "
        "image with the pod's service account, volumes and network, like exec but with any tools it wants.",
    .fix =
        "# grant kubectl debug only to break-glass roles\nrules:\n  - apiGroups: [\"\"]\n"
        "    resources: [\"pods\"]\n    verbs: [\"get\"]",
    .references = kRefsExec,
};

std::span<const ObjectRule> object_rules() {
  static const ObjectRule rules[] = {
      {&kWildcardVerbs, check_wildcard_verbs},
      {&kWildcardResources, check_wildcard_resources},
      {&kWildcardApiGroups, check_wildcard_api_groups},
      {&kSecretsRead, check_permission<kSecretsRead>},
      {&kPodExec, check_permission<kPodExec>},
      {&kPodPortForward, check_permission<kPodPortForward>},
      {&kCreatePods, check_permission<kCreatePods>},
      {&kCreateWorkloads, check_permission<kCreateWorkloads>},
      {&kEscalate, check_permission<kEscalate>},
      {&kBind, check_permission<kBind>},
      {&kImpersonate, check_permission<kImpersonate>},
      {&kNodesProxy, check_permission<kNodesProxy>},
      {&kServiceAccountToken, check_permission<kServiceAccountToken>},
      {&kCsrApprove, check_permission<kCsrApprove>},
      {&kWebhookConfig, check_permission<kWebhookConfig>},
      {&kPersistentVolumeCreate, check_permission<kPersistentVolumeCreate>},
      {&kDeleteEvents, check_permission<kDeleteEvents>},
      {&kManageRbac, check_permission<kManageRbac>},
      {&kEphemeralContainers, check_permission<kEphemeralContainers>},
  };
  return rules;
}

}  // namespace bulwark::rules::rbac
