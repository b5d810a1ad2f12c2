// Plaintext credentials in manifests. Every value is scanned by the secrets/ engine; what it finds
// is reported masked (see secret_finding.h).
#include "rules/secrets/secret_rules.h"

#include <fmt/format.h>

#include "k8s/pod_spec_view.h"
#include "rules/citations/citations.h"
#include "rules/secrets/secret_finding.h"
#include "secrets/base64.h"
#include "secrets/credential_value.h"
#include "secrets/secret_scanner.h"

namespace bulwark::rules::secret_rules {
namespace {
using namespace citations;
using secrets::SecretScanner;

constexpr Reference kRefsPlaintext[] = {kSecretsGoodPractices, kCisSecrets, kNsa, kMitreUnsecuredCredentials};
constexpr Reference kRefsCommitted[] = {kSecretsGoodPractices, kCisSecrets, kNsa, kMitreUnsecuredCredentials,
                                        kMitrePrivateKeys};

const SecretScanner& scanner() {
  return SecretScanner::instance();
}

// Reports the first credential in a named value (one finding per value is enough to act on).
// `describe` gives the value's field path and a phrase for the message; it runs only for a
// finding, as most values hold no credential and formatting both was most of this rule's time.
template <typename Describe>
bool scan_named_value(FindingSink& sink, const RuleMeta& rule, const k8s::Object& object,
                      std::string_view name, const doc::Node& node, Describe&& describe) {
  const auto text = node.as_string();
  if (!text) return false;
  const auto match = scanner().scan_named(name, *text);
  if (!match) return false;
  auto [field_path, where] = describe();
  report_secret(sink, rule, object, {&node, *text, false}, *match, std::move(field_path), where);
  return true;
}

// The command and args of a container, and the exec commands of its probes and hooks.
void scan_command_list(FindingSink& sink, const k8s::Object& object, const k8s::ContainerView& c,
                       const doc::Node* list, std::string_view relative) {
  if (!list || !list->is_sequence()) return;
  std::string_view previous;
  std::size_t i = 0;
  for (const doc::Node* item : list->items()) {
    const auto text = item->as_string();
    const std::size_t index = i++;
    if (!text) continue;
    // "--password", "<value>": the flag names the value that follows it.
    const bool flag_value = previous.starts_with("-") && previous.find('=') == std::string_view::npos;
    std::optional<secrets::SecretMatch> match;
    if (flag_value) match = scanner().scan_named(previous, *text);
    if (!match) {
      const auto found = scanner().scan(*text);
      if (!found.empty()) match = found.front();
    }
    // The path and wording only for a finding: most commands hold no credential.
    if (match)
      report_secret(sink, kInCommand, object, {item, *text, false}, *match,
                    c.field_path(fmt::format("{}[{}]", relative, index)),
                    fmt::format("{} of container \"{}\"", relative, c.name()));
    previous = *text;
  }
}

template <typename Fn>
void for_each_entry(const doc::Node* mapping, Fn&& fn) {
  if (!mapping || !mapping->is_mapping()) return;
  for (const doc::MapEntry& e : mapping->entries()) fn(e);
}

void check_env_literal(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  for (const auto& c : pod->every_container()) {
    const doc::Node* env = c.field(k8s::ContainerField::Env);
    if (!env || !env->is_sequence()) continue;
    std::size_t i = 0;
    for (const doc::Node* e : env->items()) {
      const doc::Node* name = e->get("name");
      const doc::Node* value = e->get("value");
      if (name && value)
        scan_named_value(sink, kEnvLiteral, object, name->text(), *value, [&] {
          return std::pair{
              c.field_path(fmt::format("env[{}].value", i)),
              fmt::format("environment variable {} of container \"{}\"", name->text(), c.name())};
        });
      ++i;
    }
  }
}

void check_in_command(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  auto pod = k8s::PodSpecView::of(object);
  if (!pod) return;
  // A handler's exec.command, where the handler is there (most containers have a probe or two
  // and no exec): looked up key by key, lifecycle once for its two handlers.
  auto exec_command = [](const doc::Node* handler) {
    const doc::Node* exec = handler ? handler->get("exec") : nullptr;
    return exec ? exec->get("command") : nullptr;
  };
  using k8s::ContainerField;
  for (const auto& c : pod->every_container()) {
    scan_command_list(sink, object, c, c.field(ContainerField::Command), "command");
    scan_command_list(sink, object, c, c.field(ContainerField::Args), "args");
    scan_command_list(sink, object, c, exec_command(c.field(ContainerField::LivenessProbe)),
                      "livenessProbe.exec.command");
    scan_command_list(sink, object, c, exec_command(c.field(ContainerField::ReadinessProbe)),
                      "readinessProbe.exec.command");
    scan_command_list(sink, object, c, exec_command(c.field(ContainerField::StartupProbe)),
                      "startupProbe.exec.command");
    if (const doc::Node* lifecycle = c.field(ContainerField::Lifecycle)) {
      scan_command_list(sink, object, c, exec_command(lifecycle->get("postStart")),
                        "lifecycle.postStart.exec.command");
      scan_command_list(sink, object, c, exec_command(lifecycle->get("preStop")),
                        "lifecycle.preStop.exec.command");
    }
  }
}

void check_in_config_map(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  if (object.kind() != "ConfigMap") return;
  for_each_entry(object.root().get("data"), [&](const doc::MapEntry& e) {
    scan_named_value(sink, kInConfigMap, object, e.name, *e.value, [&] {
      return std::pair{fmt::format("data.{}", e.name), fmt::format("ConfigMap key {}", e.name)};
    });
  });
}

// `metadata_path` is where the metadata holding the annotations is; field paths are built only for a
// finding.
void scan_annotations(FindingSink& sink, const k8s::Object& object, const doc::Node* annotations,
                      std::string_view metadata_path) {
  for_each_entry(annotations, [&](const doc::MapEntry& e) {
    scan_named_value(sink, kInAnnotation, object, e.name, *e.value, [&] {
      return std::pair{fmt::format("{}.annotations.{}", metadata_path, e.name),
                       fmt::format("annotation {}", e.name)};
    });
  });
}

void check_in_annotation(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  scan_annotations(sink, object, object.annotations(), "metadata");
  if (auto pod = k8s::PodSpecView::of(object);
      pod && pod->pod_metadata() && pod->metadata_path() != "metadata")
    scan_annotations(sink, object, pod->pod_metadata()->get("annotations"), pod->metadata_path());
}

// Other objects (custom resources above all: Helm releases, operators' specs) carry credentials
// in their own fields. Containers, annotations, ConfigMaps and Secrets have their own rules.
// A node's place in the object while walking it: a key or a sequence index. Rendered into a
// field path only when a value holds a credential.
struct PathStep {
  std::string_view key;
  std::size_t index = 0;
  bool is_index = false;
};

std::string render_path(const std::vector<PathStep>& steps) {
  std::string out;
  for (const PathStep& s : steps) {
    if (s.is_index)
      out += fmt::format("[{}]", s.index);
    else
      out += (out.empty() ? "" : ".") + std::string(s.key);
  }
  return out;
}

void scan_tree(FindingSink& sink, const k8s::Object& object, const doc::Node& node,
               std::vector<PathStep>& path, std::string_view name, int depth) {
  if (depth > 64) return;
  if (node.is_mapping()) {
    for (const doc::MapEntry& e : node.entries()) {
      if (e.name == "metadata" || e.name == "containers" || e.name == "initContainers" ||
          e.name == "ephemeralContainers")
        continue;
      path.push_back({e.name});
      scan_tree(sink, object, *e.value, path, e.name, depth + 1);
      path.pop_back();
    }
  } else if (node.is_sequence()) {
    std::size_t i = 0;
    for (const doc::Node* item : node.items()) {
      path.push_back({{}, i++, true});
      scan_tree(sink, object, *item, path, name, depth + 1);
      path.pop_back();
    }
  } else if (node.is_string()) {
    scan_named_value(sink, kInManifest, object, name, node, [&] {
      std::string field = render_path(path);
      std::string where = fmt::format("field {}", field);
      return std::pair{std::move(field), std::move(where)};
    });
  }
}

void check_in_manifest(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  const std::string_view kind = object.kind();
  if (kind == "Secret" || kind == "ConfigMap" || kind == "CustomResourceDefinition") return;
  std::vector<PathStep> path;
  path.reserve(16);  // deeper than most objects nest: grown once at most
  scan_tree(sink, object, object.root(), path, "", 0);
}

// The values of a Secret, decoded: (key, node, value, field path, decoded?).
template <typename Fn>
void for_each_secret_value(const k8s::Object& object, Fn&& fn) {
  for_each_entry(object.root().get("data"), [&](const doc::MapEntry& e) {
    const auto text = e.value->as_string();
    if (!text) return;
    if (auto decoded = secrets::decode_base64(*text))
      fn(e.name, *e.value, std::string_view(*decoded), fmt::format("data.{}", e.name), true);
  });
  for_each_entry(object.root().get("stringData"), [&](const doc::MapEntry& e) {
    if (auto text = e.value->as_string())
      fn(e.name, *e.value, *text, fmt::format("stringData.{}", e.name), false);
  });
}

void check_committed_secret(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  if (object.kind() != "Secret" || !object.group().empty()) return;
  std::size_t real = 0;
  std::string first_key;
  for_each_secret_value(
      object, [&](std::string_view key, const doc::Node&, std::string_view value, const std::string&, bool) {
        if (value.empty() || secrets::is_placeholder(value)) return;
        if (real++ == 0) first_key = std::string(key);
      });
  if (real == 0) return;
  // Point at the `data:` key itself: the first line of its value would show a (decodable) value.
  const doc::MapEntry* at =
      object.root().entry("data") ? object.root().entry("data") : object.root().entry("stringData");
  sink.add(
      kCommittedSecret, object, at ? at->key : nullptr, at ? std::string(at->name) : std::string("data"),
      fmt::format(
          "Secret {} holds {} value{} in the manifest (first key: {}); store it sealed or in an external "
          "secret manager",
          object.name(), real, real == 1 ? "" : "s", first_key));
}

void check_secret_credential(const k8s::Object& object, const CheckContext&, FindingSink& sink) {
  if (object.kind() != "Secret" || !object.group().empty()) return;
  for_each_secret_value(object, [&](std::string_view key, const doc::Node& node, std::string_view value,
                                    const std::string& path, bool decoded) {
    const auto match = scanner().scan_named(key, value);
    if (!match) return;
    report_secret(sink, kSecretCredential, object, {&node, value, decoded}, *match, path,
                  fmt::format("Secret key {}", key));
  });
}

}  // namespace

extern const RuleMeta kEnvLiteral{
    .id = "BW-secret-env-literal",
    .severity = Severity::High,
    .family = Family::Secrets,
    .title = "Credential written as an environment variable literal",
    .why =
        "A password or token written in `env[].value` is stored in plain text in Git, in every copy of the "
        "manifest, in the API server (readable by anyone who can get the workload) and in CI logs. Anyone "
        "with read access to any of these can use it; rotating it means rewriting history.",
    .fix =
        "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db\n        key: "
        "password",
    .references = kRefsPlaintext,
};

extern const RuleMeta kInCommand{
    .id = "BW-secret-in-command",
    .severity = Severity::High,
    .family = Family::Secrets,
    .title = "Credential in a container command or arguments",
    .why =
        "Command lines are visible to every process on the node (`ps`, /proc/<pid>/cmdline), in the API "
        "object, in events and in crash reports. A password passed as `--password=...` is as good as "
        "published to anyone with a foothold on the node or read access to the workload.",
    .fix =
        "args: [\"--password-file=/var/run/secrets/db/password\"]\nvolumeMounts:\n  - name: db\n"
        "    mountPath: /var/run/secrets/db\n    readOnly: true",
    .references = kRefsPlaintext,
};

extern const RuleMeta kInConfigMap{
    .id = "BW-secret-in-configmap",
    .severity = Severity::High,
    .family = Family::Secrets,
    .title = "Credential stored in a ConfigMap",
    .why =
        "ConfigMaps are not treated as secret: they are not encrypted at rest, RBAC roles such as `view` "
        "read "
        "them, and they are printed freely by tools. A credential in a ConfigMap is readable by far more "
        "people and programs than the workload that needs it.",
    .fix =
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-credentials\ntype: Opaque\n"
        "# created from a sealed/external secret, not committed in plain text",
    .references = kRefsPlaintext,
};

extern const RuleMeta kInAnnotation{
    .id = "BW-secret-in-annotation",
    .severity = Severity::High,
    .family = Family::Secrets,
    .title = "Credential in an annotation",
    .why =
        "Annotations are readable by anyone who can read the object, are copied by tools (including the "
        "last-applied-configuration annotation, which duplicates a whole manifest) and are never encrypted. "
        "A token placed there is exposed to every reader of the object.",
    .fix =
        "# reference a Secret instead of embedding the value\nmetadata:\n  annotations:\n"
        "    example.com/credentials-secret: app-credentials",
    .references = kRefsPlaintext,
};

extern const RuleMeta kInManifest{
    .id = "BW-secret-in-manifest",
    .severity = Severity::High,
    .family = Family::Secrets,
    .title = "Credential in a resource's fields",
    .why =
        "Custom resources (Helm releases, operators' configuration, CI objects) often take connection "
        "strings "
        "and tokens inline. Those fields are stored in plain text in Git and in etcd and are readable by "
        "anyone who can read the resource; most operators can take a Secret reference instead.",
    .fix =
        "# use the resource's secret reference field, e.g.\npasswordSecretRef:\n  name: db\n  key: password",
    .references = kRefsPlaintext,
};

extern const RuleMeta kCommittedSecret{
    .id = "BW-secret-committed",
    .severity = Severity::Medium,
    .family = Family::Secrets,
    .title = "Secret object with values committed in the manifest",
    .why =
        "Secret data is only base64-encoded, not encrypted: anyone who can read the repository, a fork, a CI "
        "log or a backup decodes it in one command. Once committed, the value lives in Git history for good. "
        "Keep encrypted (Sealed Secrets, SOPS) or external (External Secrets, a CSI secret store) "
        "references in Git instead.",
    .fix =
        "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: db\nspec:\n  "
        "encryptedData:\n"
        "    password: AgBy3i4OJSWK+PiTySYZZA...",
    .references = kRefsCommitted,
};

extern const RuleMeta kSecretCredential{
    .id = "BW-secret-credential",
    .severity = Severity::Critical,
    .family = Family::Secrets,
    .title = "Secret object holds a recognisable live credential",
    .why =
        "The decoded value of this Secret matches the format of a real credential (a cloud access key, a "
        "private key, an API token). It is readable by anyone with the manifest; treat it as leaked: revoke "
        "and rotate it, then deliver it through a sealed or external secret.",
    .fix =
        "# rotate the credential, then:\napiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\n"
        "metadata:\n  name: db\nspec:\n  secretStoreRef:\n    name: vault\n    kind: ClusterSecretStore\n"
        "  target:\n    name: db\n  data:\n    - secretKey: password\n      remoteRef:\n        key: prod/db",
    .references = kRefsCommitted,
};

std::span<const ObjectRule> object_rules() {
  static const ObjectRule rules[] = {
      {&kEnvLiteral, check_env_literal},
      {&kInCommand, check_in_command},
      {&kInConfigMap, check_in_config_map},
      {&kInAnnotation, check_in_annotation},
      {&kInManifest, check_in_manifest},
      {&kCommittedSecret, check_committed_secret},
      {&kSecretCredential, check_secret_credential},
  };
  return rules;
}

}  // namespace bulwark::rules::secret_rules
