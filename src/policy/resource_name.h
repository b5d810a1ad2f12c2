#pragma once

#include <string>
#include <string_view>

namespace bulwark::policy {

/// The REST resource name of a kind, as apimachinery guesses it (lower-case plural: Ingress →
/// ingresses, NetworkPolicy → networkpolicies) with the built-in exceptions (Endpoints).
std::string resource_of_kind(std::string_view kind);

/// Whether a built-in kind is cluster-scoped (Namespace, ClusterRole, ...). Unknown kinds are
/// treated as namespaced.
bool is_cluster_scoped_kind(std::string_view group, std::string_view kind);

/// The version part of an apiVersion ("apps/v1" → "v1", "v1" → "v1").
std::string_view version_of(std::string_view api_version);

}  // namespace bulwark::policy
