#include "engine/namespace_index.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "engine/manifest_documents.h"

namespace bulwark::engine {

namespace {

// True when "Namespace" occurs as a whole word: the only way a file can hold a Namespace object
// (as `kind: Namespace`, quoted or not, or in JSON). Words that merely contain it
// (namespaceSelector, targetNamespace, NamespaceList is a List of Namespaces, so it counts) are
// rejected without parsing.
bool may_define_namespace(std::string_view text) {
  auto is_word = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  };
  constexpr std::string_view kWord = "Namespace";
  for (std::size_t at = text.find(kWord); at != std::string_view::npos; at = text.find(kWord, at + 1)) {
    const std::size_t end = at + kWord.size();
    if (at > 0 && is_word(text[at - 1])) continue;
    if (end < text.size() && is_word(text[end]) && text.substr(end, 4) != "List") continue;
    return true;
  }
  return false;
}

}  // namespace

std::optional<NamespaceIndex::Entry> NamespaceIndex::entry_of(const k8s::Object& object) {
  if (object.kind() != "Namespace" || object.api_version() != "v1") return std::nullopt;
  Labels labels;
  if (const auto level = object.label("pod-security.kubernetes.io/enforce"))
    labels.level = rules::parse_pss_level(*level);
  if (const auto version = object.label("pod-security.kubernetes.io/enforce-version"))
    labels.version = rules::parse_pss_version(*version);
  return Entry{std::string(object.name()), labels};
}

void NamespaceIndex::observe(const k8s::Object& object) {
  auto entry = entry_of(object);
  if (!entry) return;
  std::lock_guard lock(mutex_);
  namespaces_[std::move(entry->first)] = entry->second;
}

std::vector<NamespaceIndex::Entry> NamespaceIndex::read_file(const Input& input) {
  std::vector<Entry> out;
  for_each_document(input, may_define_namespace, [&](const doc::Document& d) {
    for (const k8s::Object& o : k8s::Object::in(d))
      if (auto e = entry_of(o)) out.push_back(std::move(*e));
  });
  return out;
}

void NamespaceIndex::collect(const std::vector<Input>& inputs, unsigned jobs) {
  // Only manifests can define a Namespace: with none (a scan of Dockerfiles), no thread is
  // started and joined for nothing before the scan.
  if (std::none_of(inputs.begin(), inputs.end(),
                   [](const Input& i) { return i.kind == InputKind::Manifest; }))
    return;
  // Files are read in parallel (this pass reads every manifest once more, before the scan) and
  // recorded in input order.
  std::vector<std::vector<Entry>> found(inputs.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < inputs.size();)
      if (inputs[i].kind == InputKind::Manifest) found[i] = read_file(inputs[i]);
  };
  {
    std::vector<std::jthread> threads;
    for (unsigned t = 1; t < std::min<std::size_t>(std::max(jobs, 1u), inputs.size()); ++t)
      threads.emplace_back(worker);
    worker();
  }
  std::lock_guard lock(mutex_);
  for (std::vector<Entry>& entries : found)
    for (Entry& e : entries) namespaces_[std::move(e.first)] = e.second;
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
