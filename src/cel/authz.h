#pragma once

#include <memory>
#include <string>

#include "cel/value.h"

namespace bulwark::cel {

/// One authorization question, as the Kubernetes authz CEL library asks it (a SubjectAccessReview).
struct AuthorizationRequest {
  /// The user the check runs as: the request's user, or "system:serviceaccount:<ns>:<name>" after
  /// authorizer.serviceAccount(ns, name).
  std::string user;
  std::string verb;
  /// Non-resource request (authorizer.path(...)).
  bool path_request = false;
  std::string path;
  std::string group, resource, subresource, namespace_, name;
  std::string field_selector, label_selector;
};

/// The answer: allowed, denied or no opinion, with the authorizer's reason; `error` when it failed.
struct AuthorizationDecision {
  enum class Verdict { Allow, Deny, NoOpinion };
  Verdict verdict = Verdict::NoOpinion;
  std::string reason;
  std::string error;
};

/// What answers the questions. cel/ knows no RBAC: the policy layer implements this (offline, over the
/// RBAC objects of the scan; in the webhook, likewise over a static snapshot).
class AuthorizationBackend {
 public:
  virtual ~AuthorizationBackend() = default;
  virtual AuthorizationDecision authorize(const AuthorizationRequest& request) const = 0;
};

/// The `authorizer` variable for a request made by `user`.
Value make_authorizer(std::shared_ptr<const AuthorizationBackend> backend, std::string user);

/// The `authorizer.requestResource` variable: a resource check prefilled with the request's resource.
Value make_request_resource_check(std::shared_ptr<const AuthorizationBackend> backend, std::string user,
                                  std::string group, std::string resource, std::string subresource,
                                  std::string namespace_, std::string name);

}  // namespace bulwark::cel
