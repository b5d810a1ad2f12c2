#include "engine/policy_rules.h"

#include <algorithm>
#include <mutex>

#include "doc/byte_source.h"
#include "doc/json_loader.h"
#include "doc/yaml_loader.h"
#include "engine/input.h"
#include "engine/manifest_documents.h"

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

/// Whether a manifest's text may hold a Namespace or an RBAC object (kinds Namespace, Role,
/// ClusterRole, RoleBinding, ClusterRoleBinding): the pre-pass parses only those files.
policy::UserInfo policy_user(const ScanOptions& options) {
  if (options.policy_user.empty() && options.policy_groups.empty()) return policy::default_scan_user();
  policy::UserInfo user = policy::default_scan_user();
  if (!options.policy_user.empty()) user.username = options.policy_user;
  for (const std::string& g : options.policy_groups)
    if (std::ranges::find(user.groups, g) == user.groups.end()) user.groups.push_back(g);
  return user;
}

static bool may_describe_cluster(std::string_view text) {
  return text.find("Namespace") != std::string_view::npos || text.find("Role") != std::string_view::npos;
}

void PolicyRules::load(const std::vector<std::string>& paths, const std::vector<Input>& manifests,
                       policy::UserInfo user, std::vector<doc::LoadError>& errors) {
  // No policies: nothing reads the cluster, so a second snapshot (with its bootstrap RBAC roles)
  // is not built.
  if (paths.empty()) return;
  cluster_ = std::make_unique<policy::ClusterSnapshot>(std::move(user));
  load(paths, errors);
  if (empty()) return;
  // Params a binding's paramRef may select can be anywhere in the scan: keep the documents that
  // hold objects of a paramKind (their trees must outlive the set).
  const auto param_kinds = set_->param_kinds();
  const auto is_param = [&](const k8s::Object& o) {
    return std::ranges::any_of(
        param_kinds, [&](const auto& k) { return o.api_version() == k.first && o.kind() == k.second; });
  };
  const auto mentions_param_kind = [&](std::string_view text) {
    return std::ranges::any_of(param_kinds,
                               [&](const auto& k) { return text.find(k.second) != std::string_view::npos; });
  };
  std::vector<k8s::Object> params;
  const auto wanted = [&](std::string_view text) {
    return may_describe_cluster(text) || mentions_param_kind(text);
  };
  for (const Input& input : manifests) {
    for_each_document(input, wanted, [&](doc::Document d) {
      bool keep = false;
      for (const k8s::Object& o : k8s::Object::in(d)) {
        cluster_->add(o);
        keep = keep || is_param(o);
      }
      if (!keep) return;
      documents_.push_back(std::make_unique<doc::Document>(std::move(d)));
      for (const k8s::Object& o : k8s::Object::in(*documents_.back()))
        if (is_param(o)) params.push_back(o);
    });
  }
  params_ = std::move(params);
  set_->add_params(params_);
}

void PolicyRules::observe(const k8s::Object& object) {
  if (empty() || !policy::ClusterSnapshot::is_relevant(object)) return;
  std::unique_lock lock(cluster_mutex_);
  cluster_->add(object);
}

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
  // RBAC and Namespaces shipped beside the policies are part of the cluster they run in.
  for (const k8s::Object& o : out.objects_) cluster_->add(o);
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
  std::shared_lock lock(cluster_mutex_);
  for (const policy::Violation& v : set_->evaluate(object, policy::RequestContext::in(*cluster_, object))) {
    const rules::RuleMeta& meta = meta_for(v);
    sink.add(meta, object, &object.root(), "", v.message);
  }
}

}  // namespace bulwark::engine
