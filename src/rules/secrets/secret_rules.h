#pragma once

#include <span>

#include "rules/catalog.h"

namespace bulwark::rules::secret_rules {

/// Plaintext credentials in manifests (found by the secrets/ engine) and committed Secret objects.
std::span<const ObjectRule> object_rules();

extern const RuleMeta kEnvLiteral;
extern const RuleMeta kInCommand;
extern const RuleMeta kInConfigMap;
extern const RuleMeta kInAnnotation;
extern const RuleMeta kInManifest;
extern const RuleMeta kCommittedSecret;
extern const RuleMeta kSecretCredential;

}  // namespace bulwark::rules::secret_rules
