#include "server/admission_policies.h"

#include <algorithm>

#include "doc/byte_source.h"
#include "doc/json_escape.h"
#include "doc/json_loader.h"
#include "doc/yaml_loader.h"
#include "engine/input.h"
#include "policy/doc_tree_adapter.h"

namespace bulwark::server {
namespace {

constexpr std::string_view kValidationFailureKey = "validation.policy.admission.k8s.io/validation_failure";

std::string located(const std::string& file, doc::Position p, const std::string& message) {
  if (!p.known()) return file + ": " + message;
  return file + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + ": " + message;
}

}  // namespace

int status_code_of_reason(std::string_view reason) {
  if (reason == "Unauthorized") return 401;
  if (reason == "Forbidden") return 403;
  if (reason == "RequestEntityTooLarge") return 413;
  if (reason == "Invalid") return 422;
  return 400;
}

std::unique_ptr<AdmissionPolicies> AdmissionPolicies::load(const std::vector<std::string>& paths,
                                                           std::vector<std::string>& errors) {
  auto out = std::make_unique<AdmissionPolicies>();
  const engine::InputList inputs = engine::discover_inputs(paths);
  for (const engine::InputError& e : inputs.errors) errors.push_back(e.path + ": " + e.message);
  for (const engine::Input& input : inputs.inputs) {
    if (input.kind != engine::InputKind::Manifest) continue;
    auto source = doc::FileByteSource::open(input.path);
    if (!source) {
      errors.push_back(input.path + ": cannot read: " + source.error());
      continue;
    }
    auto keep = [&](doc::DocumentResult r) {
      if (!r) return errors.push_back(located(r.error().file, r.error().position, r.error().message));
      out->documents_.push_back(std::make_unique<doc::Document>(std::move(*r)));
    };
    if (input.path.ends_with(".json")) {
      auto text = doc::read_all(*source, doc::LoadLimits{}.max_document_bytes);
      if (!text)
        errors.push_back(input.path + ": " + text.error());
      else
        keep(doc::load_json_document(input.path, std::move(*text)));
      continue;
    }
    doc::YamlStreamLoader loader(*source, input.path);
    while (auto d = loader.next()) keep(std::move(*d));
  }
  for (const auto& d : out->documents_)
    for (const k8s::Object& o : k8s::Object::in(*d)) out->objects_.push_back(o);
  auto loaded = policy::PolicySet::load(out->objects_);
  for (const policy::PolicyError& e : loaded.errors)
    errors.push_back(located(e.file, e.range.begin, e.message));
  out->set_ = std::move(loaded.set);
  return out;
}

std::vector<std::string> AdmissionPolicies::enforce(const k8s::Object& object, const k8s::Object* old_object,
                                                    const AdmissionRequest& request,
                                                    const k8s::Object* namespace_object,
                                                    const k8s::Labels* namespace_labels,
                                                    AdmissionResponse& response) const {
  std::vector<std::string> ids;
  const bool dry_run = request.dry_run;
  policy::UserInfo user{std::string(request.username), std::string(request.user_uid), {}};
  for (std::string_view g : request.groups) user.groups.emplace_back(g);
  policy::RequestContext context;
  context.operation = request.operation;
  context.old_object = old_object;
  context.uid = request.uid;
  context.dry_run = dry_run;
  context.user = &user;
  context.namespace_labels = namespace_labels;
  if (namespace_object) context.namespace_object = policy::to_cel(namespace_object->root());
  std::vector<policy::AuditAnnotation> annotations;
  context.audit_annotations = &annotations;
  const std::vector<policy::Violation> violations = set_.evaluate(object, context);
  if (!dry_run)
    for (policy::AuditAnnotation& a : annotations)
      response.audit_annotations.emplace_back(std::move(a.key), std::move(a.value));
  if (violations.empty()) return ids;
  const policy::Violation* denied = nullptr;
  // One audit entry per failed validation, listing every action its binding takes.
  struct AuditEntry {
    const policy::Violation* first;
    std::vector<std::string_view> actions;
  };
  std::vector<AuditEntry> audit;
  auto same_failure = [](const policy::Violation& a, const policy::Violation& b) {
    return a.policy == b.policy && a.binding == b.binding && a.validation_index == b.validation_index &&
           a.detail == b.detail;
  };
  for (const policy::Violation& v : violations) {
    ids.push_back(v.validation_index >= 0 ? v.policy + "/" + std::to_string(v.validation_index) : v.policy);
    switch (v.action) {
      case policy::ValidationAction::Deny:
        if (!denied) denied = &v;
        break;
      case policy::ValidationAction::Warn:
        response.warnings.push_back(v.message);
        break;
      case policy::ValidationAction::Audit:
        audit.push_back({&v, {}});
        break;
    }
  }
  for (AuditEntry& e : audit)
    for (const policy::Violation& v : violations)
      if (same_failure(*e.first, v)) e.actions.push_back(policy::to_string(v.action));
  if (denied) {
    const std::string reason = denied->reason.empty() ? "Invalid" : denied->reason;
    if (response.allowed) {
      response.allowed = false;
      response.status_code = status_code_of_reason(reason);
      response.status_reason = reason;
      response.status_message = denied->message;
    } else {
      response.status_message += "; " + denied->message;
    }
  }
  if (!audit.empty() && !dry_run) {
    // The API server's JSON: {"expressionIndex","message","validationActions","binding","policy"}.
    std::string list = "[";
    for (const AuditEntry& e : audit) {
      if (list.size() > 1) list += ',';
      list += R"({"expressionIndex":)" + std::to_string(e.first->validation_index) + R"(,"message":)";
      doc::append_json_string(list, e.first->detail);
      list += R"(,"validationActions":[)";
      for (std::size_t i = 0; i < e.actions.size(); ++i) {
        if (i) list += ',';
        doc::append_json_string(list, e.actions[i]);
      }
      list += R"(],"binding":)";
      doc::append_json_string(list, e.first->binding);
      list += R"(,"policy":)";
      doc::append_json_string(list, e.first->policy);
      list += '}';
    }
    list += ']';
    response.audit_annotations.emplace_back(std::string(kValidationFailureKey), std::move(list));
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace bulwark::server
