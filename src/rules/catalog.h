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
/// goes), and reports at the end. An instance is only ever used by one thread at a time.
class CrossObjectCheck {
 public:
  virtual ~CrossObjectCheck() = default;
  virtual void observe(const k8s::Object& object, const CheckContext& context) = 0;
  /// Appends what `later` (an instance of the same check that observed the inputs after this
  /// one's) has gathered. The engine gives each input its own instance so that files are checked
  /// in parallel, then absorbs them in input order: the result is the same whatever --jobs is.
  virtual void absorb(CrossObjectCheck& later) = 0;
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
