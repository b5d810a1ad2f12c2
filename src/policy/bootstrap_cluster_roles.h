#pragma once

#include <string_view>
#include <vector>

#include "policy/rbac_snapshot.h"

namespace bulwark::policy {

/// One ClusterRole every Kubernetes cluster has from the RBAC bootstrap policy: its rules, the
/// aggregation label it selects (admin, edit and view are aggregated) and the labels it carries
/// (which aggregate it into others: edit into admin, view into edit).
struct BootstrapClusterRole {
  std::string_view name;
  std::string_view aggregates_label;  // "" when not aggregated
  std::vector<std::string_view> labels;
  std::vector<RbacRule> rules;
};

/// The user-facing bootstrap ClusterRoles (cluster-admin, admin, edit, view and the
/// system:aggregate-to-* roles they aggregate), as the API server creates them
/// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy). Roles bound in a scan usually refer to these.
const std::vector<BootstrapClusterRole>& bootstrap_cluster_roles();

}  // namespace bulwark::policy
