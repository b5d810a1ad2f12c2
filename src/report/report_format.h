#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/scan_result.h"
#include "report/report_sink.h"

namespace bulwark::report {

/// Every report bulwark writes.
/// CycloneDx is not a findings report: it is the SBOM of the one image a scan read (the command
/// line refuses it for scans with no image or several).
enum class ReportFormat { Text, Json, Sarif, Junit, PolicyReport, Github, Markdown, CycloneDx };

std::optional<ReportFormat> parse_report_format(std::string_view name);
/// "text|json|sarif|junit|policyreport|github|markdown|cyclonedx", for help and errors.
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

/// The same report, written to `sink`. JSON, SARIF and text are written as they are rendered
/// (never whole in memory); the other formats are rendered, then written.
void write_report(ReportFormat format, const engine::ScanResult& result, const ReportContext& context,
                  ReportSink& sink);

}  // namespace bulwark::report
