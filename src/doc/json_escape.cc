#include "doc/json_escape.h"

#include <cstdint>
#include <cstdio>
#include <cstring>

namespace bulwark::doc {
namespace {

bool needs_escape(char c) {
  return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
}

// Whether any of eight bytes is '"', '\\' or below 0x20, without looking at each: the classic
// "has a zero byte" and "has a byte less than n" word tests (exact as to whether any byte does).
bool word_needs_escape(uint64_t word) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  return (has_zero(word ^ (kOnes * '"')) | has_zero(word ^ (kOnes * '\\')) |
          ((word - kOnes * 0x20) & ~word & kHighs)) != 0;
}

void append_escaped(std::string& out, char c) {
  // Two-character escapes are the common case (quotes in messages): append them as a pair of
  // bytes rather than through a C string's length.
  char pair[2] = {'\\', c};
  switch (c) {
    case '"':
    case '\\':
      break;
    case '\n':
      pair[1] = 'n';
      break;
    case '\r':
      pair[1] = 'r';
      break;
    case '\t':
      pair[1] = 't';
      break;
    default: {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
      out += buf;
      return;
    }
  }
  out.append(pair, 2);
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  // Runs of characters that need no escape are appended at once (most text is one run): the
  // webhook writes every answer and decision line through here.
  out.reserve(out.size() + s.size() + 2);
  out.push_back('"');
  std::size_t run = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t stop = s.size();
    if (s.size() - i >= 8) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if (!word_needs_escape(word)) {
        i += 8;
        continue;
      }
      stop = i + 8;
    }
    for (; i < stop; ++i) {
      if (!needs_escape(s[i])) continue;
      out.append(s.data() + run, i - run);
      append_escaped(out, s[i]);
      run = i + 1;
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

}  // namespace bulwark::doc
