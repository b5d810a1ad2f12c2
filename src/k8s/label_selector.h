#pragma once

#include <expected>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "doc/node.h"

namespace bulwark::k8s {

/// Labels of an object, by key.
using Labels = std::map<std::string, std::string, std::less<>>;

/// Reads a `labels` mapping (string values only, as the API server requires); empty when null.
Labels labels_of(const doc::Node* labels);

/// A metav1.LabelSelector with the semantics of apimachinery's LabelSelectorAsSelector:
/// matchLabels and matchExpressions are ANDed; `{}` selects everything; `In` and `NotIn`
/// need values, `Exists`/`DoesNotExist` must have none; `NotIn` and `DoesNotExist` match
/// objects without the key. A missing (null) selector is not this type's business: callers
/// decide what absence means (a NetworkPolicy peer without namespaceSelector means "this
/// namespace", an absent aggregation selector selects nothing).
class LabelSelector {
 public:
  enum class Operator { In, NotIn, Exists, DoesNotExist };
  struct Requirement {
    std::string key;
    Operator op = Operator::Exists;
    std::vector<std::string> values;
  };

  /// Parses a selector mapping; an error (with what is wrong) for malformed selectors, which
  /// the API server would reject.
  static std::expected<LabelSelector, std::string> parse(const doc::Node& selector);
  /// The selector `{matchLabels: labels}`, for selectors known in code (bootstrap RBAC aggregation).
  static LabelSelector match_labels(const Labels& labels);

  bool matches(const Labels& labels) const;
  /// True for `{}` (no requirements): selects every object.
  bool selects_everything() const { return requirements_.empty(); }
  const std::vector<Requirement>& requirements() const { return requirements_; }

 private:
  std::vector<Requirement> requirements_;
};

}  // namespace bulwark::k8s
