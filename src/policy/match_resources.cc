#include "policy/match_resources.h"

#include <algorithm>

#include "policy/resource_name.h"

namespace bulwark::policy {
namespace {

std::expected<std::vector<std::string>, LoadIssue> string_list(const doc::Node* node,
                                                               std::string_view field) {
  std::vector<std::string> out;
  if (node == nullptr || node->is_null()) return out;
  if (!node->is_sequence())
    return std::unexpected(LoadIssue{node->range(), std::string(field) + ": must be a list of strings"});
  for (const doc::Node* item : node->items()) {
    auto s = item->as_string();
    if (!s)
      return std::unexpected(LoadIssue{item->range(), std::string(field) + ": must be a list of strings"});
    out.emplace_back(*s);
  }
  return out;
}

std::expected<std::vector<ResourceRule>, LoadIssue> rules(const doc::Node* node, std::string field) {
  std::vector<ResourceRule> out;
  if (node == nullptr || node->is_null()) return out;
  if (!node->is_sequence()) return std::unexpected(LoadIssue{node->range(), field + ": must be a list"});
  for (std::size_t i = 0; i < node->size(); ++i) {
    const doc::Node* r = node->at(i);
    const std::string at = field + "[" + std::to_string(i) + "]";
    if (!r->is_mapping()) return std::unexpected(LoadIssue{r->range(), at + ": must be a mapping"});
    ResourceRule rule;
    auto read = [&](std::string_view key, std::vector<std::string>& into) -> std::optional<LoadIssue> {
      auto v = string_list(r->get(key), at + "." + std::string(key));
      if (!v) return v.error();
      into = std::move(*v);
      return std::nullopt;
    };
    if (auto e = read("operations", rule.operations)) return std::unexpected(*e);
    if (auto e = read("apiGroups", rule.api_groups)) return std::unexpected(*e);
    if (auto e = read("apiVersions", rule.api_versions)) return std::unexpected(*e);
    if (auto e = read("resources", rule.resources)) return std::unexpected(*e);
    if (auto e = read("resourceNames", rule.resource_names)) return std::unexpected(*e);
    if (const doc::Node* scope = r->get("scope")) {
      auto s = scope->as_string();
      if (!s || (*s != "*" && *s != "Cluster" && *s != "Namespaced"))
        return std::unexpected(
            LoadIssue{scope->range(), at + ".scope: must be \"*\", \"Cluster\" or \"Namespaced\""});
      rule.scope = std::string(*s);
    }
    out.push_back(std::move(rule));
  }
  return out;
}

std::expected<std::optional<k8s::LabelSelector>, LoadIssue> selector(const doc::Node* node,
                                                                     std::string_view field) {
  if (node == nullptr || node->is_null()) return std::optional<k8s::LabelSelector>{};
  auto s = k8s::LabelSelector::parse(*node);
  if (!s) return std::unexpected(LoadIssue{node->range(), std::string(field) + ": " + s.error()});
  return std::optional<k8s::LabelSelector>(std::move(*s));
}

bool listed(const std::vector<std::string>& values, std::string_view v) {
  return std::ranges::any_of(values, [&](const std::string& x) { return x == "*" || x == v; });
}

bool resource_listed(const std::vector<std::string>& values, std::string_view resource) {
  // "*" and "*/*" match main resources; "x/y" entries name subresources, which a CREATE of an
  // object is not.
  return std::ranges::any_of(values,
                             [&](const std::string& x) { return x == "*" || x == "*/*" || x == resource; });
}

bool rule_matches(const ResourceRule& rule, const k8s::Object& object, std::string_view operation,
                  std::string_view resource, bool cluster_scoped) {
  if (!listed(rule.operations, operation)) return false;
  if (!listed(rule.api_groups, object.group())) return false;
  if (!listed(rule.api_versions, version_of(object.api_version()))) return false;
  if (!resource_listed(rule.resources, resource)) return false;
  if (!rule.resource_names.empty() &&
      std::ranges::find(rule.resource_names, object.name()) == rule.resource_names.end())
    return false;
  if (rule.scope == "Cluster" && !cluster_scoped) return false;
  if (rule.scope == "Namespaced" && cluster_scoped) return false;
  return true;
}

/// Namespace labels as the API server sees them: it always sets kubernetes.io/metadata.name.
k8s::Labels namespace_labels(const k8s::Labels* known, std::string_view name) {
  k8s::Labels labels = known != nullptr ? *known : k8s::Labels{};
  if (!name.empty()) labels.insert_or_assign("kubernetes.io/metadata.name", std::string(name));
  return labels;
}

}  // namespace

std::expected<MatchResources, LoadIssue> MatchResources::parse(const doc::Node& node,
                                                               std::string_view field) {
  if (!node.is_mapping())
    return std::unexpected(LoadIssue{node.range(), std::string(field) + ": must be a mapping"});
  MatchResources m;
  const std::string f(field);
  auto ns = selector(node.get("namespaceSelector"), f + ".namespaceSelector");
  if (!ns) return std::unexpected(ns.error());
  m.namespace_selector = std::move(*ns);
  auto obj = selector(node.get("objectSelector"), f + ".objectSelector");
  if (!obj) return std::unexpected(obj.error());
  m.object_selector = std::move(*obj);
  auto rr = rules(node.get("resourceRules"), f + ".resourceRules");
  if (!rr) return std::unexpected(rr.error());
  m.resource_rules = std::move(*rr);
  auto er = rules(node.get("excludeResourceRules"), f + ".excludeResourceRules");
  if (!er) return std::unexpected(er.error());
  m.exclude_rules = std::move(*er);
  if (const doc::Node* mp = node.get("matchPolicy")) {
    auto s = mp->as_string();
    if (!s || (*s != "Exact" && *s != "Equivalent"))
      return std::unexpected(LoadIssue{mp->range(), f + ".matchPolicy: must be \"Exact\" or \"Equivalent\""});
  }
  return m;
}

bool MatchResources::matches(const k8s::Object& object, const k8s::Labels* known_namespace_labels,
                             std::string_view operation, const k8s::Object* old_object) const {
  const bool cluster_scoped = is_cluster_scoped_kind(object.group(), object.kind());
  if (namespace_selector && !namespace_selector->selects_everything()) {
    if (object.kind() == "Namespace" && object.group().empty()) {
      const k8s::Labels own = k8s::labels_of(object.labels());
      if (!namespace_selector->matches(namespace_labels(&own, object.name()))) return false;
    } else if (!cluster_scoped) {
      // Offline, a namespace absent from the scan is judged by the labels the API server would
      // give it at least (its name).
      if (!namespace_selector->matches(namespace_labels(known_namespace_labels, object.namespace_name())))
        return false;
    }
  }
  if (object_selector && !object_selector->matches(k8s::labels_of(object.labels())) &&
      !(old_object != nullptr && object_selector->matches(k8s::labels_of(old_object->labels()))))
    return false;
  const std::string resource = resource_of_kind(object.kind());
  const auto hit = [&](const ResourceRule& r) {
    return rule_matches(r, object, operation, resource, cluster_scoped);
  };
  if (std::ranges::any_of(exclude_rules, hit)) return false;
  // A binding's matchResources without resourceRules narrows by selectors only (the policy's
  // matchConstraints must list rules, which the loader checks).
  return resource_rules.empty() || std::ranges::any_of(resource_rules, hit);
}

}  // namespace bulwark::policy
