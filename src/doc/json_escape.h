#pragma once

#include <string>
#include <string_view>

namespace bulwark::doc {

/// Appends `s` as a JSON string literal (quotes included), escaping what RFC 8259 requires.
void append_json_string(std::string& out, std::string_view s);

}  // namespace bulwark::doc
