#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "k8s/pod_spec_view.h"
#include "rules/catalog.h"

namespace bulwark::rules::pss {

/// The Pod Security Standards checks (one rule per Pod Security Admission check, id
/// `PSS-<checkId>`) and the Namespace enforce-label rule, in registration order.
std::span<const ObjectRule> object_rules();

/// Runs every PSS check that applies at `context`'s level and version on one pod spec, as Pod
/// Security Admission would (version selection and restricted-over-baseline overrides included).
void evaluate(const k8s::PodSpecView& pod, const CheckContext& context, FindingSink& sink);

extern const RuleMeta kNamespaceEnforceLabel;

/// How many PSS checks evaluate() knows; a check's index is its place in evaluate()'s order.
inline constexpr std::size_t kCheckCount = 19;
/// A set of PSS checks, by index.
using CheckSet = std::bitset<kCheckCount>;
/// The index of the check whose findings are filed under `rule`, or nullopt for any other rule.
std::optional<std::size_t> check_index(const RuleMeta& rule);

/// A set of Pod Security levels.
class LevelSet {
 public:
  void add(PssLevel level) { bits_ |= bit(level); }
  bool contains(PssLevel level) const { return (bits_ & bit(level)) != 0; }
  bool empty() const { return bits_ == 0; }

 private:
  static uint8_t bit(PssLevel level) { return static_cast<uint8_t>(1u << static_cast<unsigned>(level)); }
  uint8_t bits_ = 0;
};

/// What one run of the checks found for several levels at one version.
struct LeveledFindings {
  std::vector<Finding> findings;
  std::vector<LevelSet> levels;  // levels[i]: the levels whose evaluation reports findings[i]
};

/// Runs once each check of `checks` that evaluate() would run at any level of `levels` for
/// `version`, in evaluate()'s order. For each level L of `levels`, the findings whose LevelSet
/// holds L are, in order, what evaluate() reports at L and `version` when limited to `checks`.
/// The Pod Security Admission webhook asks for up to three levels per request (enforce, warn,
/// audit), mostly at one version: one run instead of one per level.
LeveledFindings evaluate_levels(const k8s::PodSpecView& pod, const PssVersion& version, LevelSet levels,
                                const CheckSet& checks,
                                FindingSink::Detail detail = FindingSink::Detail::Full);

}  // namespace bulwark::rules::pss
