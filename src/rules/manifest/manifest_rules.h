#pragma once

#include "rules/catalog.h"

namespace bulwark::rules::manifest {

extern const RuleMeta kDuplicateKey;
extern const DocumentRule kDuplicateKeyRule;
extern const RuleMeta kLookalikeKey;
extern const DocumentRule kLookalikeKeyRule;

}  // namespace bulwark::rules::manifest
