#include "server/namespace_policy.h"

#include <mutex>

#include "doc/byte_source.h"
#include "doc/json_loader.h"
#include "doc/yaml_loader.h"

namespace bulwark::server {
namespace {

constexpr std::string_view kPsaPrefix = "pod-security.kubernetes.io/";
constexpr std::string_view kBulwarkPrefix = "bulwark.dev/";

void read_mode(const k8s::Object& ns, std::string_view mode, LevelVersion& out,
               std::vector<std::string>& errors) {
  const std::string level_key = std::string(kPsaPrefix) + std::string(mode);
  const std::string version_key = level_key + "-version";
  bool level_valid = false;
  if (const auto level = ns.label(level_key)) {
    if (const auto parsed = rules::parse_pss_level(*level)) {
      out.level = *parsed;
      level_valid = true;
    } else {
      errors.push_back(level_key + "=" + std::string(*level) +
                       " is not a level (privileged, baseline, restricted)");
      out = LevelVersion{rules::PssLevel::Restricted, {}};
      return;
    }
  }
  if (const auto version = ns.label(version_key)) {
    if (const auto parsed = rules::parse_pss_version(*version)) {
      out.version = *parsed;
    } else {
      errors.push_back(version_key + "=" + std::string(*version) + " is not a version (latest, v1.N)");
      out = LevelVersion{rules::PssLevel::Restricted, {}};
    }
  } else if (level_valid) {
    out.version = rules::PssVersion{};  // a level without a version means latest
  }
}

void read_severity(const k8s::Object& ns, std::string_view mode, std::optional<rules::Severity>& out,
                   std::vector<std::string>& errors) {
  const std::string key = std::string(kBulwarkPrefix) + std::string(mode);
  const auto value = ns.label(key);
  if (!value) return;
  if (*value == "off" || *value == "none") {
    out.reset();
    return;
  }
  if (const auto parsed = rules::parse_severity(*value))
    out = *parsed;
  else
    errors.push_back(key + "=" + std::string(*value) +
                     " is not a severity (info, low, medium, high, critical, off)");
}

}  // namespace

std::string LevelVersion::to_string() const {
  // In one allocation: the webhook writes one or two per answer.
  const std::string_view l = rules::to_string(level);
  std::string out;
  out.reserve(l.size() + 8);
  out += l;
  out += ':';
  out += version.to_string();  // "latest" or "v1.N": short enough to need no allocation of its own
  return out;
}

NamespacePolicy policy_from_labels(const k8s::Object& ns, const NamespacePolicy& defaults) {
  NamespacePolicy p = defaults;
  p.label_errors.clear();
  read_mode(ns, "enforce", p.enforce, p.label_errors);
  read_mode(ns, "warn", p.warn, p.label_errors);
  read_mode(ns, "audit", p.audit, p.label_errors);
  read_severity(ns, "enforce", p.rules_enforce, p.label_errors);
  read_severity(ns, "warn", p.rules_warn, p.label_errors);
  read_severity(ns, "audit", p.rules_audit, p.label_errors);
  return p;
}

static bool is_namespace(const k8s::Object& o) {
  return o.kind() == "Namespace" && o.api_version() == "v1" && !o.name().empty();
}

std::shared_ptr<const KnownNamespace> NamespacePolicies::known(std::shared_ptr<const doc::Document> document,
                                                               const k8s::Object& ns) const {
  return std::make_shared<const KnownNamespace>(KnownNamespace{
      std::move(document), ns, policy_from_labels(ns, defaults_), k8s::labels_of(ns.labels())});
}

void NamespacePolicies::observe(std::shared_ptr<const doc::Document> document, const k8s::Object& ns) {
  if (!is_namespace(ns)) return;
  auto entry = known(std::move(document), ns);
  std::unique_lock lock(mutex_);
  namespaces_[std::string(ns.name())] = std::move(entry);
}

void NamespacePolicies::observe(const k8s::Object& ns) {
  if (!is_namespace(ns)) return;
  // A copy of the object alone, so that the caller's document may go.
  std::string json = doc::to_json(ns.root());
  if (!ns.root().get("kind") && json.size() > 1) json.insert(1, R"("apiVersion":"v1","kind":"Namespace",)");
  auto loaded = doc::load_json_document("namespace " + std::string(ns.name()), std::move(json));
  if (!loaded) return;
  auto document = std::make_shared<const doc::Document>(std::move(*loaded));
  for (const k8s::Object& o : k8s::Object::in(*document)) observe(document, o);
}

void NamespacePolicies::forget(std::string_view name) {
  std::unique_lock lock(mutex_);
  if (auto it = namespaces_.find(name); it != namespaces_.end()) namespaces_.erase(it);
}

std::size_t NamespacePolicies::replace_all(std::vector<std::shared_ptr<const doc::Document>> documents) {
  std::map<std::string, std::shared_ptr<const KnownNamespace>, std::less<>> fresh;
  for (const auto& d : documents)
    for (const k8s::Object& o : k8s::Object::in(*d))
      if (is_namespace(o)) fresh[std::string(o.name())] = known(d, o);
  std::unique_lock lock(mutex_);
  namespaces_ = std::move(fresh);
  return namespaces_.size();
}

std::expected<std::size_t, std::string> NamespacePolicies::load_file(const std::string& path) {
  auto source = doc::FileByteSource::open(path);
  if (!source) return std::unexpected(path + ": cannot read: " + source.error());
  auto text = doc::read_all(*source, doc::LoadLimits{}.max_document_bytes);
  if (!text) return std::unexpected(path + ": " + text.error());
  std::vector<std::shared_ptr<const doc::Document>> documents;
  if (doc::looks_like_json(*text)) {
    auto d = doc::load_json_document(path, std::move(*text));
    if (!d)
      return std::unexpected(path + ":" + std::to_string(d.error().position.line) + ":" +
                             std::to_string(d.error().position.column) + ": " + d.error().message);
    documents.push_back(std::make_shared<const doc::Document>(std::move(*d)));
  } else {
    doc::MemoryByteSource memory(*text);
    doc::YamlStreamLoader loader(memory, path);
    while (auto d = loader.next()) {
      if (!*d)
        return std::unexpected(path + ":" + std::to_string((*d).error().position.line) + ":" +
                               std::to_string((*d).error().position.column) + ": " + (*d).error().message);
      documents.push_back(std::make_shared<const doc::Document>(std::move(**d)));
    }
  }
  return replace_all(std::move(documents));
}

NamespacePolicy NamespacePolicies::policy_for(std::string_view namespace_name) const {
  auto entry = find(namespace_name);
  return entry ? entry->policy : defaults_;
}

std::shared_ptr<const KnownNamespace> NamespacePolicies::find(std::string_view namespace_name) const {
  std::shared_lock lock(mutex_);
  auto it = namespaces_.find(namespace_name);
  return it == namespaces_.end() ? nullptr : it->second;
}

std::size_t NamespacePolicies::size() const {
  std::shared_lock lock(mutex_);
  return namespaces_.size();
}

}  // namespace bulwark::server
