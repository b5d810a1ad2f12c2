#include "engine/policy_rules.h"

#include <mutex>

#include "doc/byte_source.h"
#include "doc/json_loader.h"
#include "doc/yaml_loader.h"
#include "engine/input.h"

namespace bulwark::engine {
namespace {

constexpr rules::Reference kReferences[] = {
    {"Kubernetes: Validating Admission Policy",
     "https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/"},
};

rules::Severity severity_of(policy::ValidationAction action) {
  switch (action) {
    case policy::ValidationAction::Deny:
      return rules::Severity::High;
    case policy::ValidationAction::Warn:
      return rules::Severity::Medium;
    case policy::ValidationAction::Audit:
      return rules::Severity::Low;
  }
  return rules::Severity::High;
}

}  // namespace

void PolicyRules::load(const std::vector<std::string>& paths, std::vector<doc::LoadError>& errors) {
  if (paths.empty()) return;
  PolicyRules& out = *this;
  const InputList inputs = discover_inputs(paths);
  for (const InputError& e : inputs.errors)
    errors.push_back(doc::LoadError{e.path, {}, "--policy: " + e.message});
  for (const Input& input : inputs.inputs) {
    if (input.kind != InputKind::Manifest) continue;
    auto source = doc::FileByteSource::open(input.path);
    if (!source) {
      errors.push_back(doc::LoadError{input.path, {}, "cannot read: " + source.error()});
      continue;
    }
    auto keep = [&](doc::DocumentResult r) {
      if (!r) return errors.push_back(std::move(r.error()));
      out.documents_.push_back(std::make_unique<doc::Document>(std::move(*r)));
    };
    if (input.path.ends_with(".json")) {
      auto text = doc::read_all(*source, doc::LoadLimits{}.max_document_bytes);
      if (!text)
        errors.push_back(doc::LoadError{input.path, {}, text.error()});
      else
        keep(doc::load_json_document(input.path, std::move(*text)));
      continue;
    }
    doc::YamlStreamLoader loader(*source, input.path);
    while (auto d = loader.next()) keep(std::move(*d));
  }
  for (const auto& d : out.documents_)
    for (auto& o : k8s::Object::in(*d)) out.objects_.push_back(o);
  auto loaded = policy::PolicySet::load(out.objects_);
  for (const policy::PolicyError& e : loaded.errors)
    errors.push_back(doc::LoadError{e.file, e.range.begin, e.message});
  out.set_ = std::make_unique<policy::PolicySet>(std::move(loaded.set));
}

const rules::RuleMeta& PolicyRules::meta_for(const policy::Violation& v) {
  static std::mutex mutex;
  static std::deque<rules::RuleMeta> metas_;
  static std::deque<std::string> strings_;
  std::lock_guard lock(mutex);
  const std::string id =
      v.validation_index >= 0 ? v.policy + "/" + std::to_string(v.validation_index) : v.policy;
  for (const rules::RuleMeta& m : metas_)
    if (m.id == id) return m;
  const std::string& stored_id = strings_.emplace_back(id);
  const std::string& title = strings_.emplace_back("ValidatingAdmissionPolicy " + v.policy);
  return metas_.emplace_back(rules::RuleMeta{
      .id = stored_id,
      .severity = severity_of(v.action),
      .family = rules::Family::Policy,
      .title = title,
      .why = "Your team's own admission policy (a ValidatingAdmissionPolicy) rejects this object: the "
             "cluster would "
             "refuse or flag it at the door, so CI reports it first.",
      .fix = "# change the object so that the policy's validation expression holds, or fix the policy",
      .references = kReferences,
  });
}

void PolicyRules::check(const k8s::Object& object, rules::FindingSink& sink) const {
  if (empty()) return;
  // Namespace objects of the scan are not kept (documents are released as they are scanned), so
  // a binding's namespaceSelector sees no namespace object here.
  for (const policy::Violation& v : set_->evaluate(object, nullptr)) {
    const rules::RuleMeta& meta = meta_for(v);
    sink.add(meta, object, &object.root(), "", v.message);
  }
}

}  // namespace bulwark::engine
