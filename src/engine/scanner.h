#pragma once

#include <vector>

#include "engine/input.h"
#include "engine/scan_options.h"
#include "engine/scan_result.h"

namespace bulwark::engine {

/// Runs a scan: loads every input (files in parallel, each document released as soon as it is
/// checked), runs the enabled rules, applies suppressions and exemptions, and returns findings
/// in a deterministic order whatever the number of jobs.
ScanResult scan(const std::vector<Input>& inputs, const ScanOptions& options);

}  // namespace bulwark::engine
