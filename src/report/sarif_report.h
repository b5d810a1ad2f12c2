#pragma once

#include <string>
#include <string_view>

#include "engine/scan_result.h"
#include "report/report_sink.h"

namespace bulwark::report {

struct SarifOptions {
  std::string_view tool_version;
  /// Where docs/rules/<id>.md are published (ends with '/'); empty: a rule's helpUri is its first
  /// reference instead.
  std::string_view docs_base_url;
};

/// SARIF 2.1.0 as GitHub code scanning reads it: one run, the whole rule catalog in
/// tool.driver.rules (help text and markdown generated from the rule metadata, helpUri,
/// `security-severity`), one result per finding with a physical region (columns in Unicode code
/// points), the object as a logical location, and line-independent partialFingerprints.
/// Load errors become tool execution notifications.
std::string render_sarif(const engine::ScanResult& result, const SarifOptions& options);
/// The same log, written to `sink` as it is rendered, a few dozen results at a time.
void write_sarif(const engine::ScanResult& result, const SarifOptions& options, ReportSink& sink);

/// GitHub's `security-severity` score for a severity ("9.5" for critical … "1.0" for info).
std::string_view security_severity(rules::Severity s);

}  // namespace bulwark::report
