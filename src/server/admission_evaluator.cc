#include "server/admission_evaluator.h"

#include <algorithm>
#include <optional>

#include "engine/suppression.h"
#include "k8s/pod_spec_view.h"
#include "rules/catalog.h"
#include "rules/pss/pss_rules.h"
#include "server/pod_security_runs.h"

namespace bulwark::server {
namespace {

// The answer, the decision log and the suppressions read a finding's rule, message and field
// path; never its location or object name.
constexpr rules::FindingSink::Detail kDetail = rules::FindingSink::Detail::Messages;

bool contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

/// The request's object inside a document of its own, so that rules see an ordinary Object.
/// Objects created in a namespace usually leave metadata.namespace to the API server, which
/// fills it from the request; we do the same so that namespace-aware rules see it.
struct ObjectUnderReview {
  std::unique_ptr<doc::Document> document;
  std::vector<k8s::Object> objects;
};

const doc::Node* with_namespace(doc::Document& d, const doc::Node& object, std::string_view ns) {
  if (ns.empty()) return &object;
  const doc::Node* metadata = object.get("metadata");
  if (metadata && !metadata->is_mapping()) return &object;
  if (metadata) {
    const doc::Node* existing = metadata->get("namespace");
    if (existing && !existing->text().empty()) return &object;
  }
  doc::NodeFactory factory(d.arena());
  const doc::SourceRange range = metadata ? metadata->range() : object.range();
  std::vector<doc::MapEntry> meta_entries;
  if (metadata)
    for (const doc::MapEntry& e : metadata->entries())
      if (e.name != "namespace") meta_entries.push_back(e);
  const doc::Node* ns_key = factory.string(range, "namespace", doc::ScalarStyle::Json);
  meta_entries.push_back({ns_key->text(), ns_key, factory.string(range, ns, doc::ScalarStyle::Json)});
  const doc::Node* new_metadata = factory.mapping(range, meta_entries, true);
  std::vector<doc::MapEntry> root_entries;
  bool replaced = false;
  for (const doc::MapEntry& e : object.entries()) {
    if (e.name == "metadata") {
      root_entries.push_back({e.name, e.key, new_metadata});
      replaced = true;
    } else {
      root_entries.push_back(e);
    }
  }
  if (!replaced) {
    const doc::Node* key = factory.string(range, "metadata", doc::ScalarStyle::Json);
    root_entries.push_back({key->text(), key, new_metadata});
  }
  return factory.mapping(object.range(), root_entries, true);
}

ObjectUnderReview wrap(const doc::Node& node, std::string_view request_namespace) {
  ObjectUnderReview r;
  r.document = std::make_unique<doc::Document>("admission request", 0, std::string{}, 1);
  r.document->set_root(with_namespace(*r.document, node, request_namespace));
  r.objects = k8s::Object::in(*r.document);
  return r;
}

std::string json_or_empty(const doc::Node* node) {
  return node ? doc::to_json(*node) : std::string{};
}

// PSA re-evaluates an UPDATE only when the pod spec or the pod's annotations (where the older
// seccomp and AppArmor settings live) changed: a label change never makes a running pod invalid.
bool pod_spec_unchanged(const k8s::Object& now, const k8s::Object& before) {
  const auto a = k8s::PodSpecView::of(now);
  const auto b = k8s::PodSpecView::of(before);
  if (!a || !b) return false;
  if (doc::to_json(a->spec()) != doc::to_json(b->spec())) return false;
  auto annotations = [](const k8s::PodSpecView& v) {
    return v.pod_metadata() ? json_or_empty(v.pod_metadata()->get("annotations")) : std::string{};
  };
  return annotations(*a) == annotations(*b);
}

// Appends the findings' messages, each said once, in first-seen order, joined by ", ".
void append_joined_messages(std::string& out, const std::vector<const rules::Finding*>& findings) {
  const std::size_t start = out.size();
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const std::string& message = findings[i]->message;
    // A handful of findings: a scan back is cheap.
    bool seen = false;
    for (std::size_t j = 0; j < i && !seen; ++j) seen = findings[j]->message == message;
    if (seen) continue;
    if (out.size() != start) out += ", ";
    out += message;
  }
}

std::string joined_messages(const std::vector<const rules::Finding*>& findings) {
  std::size_t size = 0;
  for (const rules::Finding* f : findings) size += f->message.size() + 2;
  std::string out;
  out.reserve(size);
  append_joined_messages(out, findings);
  return out;
}

// `would violate PodSecurity "<level:version>": <messages>`, in one allocation: warn and audit
// write one per answer.
std::string would_violate(const LevelVersion& setting, const std::vector<const rules::Finding*>& findings) {
  constexpr std::string_view kPrefix = "would violate PodSecurity \"", kSeparator = "\": ";
  const std::string level = setting.to_string();
  std::size_t size = kPrefix.size() + level.size() + kSeparator.size();
  for (const rules::Finding* f : findings) size += f->message.size() + 2;
  std::string out;
  out.reserve(size);
  out += kPrefix;
  out += level;
  out += kSeparator;
  append_joined_messages(out, findings);
  return out;
}

std::string rule_list(const std::vector<const rules::Finding*>& findings) {
  std::string out;
  for (const rules::Finding* f : findings) {
    if (!out.empty()) out += "; ";
    out += f->rule->id;
    out += ": ";
    out += f->message;
  }
  return out;
}

}  // namespace

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::Allowed:
      return "allowed";
    case Outcome::Denied:
      return "denied";
    case Outcome::Skipped:
      return "skipped";
    case Outcome::Exempt:
      return "exempt";
  }
  return "allowed";
}

AdmissionEvaluator::AdmissionEvaluator(AdmissionSettings settings,
                                       std::shared_ptr<const NamespacePolicies> namespaces,
                                       std::shared_ptr<const AdmissionPolicies> policies)
    : settings_(std::move(settings)), namespaces_(std::move(namespaces)), policies_(std::move(policies)) {
  if (!namespaces_) namespaces_ = std::make_shared<NamespacePolicies>();
  for (const rules::ObjectRule& r : rules::object_rules()) {
    if (!settings_.rules.is_enabled(*r.meta)) continue;
    const std::optional<std::size_t> check = rules::pss::check_index(*r.meta);
    if (check) enabled_checks_.set(*check);
    rules_.push_back({&r, settings_.rules.severity_of(*r.meta), r.meta->family == rules::Family::PodSecurity,
                      check.has_value()});
  }
}

Decision AdmissionEvaluator::evaluate(const AdmissionRequest& request) const {
  Decision d = evaluate_rules(request);
  if (policies_) evaluate_policies(request, d);
  return d;
}

void AdmissionEvaluator::evaluate_policies(const AdmissionRequest& request, Decision& d) const {
  // The API server runs policies whatever PSA exempts or skips. Subresources and CONNECT are not
  // evaluated here; a DELETE is judged on the object being deleted (its oldObject).
  if (!request.sub_resource.empty()) return;
  const bool deleting = request.operation == "DELETE";
  if (request.operation != "CREATE" && request.operation != "UPDATE" && !deleting) return;
  const auto present = [](const doc::Node* n) { return n != nullptr && !n->is_null(); };
  const doc::Node* subject = deleting ? request.old_object : request.object;
  if (!present(subject)) return;
  const ObjectUnderReview now = wrap(*subject, request.namespace_name);
  if (now.objects.empty()) return;
  std::optional<ObjectUnderReview> before;
  if (request.operation == "UPDATE" && present(request.old_object))
    before = wrap(*request.old_object, request.namespace_name);
  const k8s::Object* old = before && !before->objects.empty() ? &before->objects.front() : nullptr;
  const auto ns = namespaces_->find(request.namespace_name);
  auto ids = policies_->enforce(now.objects.front(), old, request, ns ? &ns->object : nullptr,
                                ns ? &ns->labels : nullptr, d.response);
  if (ids.empty()) return;
  if (d.object.empty()) d.object = now.objects.front().display_name();
  d.rule_ids.insert(d.rule_ids.end(), ids.begin(), ids.end());
  if (!d.response.allowed) {
    d.outcome = Outcome::Denied;
    d.skip_reason.clear();
  } else if (d.outcome == Outcome::Skipped || d.outcome == Outcome::Exempt) {
    d.outcome = Outcome::Allowed;
    d.skip_reason.clear();
  }
}

Decision AdmissionEvaluator::evaluate_rules(const AdmissionRequest& request) const {
  Decision d;
  d.response.uid = std::string(request.uid);
  auto skip = [&](Outcome outcome, std::string reason) {
    d.outcome = outcome;
    d.skip_reason = std::move(reason);
    return d;
  };
  if (request.operation == "DELETE" || request.operation == "CONNECT")
    return skip(Outcome::Skipped, std::string(request.operation));
  // Subresources (status, scale, binding, ...) cannot change what a pod runs, except
  // ephemeralcontainers, which adds containers to a running pod: PSA checks that one too.
  if (!request.sub_resource.empty() &&
      !(request.resource == "pods" && request.sub_resource == "ephemeralcontainers"))
    return skip(Outcome::Skipped, "subresource " + std::string(request.sub_resource));
  if (!request.object) return skip(Outcome::Skipped, "no object");

  const bool dry_run = request.dry_run;
  auto exempt = [&](std::string_view why) {
    if (!dry_run) d.response.audit_annotations.emplace_back("exempt", std::string(why));
    return skip(Outcome::Exempt, std::string(why));
  };
  if (!request.namespace_name.empty() && contains(settings_.exemptions.namespaces, request.namespace_name))
    return exempt("namespace");
  if (!request.username.empty() && contains(settings_.exemptions.usernames, request.username))
    return exempt("user");

  const ObjectUnderReview now = wrap(*request.object, request.namespace_name);
  if (now.objects.empty()) return skip(Outcome::Skipped, "not a Kubernetes object");
  const k8s::Object& object = now.objects.front();
  d.object = object.display_name();
  const auto pod = k8s::PodSpecView::of(object);
  if (pod && !settings_.exemptions.runtime_classes.empty())
    if (const doc::Node* rc = pod->get("runtimeClassName"))
      if (contains(settings_.exemptions.runtime_classes, rc->text())) return exempt("runtimeClass");
  if (request.operation == "UPDATE" && request.old_object) {
    const ObjectUnderReview before = wrap(*request.old_object, request.namespace_name);
    if (!before.objects.empty() && pod_spec_unchanged(object, before.objects.front()))
      return skip(Outcome::Skipped, "pod spec unchanged");
  }

  const NamespacePolicy policy = namespaces_->policy_for(request.namespace_name);
  for (const std::string& e : policy.label_errors)
    d.response.warnings.push_back("namespace " + std::string(request.namespace_name) + ": " + e +
                                  "; that mode is evaluated at restricted:latest");

  const bool may_enforce = !pod || object.kind() == "Pod" || settings_.enforce_pod_controllers;
  // The lowest severity any active `bulwark.dev/*` mode reports: rules below it cannot change the
  // answer, so they do not run (most of a pass's time was findings built only to be dropped).
  std::optional<rules::Severity> lowest;
  for (const auto& [threshold, active] :
       {std::pair{policy.rules_enforce, may_enforce}, std::pair{policy.rules_warn, true},
        std::pair{policy.rules_audit, !dry_run}})
    if (threshold && active && (!lowest || *threshold < *lowest)) lowest = threshold;

  // Pod Security: one run of the PSS checks per version serves every mode read at that version.
  PodSecurityRuns pss;
  if (pod) {
    if (may_enforce) pss.read(policy.enforce);
    pss.read(policy.warn);
    if (!dry_run) pss.read(policy.audit);
    pss.run(*pod, enabled_checks_, kDetail);
  }

  // bulwark's other rules, in one pass with the context of the enforce level (so that hardening
  // rules that stand in for PSS below that level report exactly what `bulwark scan` would). On an
  // object that runs pods, every Pod Security finding is governed by the Pod Security labels
  // instead (and never suppressible by the object's own annotations: the submitter must not lift
  // a policy); the PSS checks find nothing on other objects, so they never run here.
  rules::FindingSink other_sink(kDetail);
  std::vector<rules::Finding> psa_extra;  // Pod Security rules that are not PSS checks, on a pod
  const bool rules_read = policy.rules_enforce || policy.rules_warn || policy.rules_audit;
  if (pod || (rules_read && lowest)) {
    rules::CheckContext context;
    context.pss_level = policy.enforce.level;
    context.pss_version = policy.enforce.version;
    constexpr std::string_view kBefore = "namespace ", kAfter = " labels";
    context.pss_source.reserve(kBefore.size() + request.namespace_name.size() + kAfter.size());
    context.pss_source = kBefore;
    context.pss_source += request.namespace_name;
    context.pss_source += kAfter;
    rules::FindingSink psa_sink(kDetail);
    for (const SelectedRule& r : rules_) {
      if (r.pss_check) continue;
      if (pod && r.pod_security)
        r.rule->check(object, context, psa_sink);
      else if (rules_read && lowest && r.severity >= *lowest)
        r.rule->check(object, context, other_sink);
    }
    psa_extra = psa_sink.take();
  }
  auto psa_violations = [&](const LevelVersion& lv, bool active) {
    std::vector<const rules::Finding*> out;
    if (!pod || !active || lv.level == rules::PssLevel::Privileged) return out;
    out = pss.violations(lv);
    // Pod Security rules that are not PSS checks (the Namespace label rule, which finds nothing on
    // an object that runs pods) do not read the level: they count at each one.
    for (const rules::Finding& f : psa_extra) out.push_back(&f);
    return out;
  };

  const auto enforce = psa_violations(policy.enforce, may_enforce);
  const auto warn = psa_violations(policy.warn, true);
  // Audit mostly reads warn's level and version: the same violations, not gathered twice.
  const bool audit_as_warn = !dry_run && policy.audit == policy.warn;
  const auto audit_own =
      audit_as_warn ? std::vector<const rules::Finding*>{} : psa_violations(policy.audit, !dry_run);
  const auto& audit = audit_as_warn ? warn : audit_own;

  std::vector<rules::Finding> others;
  if (rules_read) {
    others = other_sink.take();
    engine::apply_suppressions(object, others);
    for (rules::Finding& f : others) f.severity = settings_.rules.severity_of(*f.rule);
  }
  auto at_least = [&](const std::optional<rules::Severity>& threshold, bool active) {
    std::vector<const rules::Finding*> out;
    if (!threshold || !active) return out;
    for (const rules::Finding& f : others)
      if (f.severity >= *threshold) out.push_back(&f);
    return out;
  };
  const auto rules_enforce = at_least(policy.rules_enforce, may_enforce);
  const auto rules_warn = at_least(policy.rules_warn, true);
  const auto rules_audit = at_least(policy.rules_audit, !dry_run);

  // The modes mostly report the same rules: sorted and deduplicated as views, then copied once.
  std::vector<std::string_view> ids;
  ids.reserve(enforce.size() + warn.size() + audit.size() + rules_enforce.size() + rules_warn.size() +
              rules_audit.size());
  for (const auto* list : {&enforce, &warn, &audit, &rules_enforce, &rules_warn, &rules_audit})
    for (const rules::Finding* f : *list) ids.push_back(f->rule->id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  d.rule_ids.assign(ids.begin(), ids.end());

  AdmissionResponse& r = d.response;
  if (!enforce.empty() || !rules_enforce.empty()) {
    r.allowed = false;
    r.status_code = 403;
    r.status_reason = "Forbidden";
    std::string message = d.object + " is forbidden:";
    if (!enforce.empty())
      message += " violates PodSecurity \"" + policy.enforce.to_string() + "\": " + joined_messages(enforce);
    if (!rules_enforce.empty()) {
      if (!enforce.empty()) message += ";";
      message += " violates bulwark rules at " + std::string(rules::to_string(*policy.rules_enforce)) +
                 " and above: " + rule_list(rules_enforce);
    }
    r.status_message = std::move(message);
  }
  // Warn and audit usually read the same level and version: one text serves both.
  std::string warn_text;
  r.warnings.reserve(r.warnings.size() + 2 + std::min(rules_warn.size(), settings_.max_warnings));
  if (!warn.empty()) {
    warn_text = would_violate(policy.warn, warn);
    r.warnings.push_back(warn_text);
  }
  for (const rules::Finding* f : rules_warn) {
    if (r.warnings.size() >= settings_.max_warnings) {
      r.warnings.push_back("... and more bulwark findings: run `bulwark scan` on the manifest");
      break;
    }
    // "<rule>: <message> (<field path>)", in one allocation: there is one per finding.
    std::string& w = r.warnings.emplace_back();
    w.reserve(f->rule->id.size() + f->message.size() + f->field_path.size() + 5);
    w += f->rule->id;
    w += ": ";
    w += f->message;
    if (!f->field_path.empty()) {
      w += " (";
      w += f->field_path;
      w += ')';
    }
  }
  if (!dry_run) {
    r.audit_annotations.reserve(3);
    if (pod && policy.enforce.level != rules::PssLevel::Privileged)
      r.audit_annotations.emplace_back("enforce-policy", policy.enforce.to_string());
    if (!audit.empty())
      r.audit_annotations.emplace_back("audit-violations",
                                       !warn.empty() && policy.audit == policy.warn
                                           ? std::move(warn_text)  // its last use
                                           : would_violate(policy.audit, audit));
    if (!rules_audit.empty())
      r.audit_annotations.emplace_back("rules-audit-violations", rule_list(rules_audit));
  }
  d.outcome = r.allowed ? Outcome::Allowed : Outcome::Denied;
  return d;
}

}  // namespace bulwark::server
