#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace bulwark::dockerfile {

/// A slice [offset, offset + length) of an instruction's argument text.
struct Span {
  std::uint32_t offset = 0;
  std::uint32_t length = 0;
};

/// Splits instruction arguments on blanks outside quotes, the way BuildKit's parser groups words for
/// ENV, LABEL, ARG and the flags: quotes and escapes stay in the word (expansion removes them later);
/// the escape character protects the next byte, except inside single quotes.
std::vector<Span> split_words(std::string_view text, char escape);

/// The length of the word split_words() finds at the start of `text` (which starts with a non-blank):
/// reading one flag needs its first word, not the words of the whole rest of the line.
std::size_t first_word_length(std::string_view text, char escape);

/// True for the blanks BuildKit splits on.
constexpr bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

}  // namespace bulwark::dockerfile
