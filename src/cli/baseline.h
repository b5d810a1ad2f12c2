#pragma once

#include <expected>
#include <set>
#include <string>

#include "engine/scan_result.h"

namespace bulwark::cli {

/// Findings accepted as they are (adopting bulwark on an existing repository): a JSON file of
/// line-independent fingerprints (report/fingerprint.h), so that editing a file elsewhere does
/// not bring baselined findings back. Format, schemaVersion 1:
///   {"schemaVersion":1,"findings":[{"fingerprint":"…","ruleId":"…","file":"…","object":"…"}]}
struct Baseline {
  std::set<std::string, std::less<>> fingerprints;
};

std::expected<Baseline, std::string> read_baseline(const std::string& path);

/// The baseline file text for a scan's findings.
std::string render_baseline(const engine::ScanResult& result, std::string_view tool_version);

/// Removes baselined findings from a result and counts them as suppressed; returns how many.
std::size_t apply_baseline(const Baseline& baseline, engine::ScanResult& result);

}  // namespace bulwark::cli
