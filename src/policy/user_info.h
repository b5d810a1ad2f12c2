#pragma once

#include <string>
#include <vector>

namespace bulwark::policy {

/// Who makes a request (authentication.k8s.io UserInfo): what `request.userInfo` shows and whom
/// `authorizer` checks.
struct UserInfo {
  std::string username;
  std::string uid;
  std::vector<std::string> groups;
};

/// The user offline scans act as unless configured: an authenticated user without any grant
/// beyond what the scanned RBAC gives `system:authenticated`.
UserInfo default_scan_user();

/// The identity the API server gives a service account's token:
/// `system:serviceaccount:<ns>:<name>` in groups `system:serviceaccounts` and
/// `system:serviceaccounts:<ns>`.
UserInfo service_account_user(std::string_view namespace_, std::string_view name);

}  // namespace bulwark::policy
