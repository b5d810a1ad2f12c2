#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "doc/document.h"
#include "k8s/object.h"
#include "rules/check_context.h"
#include "rules/finding.h"
#include "rules/rule_meta.h"

namespace bulwark::rules {

/// A rule over one Kubernetes object.
using ObjectCheck = void (*)(const k8s::Object&, const CheckContext&, FindingSink&);
struct ObjectRule {
  const RuleMeta* meta;
  ObjectCheck check;
};

/// A rule over one loaded document as written (duplicate keys, look-alike keys, ...).
using DocumentCheck = void (*)(const doc::Document&, FindingSink&);
struct DocumentRule {
  const RuleMeta* meta;
  DocumentCheck check;
};

/// A rule that needs the whole scan (NetworkPolicy coverage, RBAC bindings, namespace labels).
/// It sees every object once, keeps the little it needs (documents are released as the scan
/// goes), and reports at the end. observe() may be called from several threads: the engine
/// serialises calls, so implementations need no locking.
class CrossObjectCheck {
 public:
  virtual ~CrossObjectCheck() = default;
  virtual void observe(const k8s::Object& object, const CheckContext& context) = 0;
  virtual void finish(FindingSink& sink) = 0;
};
struct CrossObjectRule {
  std::span<const RuleMeta* const> metas;  // every rule id it may report
  std::unique_ptr<CrossObjectCheck> (*make)();
};

/// Every rule's metadata, sorted by id.
std::span<const RuleMeta* const> all_rules();
const RuleMeta* find_rule(std::string_view id);

std::span<const ObjectRule> object_rules();
std::span<const DocumentRule> document_rules();
std::span<const CrossObjectRule> cross_object_rules();

}  // namespace bulwark::rules
