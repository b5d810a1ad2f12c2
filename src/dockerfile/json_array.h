#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::dockerfile {

/// One decoded string of an exec-form array and the offset of its opening quote.
struct JsonString {
  std::string value;
  std::uint32_t offset = 0;
};

/// Decodes `["a", "b"]` (a JSON array of strings, nothing after the closing bracket but blanks), as the exec
/// form requires. Nothing when the text is not exactly that: BuildKit then falls back to the shell form.
std::optional<std::vector<JsonString>> parse_json_string_array(std::string_view text);

}  // namespace bulwark::dockerfile
