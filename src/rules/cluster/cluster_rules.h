#pragma once

#include <span>

#include "rules/catalog.h"

namespace bulwark::rules::cluster {

/// Cluster configuration files found in the scan: EncryptionConfiguration, audit Policy,
/// KubeletConfiguration.
std::span<const ObjectRule> object_rules();

extern const RuleMeta kEncryptionIdentityFirst;
extern const RuleMeta kEncryptionAescbc;
extern const RuleMeta kEncryptionSecretsNotCovered;
extern const RuleMeta kAuditNothingLogged;
extern const RuleMeta kAuditSecretBodies;
extern const RuleMeta kKubeletAnonymousAuth;
extern const RuleMeta kKubeletAlwaysAllow;
extern const RuleMeta kKubeletReadOnlyPort;

}  // namespace bulwark::rules::cluster
