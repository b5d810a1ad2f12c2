#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace bulwark::cel {

/// Appends the UTF-8 encoding of a code point.
void append_utf8(std::string& out, char32_t cp);

/// Length in bytes of the UTF-8 sequence starting at `pos` (1 for invalid lead bytes).
std::size_t utf8_sequence_length(std::string_view s, std::size_t pos);

/// Decodes the code point at `pos` and advances `pos`; invalid bytes decode as U+FFFD.
char32_t decode_utf8(std::string_view s, std::size_t& pos);

/// Number of code points in a UTF-8 string.
std::size_t code_point_count(std::string_view s);

/// True when the bytes are well-formed UTF-8.
bool valid_utf8(std::string_view s);

/// Byte offset of the index-th code point (s.size() when index equals the count).
std::size_t code_point_offset(std::string_view s, std::size_t index);

}  // namespace bulwark::cel
