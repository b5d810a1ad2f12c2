#include "doc/json_escape.h"

#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace bulwark::doc {
namespace {

bool needs_escape(char c) {
  return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
}

// The bytes of eight that are '"', '\\' or below 0x20, as their high bits: the classic "has a zero
// byte" and "has a byte less than n" word tests. A flag above a flagged byte may be false (a borrow
// runs upward), but the lowest flag always marks a byte that needs escaping, which is all the caller
// uses: it jumps there, escapes it, and tests again from the next byte.
uint64_t escape_flags(uint64_t word) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  return has_zero(word ^ (kOnes * '"')) | has_zero(word ^ (kOnes * '\\')) |
         ((word - kOnes * 0x20) & ~word & kHighs);
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
  // Runs of characters that need no escape are appended at once (most text is one run), found eight
  // bytes at a time: the webhook writes every answer and decision line through here, and reports
  // every finding's message, path and snippet.
  out.reserve(out.size() + s.size() + 2);
  out.push_back('"');
  std::size_t run = 0;  // start of the bytes not yet appended
  std::size_t i = 0;
#if defined(__SSE2__)
  // Sixteen bytes at a time, exactly: one compare per kind of byte that needs escaping.
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'),
                last_control = _mm_set1_epi8(0x1f);
  while (s.size() - i >= 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(bytes, last_control), last_control);  // byte <= 0x1f
    const auto flags = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)), control)));
    if (!flags) {
      i += 16;
      continue;
    }
    i += static_cast<std::size_t>(std::countr_zero(flags));
    out.append(s.data() + run, i - run);
    append_escaped(out, s[i]);
    run = ++i;
  }
#endif
  if constexpr (std::endian::native == std::endian::little) {
    while (s.size() - i >= 8) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      const uint64_t flags = escape_flags(word);
      if (!flags) {
        i += 8;
        continue;
      }
      i += static_cast<std::size_t>(std::countr_zero(flags)) / 8;
      out.append(s.data() + run, i - run);
      append_escaped(out, s[i]);
      run = ++i;
    }
  }
  for (; i < s.size(); ++i) {
    if (!needs_escape(s[i])) continue;
    out.append(s.data() + run, i - run);
    append_escaped(out, s[i]);
    run = i + 1;
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

}  // namespace bulwark::doc
