#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "rules/check_context.h"
#include "rules/finding.h"

namespace bulwark::rules::testing {

/// Which rules a test runs: the catalog's families of this issue (workload, service accounts,
/// RBAC, network, secrets, cluster), enabled-by-default ones unless `only` names rules.
struct RunOptions {
  CheckContext context;
  std::set<std::string, std::less<>> only;  // run exactly these rule ids (disabled ones included)
};

/// Loads a YAML stream, runs the object rules on every object and the cross-object rules over the
/// whole stream, the way the engine does, and returns the findings of the selected rules. Load
/// errors fail the calling test.
std::vector<Finding> run_catalog(std::string_view yaml, const RunOptions& options = {},
                                 std::string_view file = "test.yaml");

/// True for the families this catalog covers (PSS, manifest, Dockerfile and image rules excluded).
bool in_catalog_families(const RuleMeta& meta);

}  // namespace bulwark::rules::testing
