#pragma once

#include <memory>

#include "cel/authz.h"
#include "policy/rbac_snapshot.h"
#include "policy/user_info.h"

namespace bulwark::policy {

/// The CEL `authorizer` backend offline: answers from a static RBAC snapshot. Checks run as the
/// request's user, or as a service account after `authorizer.serviceAccount(ns, name)` (with the
/// groups its token would carry).
class StaticAuthorizer final : public cel::AuthorizationBackend {
 public:
  StaticAuthorizer(std::shared_ptr<const RbacSnapshot> rbac, UserInfo request_user)
      : rbac_(std::move(rbac)), user_(std::move(request_user)) {}
  cel::AuthorizationDecision authorize(const cel::AuthorizationRequest& request) const override;

  const UserInfo& request_user() const { return user_; }

 private:
  std::shared_ptr<const RbacSnapshot> rbac_;
  UserInfo user_;
};

}  // namespace bulwark::policy
