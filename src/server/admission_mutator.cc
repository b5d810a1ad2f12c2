#include "server/admission_mutator.h"

#include <algorithm>

#include "doc/byte_source.h"
#include "doc/yaml_loader.h"
#include "k8s/object.h"
#include "k8s/pod_spec_view.h"
#include "server/json_patch.h"

namespace bulwark::server {
namespace {

bool contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::optional<doc::Document> load_yaml(std::string_view text) {
  doc::MemoryByteSource source(text);
  doc::YamlStreamLoader loader(source, "admission request");
  auto first = loader.next();
  if (!first || !*first) return std::nullopt;
  return std::move(**first);
}

}  // namespace

fix::FileFixOptions AdmissionMutator::default_options() {
  fix::FileFixOptions o;
  o.context.pss_level = rules::PssLevel::Restricted;
  return o;
}

AdmissionMutator::AdmissionMutator(Exemptions exemptions, std::shared_ptr<const NamespacePolicies> namespaces,
                                   fix::FileFixOptions options)
    : exemptions_(std::move(exemptions)), namespaces_(std::move(namespaces)), options_(std::move(options)) {
  if (!namespaces_) namespaces_ = std::make_shared<NamespacePolicies>();
}

Mutation AdmissionMutator::mutate(const AdmissionRequest& request) const {
  Mutation m;
  m.response.uid = std::string(request.uid);
  auto skip = [&](std::string why) {
    m.skip_reason = std::move(why);
    return m;
  };
  // Only CREATE: a Pod's spec is immutable, so patching an UPDATE could make the API server
  // refuse a change that has nothing to do with security (a label edit).
  if (request.operation != "CREATE") return skip(std::string(request.operation));
  if (!request.sub_resource.empty()) return skip("subresource " + std::string(request.sub_resource));
  if (!request.object) return skip("no object");
  if (contains(exemptions_.namespaces, request.namespace_name)) return skip("exempt namespace");
  if (contains(exemptions_.usernames, request.username)) return skip("exempt user");
  const auto ns = namespaces_->find(request.namespace_name);
  if (!ns || ns->object.label(kMutateLabel) != kMutateEnabled)
    return skip("namespace not labelled " + std::string(kMutateLabel) + "=" + std::string(kMutateEnabled));

  // The fix engine edits YAML text; it plans, applies and re-checks its edits on this rendering.
  const std::string before_text = yaml_block_of(*request.object);
  const auto before = load_yaml(before_text);
  if (!before || !before->root()) return skip("the object does not load");
  const auto objects = k8s::Object::in(*before);
  if (objects.empty()) return skip("not a Kubernetes object");
  m.object = objects.front().display_name();
  if (const auto pod = k8s::PodSpecView::of(objects.front()); pod && !exemptions_.runtime_classes.empty())
    if (const doc::Node* rc = pod->get("runtimeClassName");
        rc && contains(exemptions_.runtime_classes, rc->text()))
      return skip("exempt runtimeClass");
  const fix::FileFixResult fixed = fix::fix_text("admission request", before_text, options_);
  if (!fixed.changed) return skip("nothing to fix");
  const auto after = load_yaml(fixed.text);
  if (!after || !after->root()) return skip("the fixed object does not load");
  m.response.json_patch = json_patch_between(*before->root(), *after->root());
  m.applied = fixed.applied;
  if (!m.response.json_patch.empty() && !request.dry_run)
    m.response.audit_annotations.emplace_back("mutated",
                                              std::to_string(fixed.applied.size()) + " safe defaults");
  return m;
}

}  // namespace bulwark::server
