#include "policy/static_authorizer.h"

namespace bulwark::policy {

cel::AuthorizationDecision StaticAuthorizer::authorize(const cel::AuthorizationRequest& request) const {
  UserInfo service_account;
  const UserInfo* user = &user_;
  constexpr std::string_view kPrefix = "system:serviceaccount:";
  if (request.user != user_.username && request.user.starts_with(kPrefix)) {
    const std::string_view rest = std::string_view(request.user).substr(kPrefix.size());
    const auto colon = rest.find(':');
    if (colon != std::string_view::npos) {
      service_account = service_account_user(rest.substr(0, colon), rest.substr(colon + 1));
      user = &service_account;
    }
  }
  RbacRequest r;
  r.verb = request.verb;
  r.resource_request = !request.path_request;
  r.path = request.path;
  r.group = request.group;
  r.resource = request.resource;
  r.subresource = request.subresource;
  r.namespace_ = request.namespace_;
  r.name = request.name;
  cel::AuthorizationDecision d;
  if (!rbac_) return d;
  const RbacDecision rbac = rbac_->authorize(*user, r);
  d.verdict = rbac.allowed ? cel::AuthorizationDecision::Verdict::Allow
                           : cel::AuthorizationDecision::Verdict::NoOpinion;
  d.reason = rbac.reason;
  return d;
}

}  // namespace bulwark::policy
