#include "policy/user_info.h"

namespace bulwark::policy {

UserInfo default_scan_user() {
  return UserInfo{"bulwark", "", {"system:authenticated"}};
}

UserInfo service_account_user(std::string_view namespace_, std::string_view name) {
  const std::string ns(namespace_);
  return UserInfo{"system:serviceaccount:" + ns + ":" + std::string(name),
                  "",
                  {"system:serviceaccounts", "system:serviceaccounts:" + ns}};
}

}  // namespace bulwark::policy
