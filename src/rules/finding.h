#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "doc/document.h"
#include "doc/node.h"
#include "doc/source_range.h"
#include "rules/rule_meta.h"

namespace bulwark::k8s {
class Object;
}

namespace bulwark::rules {

/// Where a finding points: a file, a range in it, and the text of its first line (kept with the
/// finding because documents are released as soon as they are scanned).
struct Location {
  std::string file;
  doc::SourceRange range;
  std::string snippet;
};

/// A second place that explains a finding (the binding and the role of an RBAC finding, ...).
struct RelatedLocation {
  Location location;
  std::string message;
};

/// One problem found: which rule, what, where, and on which object.
struct Finding {
  const RuleMeta* rule = nullptr;
  Severity severity = Severity::Medium;  // the rule's, unless configuration overrides it
  std::string message;
  std::string object;      // "Deployment prod/web", or "" for files that are not objects
  std::string field_path;  // "spec.template.spec.containers[0].securityContext.privileged"
  Location location;
  std::vector<RelatedLocation> related;
};

/// Makes a Location for a node of a document (the snippet is the node's first line).
Location location_of(const doc::Document& document, const doc::Node* node);
Location location_of(const doc::Document& document, doc::SourceRange range);

/// Where rules put what they find. Rules never print; they only add findings here.
class FindingSink {
 public:
  /// What add() records besides the rule, severity, message and field path.
  enum class Detail : uint8_t {
    Full,      // the object's name and the location with its snippet, for reports
    Messages,  // neither: for a caller that answers with messages only (the admission webhook),
               // where the two cost more than the checks that find something
  };
  explicit FindingSink(Detail detail = Detail::Full) : detail_(detail) {}

  /// Reports `node` of `object` (or the object itself when node is null) for `rule`.
  Finding& add(const RuleMeta& rule, const k8s::Object& object, const doc::Node* node, std::string field_path,
               std::string message);
  /// Reports a finding built by the caller (Dockerfiles, images, cross-object rules).
  Finding& add(Finding finding);

  std::vector<Finding>& findings() { return findings_; }
  std::vector<Finding> take() { return std::move(findings_); }

 private:
  Detail detail_;
  std::vector<Finding> findings_;
};

}  // namespace bulwark::rules
