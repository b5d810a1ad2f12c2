#include "engine/namespace_index.h"

#include "doc/byte_source.h"
#include "doc/json_loader.h"
#include "doc/yaml_loader.h"

namespace bulwark::engine {

void NamespaceIndex::observe(const k8s::Object& object) {
  if (object.kind() != "Namespace" || object.api_version() != "v1") return;
  Labels labels;
  if (const auto level = object.label("pod-security.kubernetes.io/enforce"))
    labels.level = rules::parse_pss_level(*level);
  if (const auto version = object.label("pod-security.kubernetes.io/enforce-version"))
    labels.version = rules::parse_pss_version(*version);
  std::lock_guard lock(mutex_);
  namespaces_[std::string(object.name())] = labels;
}

void NamespaceIndex::collect(const std::vector<Input>& inputs) {
  for (const Input& input : inputs) {
    if (input.kind != InputKind::Manifest) continue;
    auto source = doc::FileByteSource::open(input.path);
    if (!source) continue;  // the scan itself reports unreadable files
    auto text = doc::read_all(*source, doc::LoadLimits{}.max_document_bytes * 4);
    if (!text || text->find("Namespace") == std::string::npos) continue;
    auto visit = [&](const doc::Document& d) {
      for (const k8s::Object& o : k8s::Object::in(d)) observe(o);
    };
    if (doc::looks_like_json(*text)) {
      if (auto d = doc::load_json_document(input.path, std::move(*text))) visit(*d);
      continue;
    }
    doc::MemoryByteSource memory(*text);
    doc::YamlStreamLoader loader(memory, input.path);
    while (auto d = loader.next())
      if (*d) visit(**d);
  }
}

rules::CheckContext NamespaceIndex::context_for(const k8s::Object& object,
                                                const rules::CheckContext& defaults) const {
  std::lock_guard lock(mutex_);
  const std::string_view ns = object.namespace_name();
  auto it = namespaces_.find(ns.empty() ? std::string_view("default") : ns);
  if (it == namespaces_.end() || !it->second.level) return defaults;
  rules::CheckContext context = defaults;
  context.pss_level = *it->second.level;
  context.pss_version = it->second.version.value_or(rules::PssVersion{});
  context.pss_source = "namespace " + it->first + " labels";
  return context;
}

}  // namespace bulwark::engine
