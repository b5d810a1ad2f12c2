#include "policy/cluster_snapshot.h"

#include "policy/doc_tree_adapter.h"
#include "policy/static_authorizer.h"

namespace bulwark::policy {

ClusterSnapshot::ClusterSnapshot(UserInfo user)
    : user_(std::move(user)),
      rbac_(std::make_shared<RbacSnapshot>()),
      authorizer_(std::make_shared<const StaticAuthorizer>(rbac_, user_)) {}

bool ClusterSnapshot::is_relevant(const k8s::Object& object) {
  return (object.kind() == "Namespace" && object.api_version() == "v1") || RbacSnapshot::is_rbac_kind(object);
}

bool ClusterSnapshot::add(const k8s::Object& object) {
  if (object.kind() == "Namespace" && object.api_version() == "v1") {
    if (object.name().empty()) return false;
    namespaces_.insert_or_assign(
        std::string(object.name()),
        NamespaceSnapshot{to_owned_cel(object.root()), k8s::labels_of(object.labels())});
    return true;
  }
  return rbac_->add(object);
}

const NamespaceSnapshot* ClusterSnapshot::find_namespace(std::string_view name) const {
  const auto it = namespaces_.find(name);
  return it != namespaces_.end() ? &it->second : nullptr;
}

}  // namespace bulwark::policy
