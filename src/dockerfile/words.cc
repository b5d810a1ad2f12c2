#include "dockerfile/words.h"

#include <array>

namespace bulwark::dockerfile {
namespace {

// What a byte can do to word splitting (besides being the escape character). A table lookup per byte
// instead of a chain of comparisons: every instruction's arguments go through here.
enum ByteClass : std::uint8_t { kPlain, kBlank, kQuote };

constexpr std::array<ByteClass, 256> kClasses = [] {
  std::array<ByteClass, 256> classes{};
  for (unsigned c = 0; c < 256; ++c)
    if (is_blank(static_cast<char>(c))) classes[c] = kBlank;
  classes['\''] = kQuote;
  classes['"'] = kQuote;
  return classes;
}();

ByteClass class_of(char c) {
  return kClasses[static_cast<unsigned char>(c)];
}

}  // namespace

std::vector<Span> split_words(std::string_view text, char escape) {
  std::vector<Span> words;
  words.reserve(8);  // most instructions have a few words: one allocation instead of four
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    while (i < n && class_of(text[i]) == kBlank) ++i;
    if (i >= n) break;
    const std::size_t start = i;
    char quote = 0;
    while (i < n) {
      const char c = text[i];
      const ByteClass k = class_of(c);
      if (k == kPlain && c != escape) {
        ++i;
        continue;
      }
      if (quote == 0) {
        if (k == kBlank) break;
        if (k == kQuote) {
          quote = c;
        } else if (c == escape && i + 1 < n) {
          ++i;  // the escaped byte is part of the word, whatever it is
        }
      } else if (c == quote) {
        quote = 0;
      } else if (c == escape && quote != '\'' && i + 1 < n) {
        ++i;
      }
      ++i;
    }
    words.push_back({static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(i - start)});
  }
  return words;
}

}  // namespace bulwark::dockerfile
