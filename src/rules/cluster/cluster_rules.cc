#include "rules/cluster/cluster_rules.h"

#include <fmt/format.h>

#include "rules/citations/citations.h"

namespace bulwark::rules::cluster {
namespace {
using namespace citations;

constexpr Reference kRefsEncryption[] = {kEncryptionAtRest, kCisApiServer, kNsa, kMitreUnsecuredCredentials};
constexpr Reference kRefsAudit[] = {kAuditing, kCisLogging, kNsa, kMitreIndicatorRemoval};
constexpr Reference kRefsAuditSecrets[] = {kAuditing, kCisLogging, kMitreUnsecuredCredentials};
constexpr Reference kRefsKubelet[] = {kKubeletAuth, kCisKubelet, kNsa, kMitreContainerAdmin};

bool is_encryption_config(const k8s::Object& o) {
  return o.kind() == "EncryptionConfiguration" && o.group() == "apiserver.config.k8s.io";
}

// A `resources[].resources` list covers Secrets when it names them or uses the wildcards that
// include the core group ("*." and "*.*").
bool covers_secrets(const doc::Node* resources) {
  if (!resources || !resources->is_sequence()) return false;
  for (const doc::Node* r : resources->items()) {
    const std::string_view s = r->text();
    if (s == "secrets" || s == "*." || s == "*.*") return true;
  }
  return false;
}

// The resources[] entries that apply to Secrets (the API server uses the first that matches).
const doc::Node* secrets_entry(const k8s::Object& object, std::size_t& index) {
  const doc::Node* list = object.root().get("resources");
  if (!list || !list->is_sequence()) return nullptr;
  index = 0;
  for (const doc::Node* entry : list->items()) {
    if (covers_secrets(entry->get("resources"))) return entry;
    ++index;
  }
  return nullptr;
}

// The first provider of an entry: (its type, its node).
std::pair<std::string_view, const doc::Node*> first_provider(const doc::Node& entry) {
  const doc::Node* providers = entry.get("providers");
  if (!providers || !providers->is_sequence() || providers->size() == 0) return {"", nullptr};
  const doc::Node* first = providers->at(0);
  if (!first->is_mapping() || first->size() == 0) return {"", first};
  return {first->entries()[0].name, first->entries()[0].key};
}

void check_identity_first(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  if (!is_encryption_config(object)) return;
  std::size_t i = 0;
  const doc::Node* entry = secrets_entry(object, i);
  if (!entry) return;
  auto [type, node] = first_provider(*entry);
  if (type == "identity")
    sink.add(kEncryptionIdentityFirst, object, node, fmt::format("resources[{}].providers[0]", i),
             "the first provider for secrets is identity: Secrets are written to etcd unencrypted");
}

void check_aescbc(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  if (!is_encryption_config(object)) return;
  std::size_t i = 0;
  const doc::Node* entry = secrets_entry(object, i);
  if (!entry) return;
  auto [type, node] = first_provider(*entry);
  if (type == "aescbc")
    sink.add(
        kEncryptionAescbc, object, node, fmt::format("resources[{}].providers[0]", i),
        "Secrets are encrypted with aescbc, which Kubernetes no longer recommends; use a KMS v2 provider");
}

void check_secrets_not_covered(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  if (!is_encryption_config(object)) return;
  std::size_t i = 0;
  if (secrets_entry(object, i)) return;
  const doc::Node* list = object.root().get("resources");
  sink.add(kEncryptionSecretsNotCovered, object, list, "resources",
           "no resources entry covers secrets: Secrets are stored unencrypted");
}

bool is_audit_policy(const k8s::Object& o) {
  return o.kind() == "Policy" && o.group() == "audit.k8s.io";
}

bool has_field(const doc::Node& rule, std::string_view field) {
  const doc::Node* v = rule.get(field);
  return v && !v->is_null() && !(v->is_sequence() && v->size() == 0);
}

// A rule that applies to some requests only (some users, verbs, namespaces...).
bool is_partial(const doc::Node& rule) {
  for (std::string_view f : {"users", "userGroups", "verbs", "namespaces", "nonResourceURLs"})
    if (has_field(rule, f)) return true;
  return false;
}

bool matches_secrets(const doc::Node& rule) {
  if (has_field(rule, "nonResourceURLs") && !has_field(rule, "resources")) return false;
  const doc::Node* resources = rule.get("resources");
  if (!resources || !resources->is_sequence() || resources->size() == 0) return true;
  for (const doc::Node* group : resources->items()) {
    const doc::Node* g = group->get("group");
    if (g && !g->text().empty()) continue;
    const doc::Node* names = group->get("resources");
    if (!names || !names->is_sequence() || names->size() == 0) return true;
    for (const doc::Node* n : names->items())
      if (n->text() == "secrets" || n->text() == "*") return true;
  }
  return false;
}

void check_audit_nothing(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  if (!is_audit_policy(object)) return;
  const doc::Node* rules = object.root().get("rules");
  if (!rules || !rules->is_sequence() || rules->size() == 0) {
    sink.add(kAuditNothingLogged, object, rules, "rules", "the audit policy has no rules: nothing is logged");
    return;
  }
  std::size_t i = 0;
  for (const doc::Node* rule : rules->items()) {
    const doc::Node* level = rule->get("level");
    if (level && level->text() != "None") return;  // something is logged before any catch-all
    if (!is_partial(*rule) && !has_field(*rule, "resources")) {
      sink.add(kAuditNothingLogged, object, level ? level : rule, fmt::format("rules[{}].level", i),
               fmt::format("rules[{}] logs every request at level None before any rule logs anything", i));
      return;
    }
    ++i;
  }
}

void check_audit_secret_bodies(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  if (!is_audit_policy(object)) return;
  const doc::Node* rules = object.root().get("rules");
  if (!rules || !rules->is_sequence()) return;
  std::size_t i = 0;
  for (const doc::Node* rule : rules->items()) {
    if (matches_secrets(*rule)) {
      const doc::Node* level = rule->get("level");
      const std::string_view l = level ? level->text() : "";
      if (l == "Request" || l == "RequestResponse") {
        sink.add(
            kAuditSecretBodies, object, level, fmt::format("rules[{}].level", i),
            fmt::format("rules[{}] logs Secret requests at level {}: Secret values end up in the audit log",
                        i, l));
        return;
      }
      if (!is_partial(*rule)) return;  // every Secret request stops at this rule
    }
    ++i;
  }
}

bool is_kubelet_config(const k8s::Object& o) {
  return o.kind() == "KubeletConfiguration" && o.group() == "kubelet.config.k8s.io";
}

void check_kubelet_anonymous(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  if (!is_kubelet_config(object)) return;
  const doc::Node* v = object.root().find("authentication.anonymous.enabled");
  if (v && v->as_bool() == true)
    sink.add(kKubeletAnonymousAuth, object, v, "authentication.anonymous.enabled",
             "the kubelet accepts anonymous requests");
}

void check_kubelet_always_allow(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  if (!is_kubelet_config(object)) return;
  const doc::Node* v = object.root().find("authorization.mode");
  if (v && v->text() == "AlwaysAllow")
    sink.add(kKubeletAlwaysAllow, object, v, "authorization.mode",
             "the kubelet authorizes every request (authorization.mode: AlwaysAllow)");
}

void check_kubelet_read_only_port(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  if (!is_kubelet_config(object)) return;
  const doc::Node* v = object.root().get("readOnlyPort");
  if (v && v->as_int().value_or(0) > 0)
    sink.add(kKubeletReadOnlyPort, object, v, "readOnlyPort",
             fmt::format("the kubelet serves its unauthenticated read-only API on port {}", v->text()));
}

}  // namespace

extern const RuleMeta kEncryptionIdentityFirst{
    .id = "BW-cluster-encryption-identity-first",
    .severity = Severity::High,
    .family = Family::Cluster,
    .title = "Secrets are not encrypted at rest (identity provider first)",
    .why =
        "The API server encrypts new writes with the first provider in the list. With `identity` first, "
        "Secrets go to etcd in plain text: anyone with a copy of etcd, a backup or a disk snapshot reads "
        "every credential of the cluster.",
    .fix =
        "resources:\n  - resources: [\"secrets\"]\n    providers:\n      - kms:\n          apiVersion: v2\n"
        "          name: kms-provider\n          endpoint: unix:///var/run/kms/socket.sock\n      - "
        "identity: {}",
    .references = kRefsEncryption,
};

extern const RuleMeta kEncryptionAescbc{
    .id = "BW-cluster-encryption-aescbc",
    .severity = Severity::Low,
    .family = Family::Cluster,
    .title = "Secrets encrypted with aescbc",
    .why =
        "aescbc is vulnerable to padding-oracle attacks and keeps its key in a file on the control-plane "
        "node, next to the data it protects. A KMS v2 provider keeps the key in a separate key service and "
        "supports rotation.",
    .fix =
        "providers:\n  - kms:\n      apiVersion: v2\n      name: kms-provider\n"
        "      endpoint: unix:///var/run/kms/socket.sock",
    .references = kRefsEncryption,
};

extern const RuleMeta kEncryptionSecretsNotCovered{
    .id = "BW-cluster-encryption-secrets-not-covered",
    .severity = Severity::High,
    .family = Family::Cluster,
    .title = "Encryption configuration does not cover Secrets",
    .why =
        "An EncryptionConfiguration that lists other resources but not `secrets` leaves Secrets in plain "
        "text "
        "in etcd. Anyone with a backup or a disk snapshot of etcd reads them.",
    .fix =
        "resources:\n  - resources: [\"secrets\"]\n    providers:\n      - kms:\n          apiVersion: v2\n"
        "          name: kms-provider\n          endpoint: unix:///var/run/kms/socket.sock",
    .references = kRefsEncryption,
};

extern const RuleMeta kAuditNothingLogged{
    .id = "BW-cluster-audit-nothing-logged",
    .severity = Severity::Medium,
    .family = Family::Cluster,
    .title = "Audit policy logs nothing",
    .why =
        "With no rules, or a catch-all `level: None` first, the API server records no audit events. An "
        "intrusion (secrets read, pods exec'd, roles changed) leaves no trace to detect or investigate.",
    .fix =
        "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n    resources:\n"
        "      - group: \"\"\n        resources: [\"secrets\", \"configmaps\"]\n  - level: RequestResponse",
    .references = kRefsAudit,
};

extern const RuleMeta kAuditSecretBodies{
    .id = "BW-cluster-audit-secret-bodies",
    .severity = Severity::Medium,
    .family = Family::Cluster,
    .title = "Audit policy logs Secret request bodies",
    .why =
        "At level Request or RequestResponse the audit log stores the bodies of Secret requests, that is the "
        "secret values themselves. Log files and log pipelines are read by far more people and systems than "
        "the Secrets are.",
    .fix =
        "rules:\n  - level: Metadata   # before any broader rule\n    resources:\n      - group: \"\"\n"
        "        resources: [\"secrets\"]",
    .references = kRefsAuditSecrets,
};

extern const RuleMeta kKubeletAnonymousAuth{
    .id = "BW-cluster-kubelet-anonymous-auth",
    .severity = Severity::Critical,
    .family = Family::Cluster,
    .title = "Kubelet accepts anonymous requests",
    .why =
        "With anonymous authentication the kubelet API on port 10250 answers requests without credentials. "
        "Combined with permissive authorization, anyone who reaches the node can list pods and run commands "
        "in them.",
    .fix = "authentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true",
    .references = kRefsKubelet,
};

extern const RuleMeta kKubeletAlwaysAllow{
    .id = "BW-cluster-kubelet-always-allow",
    .severity = Severity::Critical,
    .family = Family::Cluster,
    .title = "Kubelet authorizes every request (AlwaysAllow)",
    .why =
        "With authorization.mode AlwaysAllow the kubelet checks no permission. Any authenticated caller, or "
        "any caller at all with anonymous auth on, can use the kubelet's exec, run and log endpoints on "
        "every pod of the node.",
    .fix = "authorization:\n  mode: Webhook",
    .references = kRefsKubelet,
};

extern const RuleMeta kKubeletReadOnlyPort{
    .id = "BW-cluster-kubelet-read-only-port",
    .severity = Severity::Medium,
    .family = Family::Cluster,
    .title = "Kubelet read-only port enabled",
    .why =
        "The read-only port (usually 10255) serves pod specs, environment variables included, with no "
        "authentication at all. An attacker on the network harvests configuration and secrets from it.",
    .fix = "readOnlyPort: 0",
    .references = kRefsKubelet,
};

std::span<const ObjectRule> object_rules() {
  static const ObjectRule rules[] = {
      {&kEncryptionIdentityFirst, check_identity_first},
      {&kEncryptionAescbc, check_aescbc},
      {&kEncryptionSecretsNotCovered, check_secrets_not_covered},
      {&kAuditNothingLogged, check_audit_nothing},
      {&kAuditSecretBodies, check_audit_secret_bodies},
      {&kKubeletAnonymousAuth, check_kubelet_anonymous},
      {&kKubeletAlwaysAllow, check_kubelet_always_allow},
      {&kKubeletReadOnlyPort, check_kubelet_read_only_port},
  };
  return rules;
}

}  // namespace bulwark::rules::cluster
