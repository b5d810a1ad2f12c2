#include <array>

#include "rules/image/image_rules.h"

namespace bulwark::rules::image {

std::span<const ImageRule> image_rules() {
  static const std::array<ImageRule, 10> rules{
      kRootUserRule,  kPrivilegeToolsRule, kSetuidFilesRule, kWorldWritableDirRule, kSecretFileRule,
      kSecretEnvRule, kSecretHistoryRule,  kExposeSshRule,   kNoHealthcheckRule,    kShellInMinimalRule,
  };
  return rules;
}

}  // namespace bulwark::rules::image
