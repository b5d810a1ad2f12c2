#pragma once

#include <string>
#include <string_view>

#include "engine/scan_result.h"
#include "report/report_sink.h"

namespace bulwark::report {

/// The JSON report, schemaVersion 1 (documented in docs/json-report.md): findings, load errors,
/// notices and the summary, in the scan's stable order, one object per line of the array.
/// Large reports render their findings on up to `threads` threads (0: one per core); the text
/// does not depend on it.
std::string render_json(const engine::ScanResult& result, std::string_view tool_version,
                        unsigned threads = 0);

/// The same report, written to `sink` as it is rendered: the findings go out in chunks of a few
/// dozen, so a large report is never whole in memory. The bytes are render_json's.
void write_json(const engine::ScanResult& result, std::string_view tool_version, ReportSink& sink,
                unsigned threads = 0);

}  // namespace bulwark::report
