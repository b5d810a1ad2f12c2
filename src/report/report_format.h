#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/scan_result.h"

namespace bulwark::report {

/// Every report bulwark writes.
enum class ReportFormat { Text, Json, Sarif, Junit, PolicyReport, Github, Markdown };

std::optional<ReportFormat> parse_report_format(std::string_view name);
/// "text|json|sarif|junit|policyreport|github|markdown", for help and errors.
std::string_view report_format_names();

/// What the formats need besides the result.
struct ReportContext {
  std::string_view tool_version;
  std::string_view docs_base_url;
  bool color = false;     // text only
  bool explain = true;    // text: why/fix lines
  int64_t timestamp = 0;  // policyreport
};

std::string render_report(ReportFormat format, const engine::ScanResult& result,
                          const ReportContext& context);

}  // namespace bulwark::report
