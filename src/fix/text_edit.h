#pragma once

#include <cstddef>
#include <expected>
#include <span>
#include <string>
#include <string_view>

namespace bulwark::fix {

/// One change to a text: bytes [begin, end) become `replacement` (begin == end inserts).
/// `order` breaks ties between insertions at the same offset: lower goes first.
struct TextEdit {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string replacement;
  int order = 0;
};

/// Applies edits that do not overlap (any order given); an error names the first overlap.
std::expected<std::string, std::string> apply_edits(std::string_view text, std::span<const TextEdit> edits);

}  // namespace bulwark::fix
