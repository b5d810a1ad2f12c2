#include "doc/text_position.h"

#include <algorithm>
#include <cstring>

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

ForwardPositionCursor::ForwardPositionCursor(std::string_view text) : text_(text) {
  uint64_t any = 0;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    any |= word;
  }
  for (; i < text.size(); ++i) any |= static_cast<unsigned char>(text[i]);
  ascii_ = (any & 0x8080808080808080ULL) == 0;
  next_line_break_ = line_break_from(0);
}

std::size_t ForwardPositionCursor::line_break_from(std::size_t offset) const {
  if (offset >= text_.size()) return text_.size();
  const void* nl = std::memchr(text_.data() + offset, '\n', text_.size() - offset);
  return nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text_.data()) : text_.size();
}

Position ForwardPositionCursor::at_elsewhere(std::size_t offset) {
  offset = std::min(offset, text_.size());
  if (ascii_) {
    // One byte per column: only line breaks need finding (a JSON body is usually one line).
    if (offset < line_start_) {
      line_start_ = 0;
      position_.line = 1;
      next_line_break_ = line_break_from(0);
    }
    while (next_line_break_ < offset) {
      ++position_.line;
      line_start_ = next_line_break_ + 1;
      next_line_break_ = line_break_from(line_start_);
    }
    offset_ = offset;
    position_.column = static_cast<uint32_t>(offset - line_start_ + 1);
    return position_;
  }
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
  // Eight bytes at a time: when they hold no line break, the column advances by the bytes that
  // start a code point (all but UTF-8 continuation bytes, 10xxxxxx).
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
  while (offset_ < offset) {
    std::size_t stop = offset;
    if (offset - offset_ >= 8) {
      uint64_t word;
      std::memcpy(&word, text_.data() + offset_, 8);
      const uint64_t newlines = word ^ (kOnes * '\n');
      if (((newlines - kOnes) & ~newlines & kHighs) == 0) {  // no zero byte: no '\n'
        const uint64_t continuation = word & ~(word << 1) & kHighs;
        // Each marked byte is 0x80: shifted to 1 and summed into the top byte by the multiply.
        position_.column += 8 - static_cast<uint32_t>(((continuation >> 7) * kOnes) >> 56);
        offset_ += 8;
        continue;
      }
      stop = offset_ + 8;
    }
    for (; offset_ < stop; ++offset_) {
      const char c = text_[offset_];
      if (c == '\n') {
        ++position_.line;
        position_.column = 1;
      } else if (!is_continuation_byte(c)) {
        ++position_.column;
      }
    }
  }
  return position_;
}

}  // namespace bulwark::doc
