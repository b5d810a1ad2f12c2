#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace bulwark::dockerfile {

/// The byte offset where each line of `text` starts, from `from` on: `from`, then one past every '\n'
/// (a text ending in '\n' thus ends with text.size(), an empty last line). Found 16 bytes at a time: the
/// parser walks the lines with it and the rules quote them, so a file is searched for line breaks once.
std::vector<std::uint32_t> line_starts(std::string_view text, std::size_t from = 0);

}  // namespace bulwark::dockerfile
