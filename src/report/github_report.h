#pragma once

#include <string>

#include "engine/scan_result.h"

namespace bulwark::report {

/// GitHub Actions workflow commands, one per finding and load error, which the runner turns into
/// inline annotations on the pull request: `::error file=…,line=…,col=…,endLine=…,endColumn=…,
/// title=RULE::message` (critical/high → error, medium/low → warning, info → notice).
std::string render_github(const engine::ScanResult& result);

}  // namespace bulwark::report
