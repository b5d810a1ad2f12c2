#include "doc/text_position.h"

#include <algorithm>

namespace bulwark::doc {
namespace {
bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}
}  // namespace

void TextPositions::index_lines() const {
  if (!line_starts_.empty()) return;
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

Position TextPositions::from_offset(std::size_t offset) const {
  index_lines();
  offset = std::min(offset, text_.size());
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) - 1;
  uint32_t column = 1;
  for (std::size_t i = *it; i < offset; ++i)
    if (!is_continuation_byte(text_[i])) ++column;
  return Position{static_cast<uint32_t>(it - line_starts_.begin()) + first_line_, column};
}

std::size_t TextPositions::offset_of(Position p) const {
  index_lines();
  if (p.line < first_line_) return 0;
  const std::size_t line = p.line - first_line_;
  if (line >= line_starts_.size()) return text_.size();
  std::size_t offset = line_starts_[line];
  for (uint32_t column = 1; column < p.column && offset < text_.size() && text_[offset] != '\n'; ++column) {
    ++offset;
    while (offset < text_.size() && is_continuation_byte(text_[offset])) ++offset;
  }
  return offset;
}

Position ForwardPositionCursor::at(std::size_t offset) {
  offset = std::min(offset, text_.size());
  if (offset < offset_) {
    // Rare backwards step: restart from the beginning of the line we are on.
    std::size_t line_start = offset_;
    while (line_start > 0 && text_[line_start - 1] != '\n') --line_start;
    if (offset >= line_start) {
      position_.column = 1;
      offset_ = line_start;
    } else {
      offset_ = 0;
      position_ = Position{1, 1};
    }
  }
  for (; offset_ < offset; ++offset_) {
    const char c = text_[offset_];
    if (c == '\n') {
      ++position_.line;
      position_.column = 1;
    } else if (!is_continuation_byte(c)) {
      ++position_.column;
    }
  }
  return position_;
}

}  // namespace bulwark::doc
