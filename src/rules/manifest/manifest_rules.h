#pragma once

#include "rules/catalog.h"

namespace bulwark::rules::manifest {

extern const RuleMeta kDuplicateKey;
extern const DocumentRule kDuplicateKeyRule;

}  // namespace bulwark::rules::manifest
