#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "doc/source_range.h"

namespace bulwark::doc {

/// Converts between byte offsets in a text and line:column positions (columns in code points).
/// The text starts at line `first_line` of its file.
class TextPositions {
 public:
  TextPositions(std::string_view text, uint32_t first_line) : text_(text), first_line_(first_line) {}

  /// libyaml marks are 0-based lines (within the text) and 0-based code-point columns.
  Position from_mark(std::size_t line, std::size_t column) const {
    return Position{static_cast<uint32_t>(line + first_line_), static_cast<uint32_t>(column + 1)};
  }
  Position from_offset(std::size_t offset) const;
  /// Byte offset of a position (clamped to the text); the inverse of from_offset.
  std::size_t offset_of(Position p) const;

 private:
  void index_lines() const;
  std::string_view text_;
  uint32_t first_line_;
  mutable std::vector<std::size_t> line_starts_;
};

/// Positions for offsets that mostly increase (a JSON parse visits values in order): advancing
/// from the previous answer keeps a minified one-line file linear instead of quadratic.
class ForwardPositionCursor {
 public:
  explicit ForwardPositionCursor(std::string_view text);
  Position at(std::size_t offset) {
    // The JSON loader asks for two positions per value: the usual case (ASCII text, moving
    // forward within a line) is inline.
    if (ascii_ && offset >= offset_ && offset <= next_line_break_) {
      offset_ = offset;
      position_.column = static_cast<uint32_t>(offset - line_start_ + 1);
      return position_;
    }
    return at_elsewhere(offset);
  }

 private:
  std::string_view text_;
  bool ascii_ = false;      // then a column is a byte count from the line's start
  std::size_t offset_ = 0;  // where position_ is
  // For ASCII text only: where position_'s line starts and the first '\n' at or after it.
  std::size_t line_start_ = 0;
  std::size_t next_line_break_ = 0;
  std::size_t line_break_from(std::size_t offset) const;
  Position at_elsewhere(std::size_t offset);
  Position position_{1, 1};
};

}  // namespace bulwark::doc
