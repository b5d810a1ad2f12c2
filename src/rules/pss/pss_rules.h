#pragma once

#include <span>

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

}  // namespace bulwark::rules::pss
