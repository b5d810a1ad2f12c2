#pragma once

#include <cstdint>
#include <string_view>

namespace bulwark::secrets {

/// Bit i set: kPatterns[i] may match `text`, because one of its anchor literals occurs in it followed by
/// what the pattern requires there. A clear bit is a proof that the pattern's regex cannot match, so
/// the regexes run only on the few texts (and patterns) with a set bit. One pass over the text.
std::uint32_t candidate_patterns(std::string_view text);

}  // namespace bulwark::secrets
