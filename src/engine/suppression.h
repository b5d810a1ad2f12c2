#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "k8s/object.h"
#include "rules/finding.h"

namespace bulwark::engine {

/// The `bulwark.dev/ignore` annotation: "<rule>[,<rule>/<container>…] -- <reason>".
struct Suppression {
  std::string rule;       // a rule id, or a family name
  std::string container;  // "" for the whole object
};

struct ParsedSuppressions {
  std::vector<Suppression> entries;
  std::string reason;
};

inline constexpr std::string_view kIgnoreAnnotation = "bulwark.dev/ignore";

ParsedSuppressions parse_suppressions(std::string_view annotation);

/// Applies an object's suppressions to the findings reported on it: suppressed findings are
/// removed and counted. A suppression without a reason is not applied and becomes a finding
/// itself, so that silencing a rule always leaves a trace a reviewer can read.
std::size_t apply_suppressions(const k8s::Object& object, std::vector<rules::Finding>& findings);

/// The rule reported for a reasonless suppression.
extern const rules::RuleMeta kSuppressionWithoutReason;

}  // namespace bulwark::engine
