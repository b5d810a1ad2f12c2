#pragma once

#include <string>
#include <vector>

#include "rules/finding.h"

namespace bulwark::report {

/// A finding's identity that survives edits elsewhere in the file: rule id, file, object and
/// field path (the message too, for findings not tied to an object), never line numbers. Equal
/// identities within one scan are told apart by their order ("…#2"). 16 hex digits.
/// Used for SARIF partialFingerprints and for baselines.
std::vector<std::string> fingerprints(const std::vector<rules::Finding>& findings);

}  // namespace bulwark::report
