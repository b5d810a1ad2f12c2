#include "dockerfile/words.h"

#include <array>

namespace bulwark::dockerfile {
namespace {

// Bytes that can end a word or change how the next ones are read: blanks, quotes and the escape
// character. Words are scanned a table lookup per byte: every instruction's arguments go through here.
using StopBytes = std::array<bool, 256>;

constexpr StopBytes stop_bytes(char escape) {
  StopBytes stops{};
  for (unsigned c = 0; c < 256; ++c) stops[c] = is_blank(static_cast<char>(c));
  stops[static_cast<unsigned char>('\'')] = true;
  stops[static_cast<unsigned char>('"')] = true;
  stops[static_cast<unsigned char>(escape)] = true;
  return stops;
}

constexpr StopBytes kBackslashStops = stop_bytes('\\');
constexpr StopBytes kBacktickStops = stop_bytes('`');

}  // namespace

namespace {

const StopBytes& stops_for(char escape, StopBytes& other) {
  // The parser only accepts `\\` and `` ` `` as escape characters; any other gets its own table.
  if (escape == '\\') return kBackslashStops;
  if (escape == '`') return kBacktickStops;
  other = stop_bytes(escape);
  return other;
}

/// One past the end of the word that starts at `start` (a non-blank byte).
std::size_t word_end(std::string_view text, std::size_t start, char escape, const StopBytes& stops) {
  auto stop = [&](char c) { return stops[static_cast<unsigned char>(c)]; };
  std::size_t i = start;
  const std::size_t n = text.size();
  char quote = 0;
  while (i < n) {
    while (i < n && !stop(text[i])) ++i;
    if (i >= n) break;
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
  return i;
}

}  // namespace

std::vector<Span> split_words(std::string_view text, char escape) {
  StopBytes other{};
  const StopBytes& stops = stops_for(escape, other);
  std::vector<Span> words;
  words.reserve(8);  // most instructions have a few words: one allocation instead of four
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    while (i < n && is_blank(text[i])) ++i;
    if (i >= n) break;
    const std::size_t start = i;
    i = word_end(text, start, escape, stops);
    words.push_back({static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(i - start)});
  }
  return words;
}

std::size_t first_word_length(std::string_view text, char escape) {
  StopBytes other{};
  return word_end(text, 0, escape, stops_for(escape, other));
}

}  // namespace bulwark::dockerfile
