#pragma once

#include <string>
#include <string_view>

namespace bulwark::report {

/// A file path as a URI reference: relative paths stay relative (SARIF resolves them against
/// %SRCROOT%), absolute ones become file:// URIs; bytes outside RFC 3986's unreserved set and
/// '/' are percent-encoded.
std::string path_to_uri(std::string_view path);

}  // namespace bulwark::report
