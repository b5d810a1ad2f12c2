#include "dockerfile/words.h"

namespace bulwark::dockerfile {

std::vector<Span> split_words(std::string_view text, char escape) {
  std::vector<Span> words;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    while (i < n && is_blank(text[i])) ++i;
    if (i >= n) break;
    const std::size_t start = i;
    char quote = 0;
    while (i < n) {
      const char c = text[i];
      if (quote == 0) {
        if (is_blank(c)) break;
        if (c == '\'' || c == '"') {
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
