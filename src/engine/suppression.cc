#include "engine/suppression.h"

#include <algorithm>

#include "k8s/pod_spec_view.h"

namespace bulwark::engine {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

bool rule_matches(const Suppression& s, const rules::Finding& f) {
  if (!f.rule) return false;
  return s.rule == f.rule->id || s.rule == rules::to_string(f.rule->family) || s.rule == "*";
}

constexpr rules::Reference kReferences[] = {
    {"bulwark README: suppressing findings", ""},
};

}  // namespace

const rules::RuleMeta kSuppressionWithoutReason{
    .id = "BW-suppression-without-reason",
    .severity = rules::Severity::Medium,
    .family = rules::Family::Manifest,
    .title = "Suppression without a reason",
    .why =
        "A `bulwark.dev/ignore` annotation silences security findings. Without a written reason, the next "
        "reviewer cannot tell an accepted risk from a forgotten shortcut, and silenced findings tend to "
        "outlive "
        "the reason they were silenced for. The suppression is not applied until it carries a reason.",
    .fix =
        "metadata:\n  annotations:\n    bulwark.dev/ignore: \"BW-image-latest -- pinned by the release "
        "pipeline\"",
    .references = kReferences,
};

ParsedSuppressions parse_suppressions(std::string_view annotation) {
  ParsedSuppressions out;
  std::string_view ids = annotation;
  if (const auto sep = annotation.find("--"); sep != std::string_view::npos) {
    ids = annotation.substr(0, sep);
    out.reason = std::string(trim(annotation.substr(sep + 2)));
  }
  while (!ids.empty()) {
    const auto comma = ids.find(',');
    std::string_view item = trim(ids.substr(0, comma));
    ids = comma == std::string_view::npos ? std::string_view{} : ids.substr(comma + 1);
    if (item.empty()) continue;
    Suppression s;
    if (const auto slash = item.find('/'); slash != std::string_view::npos) {
      s.container = std::string(trim(item.substr(slash + 1)));
      item = trim(item.substr(0, slash));
    }
    s.rule = std::string(item);
    out.entries.push_back(std::move(s));
  }
  return out;
}

std::size_t apply_suppressions(const k8s::Object& object, std::vector<rules::Finding>& findings) {
  const auto annotation = object.annotation(kIgnoreAnnotation);
  if (!annotation) return 0;
  const ParsedSuppressions parsed = parse_suppressions(*annotation);
  if (parsed.reason.empty()) {
    const doc::Node* annotations = object.annotations();
    const doc::Node* value = annotations ? annotations->get(kIgnoreAnnotation) : nullptr;
    rules::Finding f;
    f.rule = &kSuppressionWithoutReason;
    f.severity = kSuppressionWithoutReason.severity;
    f.message =
        "bulwark.dev/ignore has no reason (write \"<rules> -- <why this is acceptable>\"): it is not applied";
    f.object = object.display_name();
    f.field_path = "metadata.annotations.bulwark.dev/ignore";
    f.location = rules::location_of(object.document(), value);
    findings.push_back(std::move(f));
    return 0;
  }
  // Container-scoped entries match findings under that container's field path.
  std::vector<std::pair<std::string, std::string>> container_paths;  // name, path
  if (const auto pod = k8s::PodSpecView::of(object))
    for (const auto& c : pod->every_container()) container_paths.emplace_back(std::string(c.name()), c.path());
  auto in_container = [&](const rules::Finding& f, const std::string& name) {
    for (const auto& [n, path] : container_paths)
      if (n == name && (f.field_path == path || f.field_path.starts_with(path + "."))) return true;
    return false;
  };
  const auto before = findings.size();
  std::erase_if(findings, [&](const rules::Finding& f) {
    return std::any_of(parsed.entries.begin(), parsed.entries.end(), [&](const Suppression& s) {
      return rule_matches(s, f) && (s.container.empty() || in_container(f, s.container));
    });
  });
  return before - findings.size();
}

}  // namespace bulwark::engine
