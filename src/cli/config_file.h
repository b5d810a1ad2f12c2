#pragma once

#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "engine/scan_options.h"

namespace bulwark::cli {

/// The settings of a .bulwark.yaml (documented in docs/configuration.md):
///
///   severityThreshold: high          # which findings fail the run
///   pssLevel: baseline
///   pssVersion: v1.30
///   rules:
///     only: [pod-security]           # rule ids or families; default: every rule on by default
///     disable: [PSS-runAsUser, BW-workload-image-latest-tag]
///     severity: {BW-workload-cpu-limit: low}
///   exclude: ["charts/*", "test/fixtures/*"]   # globs, relative to the file's directory
///   exemptions:
///     - {kind: Deployment, namespace: kube-system, name: coredns, rules: [PSS-privileged],
///        reason: "DNS needs NET_BIND_SERVICE"}
struct Config {
  std::string path;  // where it was read from
  std::optional<std::string> severity_threshold;
  std::optional<std::string> pss_level;
  std::optional<std::string> pss_version;
  std::vector<std::string> only;
  std::vector<std::string> disable;
  std::map<std::string, rules::Severity, std::less<>> severities;
  std::vector<std::string> exclude;  // as written
  std::vector<engine::Exemption> exemptions;
};

/// The nearest .bulwark.yaml (or .bulwark.yml) in the directory of `scanned_path` or above it;
/// "" when there is none.
std::string find_config(const std::string& scanned_path);

/// Reads a configuration file with bulwark's own YAML loader. Unknown keys and wrong types are
/// errors ("path:line:col: message"), so a typo never silently disables nothing.
std::expected<Config, std::string> load_config(const std::string& path);

/// Applies a configuration to scan options; `exclude` globs are anchored at the file's directory
/// in the form the scanned paths use (relative or absolute).
void apply_config(const Config& config, engine::ScanOptions& options);

}  // namespace bulwark::cli
