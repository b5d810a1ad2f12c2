#pragma once

#include <cstddef>
#include <string>

#include "engine/scan_result.h"

namespace bulwark::report {

struct MarkdownReportOptions {
  /// Findings listed in the table; the rest are counted ("… and 12 more"), so a comment stays
  /// under the size limits of code-review tools.
  std::size_t max_rows = 50;
};

/// A pull-request comment: a headline, counts by severity, then a table of findings
/// (severity, rule, location, object, message) in the scan's order.
std::string render_markdown(const engine::ScanResult& result, const MarkdownReportOptions& options);

}  // namespace bulwark::report
