#pragma once

#include <string>

namespace bulwark::cel {

/// Formats a double as CEL's string() does (Go's strconv.FormatFloat(d, 'g', -1, 64) with the exponent
/// threshold of 21): shortest round-trip digits.
std::string format_double(double d);

}  // namespace bulwark::cel
