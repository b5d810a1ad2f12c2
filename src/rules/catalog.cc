#include "rules/catalog.h"

#include <algorithm>
#include <vector>

#include "rules/cluster/cluster_rules.h"
#include "rules/dockerfile/dockerfile_rule.h"
#include "rules/image/image_rule.h"
#include "rules/manifest/manifest_rules.h"
#include "rules/network/network_rules.h"
#include "rules/pss/pss_rules.h"
#include "rules/rbac/rbac_rules.h"
#include "rules/secrets/secret_rules.h"
#include "rules/serviceaccount/service_account_rules.h"
#include "rules/workload/workload_rules.h"

namespace bulwark::rules {
namespace {

// One line per rule (or per family list) below: adding a rule is adding its file and a line here.
const std::vector<DocumentRule>& document_rule_list() {
  static const std::vector<DocumentRule> rules{
      manifest::kDuplicateKeyRule,
      manifest::kLookalikeKeyRule,
  };
  return rules;
}

const std::vector<ObjectRule>& object_rule_list() {
  static const std::vector<ObjectRule> rules = [] {
    std::vector<ObjectRule> all;
    for (const ObjectRule& r : pss::object_rules()) all.push_back(r);
    for (const ObjectRule& r : workload::object_rules()) all.push_back(r);
    for (const ObjectRule& r : secret_rules::object_rules()) all.push_back(r);
    for (const ObjectRule& r : rbac::object_rules()) all.push_back(r);
    for (const ObjectRule& r : network::object_rules()) all.push_back(r);
    for (const ObjectRule& r : serviceaccount::object_rules()) all.push_back(r);
    for (const ObjectRule& r : cluster::object_rules()) all.push_back(r);
    return all;
  }();
  return rules;
}

const std::vector<CrossObjectRule>& cross_object_rule_list() {
  static const std::vector<CrossObjectRule> rules = [] {
    std::vector<CrossObjectRule> all;
    for (const CrossObjectRule& r : rbac::cross_object_rules()) all.push_back(r);
    for (const CrossObjectRule& r : network::cross_object_rules()) all.push_back(r);
    for (const CrossObjectRule& r : serviceaccount::cross_object_rules()) all.push_back(r);
    return all;
  }();
  return rules;
}

// Rules whose metadata is not attached to a check above (reported by the engine or by other
// inputs' checks) are listed here so that the catalog stays complete.
const std::vector<const RuleMeta*>& extra_metas() {
  static const std::vector<const RuleMeta*> metas = [] {
    std::vector<const RuleMeta*> all;
    for (const auto& r : dockerfile::dockerfile_rules()) all.push_back(r.meta);
    for (const auto& r : image::image_rules()) all.push_back(r.meta);
    return all;
  }();
  return metas;
}

const std::vector<const RuleMeta*>& sorted_metas() {
  static const std::vector<const RuleMeta*> metas = [] {
    std::vector<const RuleMeta*> all;
    for (const auto& r : document_rule_list()) all.push_back(r.meta);
    for (const auto& r : object_rule_list()) all.push_back(r.meta);
    for (const auto& r : cross_object_rule_list())
      for (const RuleMeta* m : r.metas) all.push_back(m);
    for (const RuleMeta* m : extra_metas()) all.push_back(m);
    std::sort(all.begin(), all.end(), [](const RuleMeta* a, const RuleMeta* b) { return a->id < b->id; });
    all.erase(std::unique(all.begin(), all.end()), all.end());
    return all;
  }();
  return metas;
}

}  // namespace

std::span<const RuleMeta* const> all_rules() {
  return sorted_metas();
}

const RuleMeta* find_rule(std::string_view id) {
  const auto& metas = sorted_metas();
  auto it = std::lower_bound(metas.begin(), metas.end(), id,
                             [](const RuleMeta* m, std::string_view key) { return m->id < key; });
  return it != metas.end() && (*it)->id == id ? *it : nullptr;
}

std::span<const ObjectRule> object_rules() {
  return object_rule_list();
}
std::span<const DocumentRule> document_rules() {
  return document_rule_list();
}
std::span<const CrossObjectRule> cross_object_rules() {
  return cross_object_rule_list();
}

}  // namespace bulwark::rules
