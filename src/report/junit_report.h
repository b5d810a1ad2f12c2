#pragma once

#include <string>

#include "engine/scan_result.h"

namespace bulwark::report {

/// JUnit XML for CI test-report widgets: one <testsuite> per file, one <testcase> per
/// object-rule pair (classname = the object, name = the rule id) whose <failure> lists that
/// pair's findings; load errors are <error> testcases. A clean scan is one passing testcase.
std::string render_junit(const engine::ScanResult& result);

/// Escapes text for XML character data and attribute values.
std::string xml_escape(std::string_view s);

}  // namespace bulwark::report
