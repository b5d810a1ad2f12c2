#pragma once

#include <span>

#include "rules/catalog.h"

namespace bulwark::rules::serviceaccount {

/// Service accounts and namespaces: dedicated identities, tokens mounted only where needed, the
/// default namespace and default service account left unused.
std::span<const ObjectRule> object_rules();
/// Token automounting, shared and missing service accounts, judged across the scan.
std::span<const CrossObjectRule> cross_object_rules();

extern const RuleMeta kDefaultServiceAccount;
extern const RuleMeta kDefaultServiceAccountAutomount;
extern const RuleMeta kDefaultNamespace;
extern const RuleMeta kLegacyTokenSecret;
extern const RuleMeta kAutomountToken;
extern const RuleMeta kSharedServiceAccount;
extern const RuleMeta kMissingServiceAccount;

}  // namespace bulwark::rules::serviceaccount
