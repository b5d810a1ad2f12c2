#pragma once

#include <span>

#include "rules/catalog.h"

namespace bulwark::rules::rbac {

/// Least-privilege checks on Role and ClusterRole rules.
std::span<const ObjectRule> object_rules();
/// Bindings resolved against the roles in the scan (aggregated ClusterRoles included): who gets
/// cluster-admin, anonymous and default-service-account bindings, workloads with powerful
/// service accounts.
std::span<const CrossObjectRule> cross_object_rules();

extern const RuleMeta kWildcardVerbs;
extern const RuleMeta kWildcardResources;
extern const RuleMeta kWildcardApiGroups;
extern const RuleMeta kSecretsRead;
extern const RuleMeta kPodExec;
extern const RuleMeta kPodPortForward;
extern const RuleMeta kCreatePods;
extern const RuleMeta kCreateWorkloads;
extern const RuleMeta kEscalate;
extern const RuleMeta kBind;
extern const RuleMeta kImpersonate;
extern const RuleMeta kNodesProxy;
extern const RuleMeta kServiceAccountToken;
extern const RuleMeta kCsrApprove;
extern const RuleMeta kWebhookConfig;
extern const RuleMeta kPersistentVolumeCreate;
extern const RuleMeta kDeleteEvents;
extern const RuleMeta kManageRbac;
extern const RuleMeta kEphemeralContainers;

extern const RuleMeta kClusterAdminBinding;
extern const RuleMeta kAnonymousBinding;
extern const RuleMeta kAuthenticatedBinding;
extern const RuleMeta kDefaultServiceAccountBinding;
extern const RuleMeta kWorkloadPowerfulServiceAccount;

}  // namespace bulwark::rules::rbac
