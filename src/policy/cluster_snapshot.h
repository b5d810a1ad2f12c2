#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cel/authz.h"
#include "cel/value.h"
#include "k8s/label_selector.h"
#include "k8s/object.h"
#include "policy/rbac_snapshot.h"
#include "policy/user_info.h"

namespace bulwark::policy {

/// A Namespace as policies see it: the whole object (for `namespaceObject`) and its labels (for
/// namespaceSelector).
struct NamespaceSnapshot {
  cel::Value object;
  k8s::Labels labels;
};

/// What the cluster looks like to policies evaluated offline: the Namespaces and RBAC objects of
/// a scan, and the user requests are made as. A static snapshot: nothing is read from a cluster.
/// Copies what it keeps, so objects may be released after add().
class ClusterSnapshot {
 public:
  explicit ClusterSnapshot(UserInfo user = default_scan_user());
  ClusterSnapshot(const ClusterSnapshot&) = delete;  // the authorizer shares the RBAC snapshot
  ClusterSnapshot& operator=(const ClusterSnapshot&) = delete;
  ClusterSnapshot(ClusterSnapshot&&) noexcept = default;
  ClusterSnapshot& operator=(ClusterSnapshot&&) noexcept = default;

  /// Namespaces (v1) and rbac.authorization.k8s.io/v1 objects; add() ignores the rest.
  static bool is_relevant(const k8s::Object& object);
  /// Records a Namespace or RBAC object; returns whether it was one. A later object of the same
  /// name replaces an earlier one.
  bool add(const k8s::Object& object);

  const NamespaceSnapshot* find_namespace(std::string_view name) const;
  const RbacSnapshot& rbac() const { return *rbac_; }
  const UserInfo& user() const { return user_; }
  /// The `authorizer` backend: the RBAC snapshot, checked as user().
  const std::shared_ptr<const cel::AuthorizationBackend>& authorizer() const { return authorizer_; }

 private:
  UserInfo user_;
  std::map<std::string, NamespaceSnapshot, std::less<>> namespaces_;
  std::shared_ptr<RbacSnapshot> rbac_;
  std::shared_ptr<const cel::AuthorizationBackend> authorizer_;
};

}  // namespace bulwark::policy
