#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rules/check_context.h"
#include "rules/rule_meta.h"

namespace bulwark::engine {

/// Which rules run: everything enabled by default, narrowed by `only` and `skip` (rule ids or
/// family names), with severity overrides from configuration.
struct RuleSelection {
  std::vector<std::string> only;  // empty: all rules enabled by default
  std::vector<std::string> skip;
  std::map<std::string, rules::Severity, std::less<>> severity_overrides;
  bool is_enabled(const rules::RuleMeta& rule) const;
  rules::Severity severity_of(const rules::RuleMeta& rule) const;
};

/// An object exempted from some (or all) rules by configuration.
struct Exemption {
  std::string kind;                // "" matches any
  std::string namespace_;          // "" matches any
  std::string name;                // "" matches any
  std::vector<std::string> rules;  // empty: every rule
};

/// Everything that shapes one scan.
struct ScanOptions {
  rules::PssLevel pss_level = rules::PssLevel::Restricted;
  rules::PssVersion pss_version;
  unsigned jobs = 0;  // 0: one per core
  RuleSelection rules;
  std::vector<Exemption> exemptions;
  std::vector<std::string> exclude_paths;  // glob patterns (fnmatch) against the scanned path
  std::vector<std::string> policy_paths;   // ValidatingAdmissionPolicy files or folders (--policy)
  // Images: which entry of a multi-platform index is read ("os/arch[/variant]"; "" = linux/amd64),
  // and whether each image's OS packages are kept as a CycloneDX SBOM in the result.
  std::string image_platform;
  bool collect_sboms = false;
  // The user policy requests are made as (request.userInfo, authorizer); empty: "bulwark" in
  // system:authenticated.
  std::string policy_user;
  std::vector<std::string> policy_groups;
};

}  // namespace bulwark::engine
