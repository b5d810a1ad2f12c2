#include "dockerfile/line_index.h"

#include <bit>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace bulwark::dockerfile {

std::vector<std::uint32_t> line_starts(std::string_view text, std::size_t from) {
  std::vector<std::uint32_t> starts;
  starts.reserve(text.size() / 32 + 2);  // Dockerfile lines are a few dozen bytes: one allocation
  starts.push_back(static_cast<std::uint32_t>(from));
  std::size_t i = from;
#if defined(__SSE2__)
  const __m128i newline = _mm_set1_epi8('\n');
  for (; i + 16 <= text.size(); i += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    for (auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, newline))); mask != 0;
         mask &= mask - 1)
      starts.push_back(static_cast<std::uint32_t>(i + static_cast<std::size_t>(std::countr_zero(mask)) + 1));
  }
#endif
  for (; i < text.size(); ++i)
    if (text[i] == '\n') starts.push_back(static_cast<std::uint32_t>(i + 1));
  return starts;
}

}  // namespace bulwark::dockerfile
