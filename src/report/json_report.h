#pragma once

#include <string>
#include <string_view>

#include "engine/scan_result.h"

namespace bulwark::report {

/// The JSON report, schemaVersion 1 (documented in docs/json-report.md): findings, load errors,
/// notices and the summary, in the scan's stable order, one object per line of the array.
std::string render_json(const engine::ScanResult& result, std::string_view tool_version);

}  // namespace bulwark::report
