#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace bulwark::doc {

/// Offset of the first byte that is not part of well-formed UTF-8 (RFC 3629: no overlongs, no
/// surrogates, nothing above U+10FFFF), or nullopt when the whole text is valid. Used to point
/// an error at the bad byte; simdjson only says *that* the text is invalid.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

}  // namespace bulwark::doc
