#pragma once

#include "rules/image/image_rule.h"

namespace bulwark::rules::image {

// One line per rule; registry.cc lists them in this order.
extern const ImageRule kRootUserRule;
extern const ImageRule kPrivilegeToolsRule;
extern const ImageRule kSetuidFilesRule;
extern const ImageRule kWorldWritableDirRule;
extern const ImageRule kSecretFileRule;
extern const ImageRule kSecretEnvRule;
extern const ImageRule kSecretHistoryRule;
extern const ImageRule kExposeSshRule;
extern const ImageRule kNoHealthcheckRule;
extern const ImageRule kShellInMinimalRule;

}  // namespace bulwark::rules::image
