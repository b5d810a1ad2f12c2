#pragma once

#include <string>

#include "engine/scan_result.h"
#include "report/report_sink.h"

namespace bulwark::report {

struct TextReportOptions {
  bool color = false;
  /// Print each finding's why/fix lines (off with --quiet).
  bool explain = true;
  /// Print the closing summary line.
  bool summary = true;
};

/// Compiler-style diagnostics: `path:line:col: severity rule-id message`, a code frame with the
/// offending value underlined, one line of why and the fix, grouped by file, then a summary.
std::string render_text(const engine::ScanResult& result, const TextReportOptions& options);
/// The same report, written to `sink` a few dozen findings at a time.
void write_text(const engine::ScanResult& result, const TextReportOptions& options, ReportSink& sink);

/// The closing summary line alone ("12 findings (3 critical, …) in 6 files …").
std::string render_summary(const engine::ScanResult& result, const TextReportOptions& options);

}  // namespace bulwark::report
