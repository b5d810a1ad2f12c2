#include "doc/json_escape.h"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace bulwark::doc {
namespace {

// What each byte grows by when written in a JSON string: 0 for most, 1 for a two-character escape
// (\" \\ \n \r \t), 5 for \u00XX (the other control characters).
constexpr std::array<uint8_t, 256> kGrowth = [] {
  std::array<uint8_t, 256> growth{};
  for (std::size_t c = 0; c < 0x20; ++c) growth[c] = 5;
  for (const char c : {'"', '\\', '\n', '\r', '\t'}) growth[static_cast<unsigned char>(c)] = 1;
  return growth;
}();

std::size_t growth_of(char c) {
  return kGrowth[static_cast<unsigned char>(c)];
}

// Writes the escape of a byte that needs one; returns the end.
char* write_escape(char* out, char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  out[0] = '\\';
  switch (c) {
    case '"':
    case '\\':
      out[1] = c;
      return out + 2;
    case '\n':
      out[1] = 'n';
      return out + 2;
    case '\r':
      out[1] = 'r';
      return out + 2;
    case '\t':
      out[1] = 't';
      return out + 2;
    default: {
      const auto byte = static_cast<unsigned char>(c);
      std::memcpy(out + 1, "u00", 3);
      out[4] = kHex[byte >> 4];
      out[5] = kHex[byte & 15];
      return out + 6;
    }
  }
}

// Calls `escaped(i)`, in order, for each byte of `s` that needs an escape.
template <class Visit>
void for_each_escaped(std::string_view s, Visit&& escaped) {
  std::size_t i = 0;
#if defined(__SSE2__)
  // Sixteen bytes at a time, one compare per kind of byte that needs escaping; the last bytes of a
  // longer text are read as the sixteen that end it, without the bits of those already read.
  if (s.size() >= 16) {
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'),
                  last_control = _mm_set1_epi8(0x1f);
    auto flagged = [&](std::size_t at) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + at));
      const __m128i control =
          _mm_cmpeq_epi8(_mm_max_epu8(bytes, last_control), last_control);  // byte <= 0x1f
      return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(
          _mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)), control)));
    };
    for (; s.size() - i >= 16; i += 16)
      for (unsigned flags = flagged(i); flags; flags &= flags - 1)
        escaped(i + static_cast<std::size_t>(std::countr_zero(flags)));
    if (i < s.size()) {
      const std::size_t last = s.size() - 16;
      for (unsigned flags = flagged(last) >> (i - last); flags; flags &= flags - 1)
        escaped(i + static_cast<std::size_t>(std::countr_zero(flags)));
    }
    return;
  }
#endif
  for (; i < s.size(); ++i)
    if (kGrowth[static_cast<unsigned char>(s[i])]) escaped(i);
}

// Writes the bytes of `s` from `run` on up to the escape at `at`, then that escape; returns the end.
char* write_run_and_escape(char* out, std::string_view s, std::size_t run, std::size_t at) {
  std::memcpy(out, s.data() + run, at - run);
  return write_escape(out + (at - run), s[at]);
}

// Writes `s` with its escapes at `out` (room for them known); returns the end. Runs of bytes that
// need no escape are copied at once.
char* write_escaped(char* out, std::string_view s) {
  std::size_t run = 0;  // start of the bytes not yet written
  for_each_escaped(s, [&](std::size_t at) {
    out = write_run_and_escape(out, s, run, at);
    run = at + 1;
  });
  std::memcpy(out, s.data() + run, s.size() - run);
  return out + (s.size() - run);
}

/// The escapes of a string, found in one pass: how many bytes they add, and where the first ones
/// are (messages hold a few quotes), so that writing them needs no second pass.
struct Escapes {
  static constexpr std::size_t kKept = 64;
  std::size_t growth = 0;
  std::size_t count = 0;  // may exceed kKept: then only the first kKept are in `at`
  std::array<std::size_t, kKept> at;

  explicit Escapes(std::string_view s) {
    for_each_escaped(s, [&](std::size_t i) {
      growth += growth_of(s[i]);
      if (count < kKept) at[count] = i;
      ++count;
    });
  }
};

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  // The webhook writes every answer and decision line through here, and reports every finding's
  // message, path and snippet. The escapes are counted first (most text has none, messages a few
  // quotes), so that the literal is written in place at its final size: no append per run and
  // per escape.
  const Escapes escapes(s);
  const std::size_t growth = escapes.growth;
  const std::size_t at = out.size();
  // The length is returned as written, not taken from the second argument: GCC 12's library passes
  // the capacity it grew to there, not the size asked for.
  out.resize_and_overwrite(at + s.size() + growth + 2, [&](char* data, std::size_t) {
    char* w = data + at;
    *w++ = '"';
    if (growth == 0) {
      if (!s.empty()) std::memcpy(w, s.data(), s.size());  // an empty view's data may be null
      w += s.size();
    } else if (escapes.count > Escapes::kKept) {
      w = write_escaped(w, s);
    } else {
      std::size_t run = 0;
      for (std::size_t i = 0; i < escapes.count; ++i) {
        w = write_run_and_escape(w, s, run, escapes.at[i]);
        run = escapes.at[i] + 1;
      }
      std::memcpy(w, s.data() + run, s.size() - run);
      w += s.size() - run;
    }
    *w++ = '"';
    return static_cast<std::size_t>(w - data);
  });
}

}  // namespace bulwark::doc
