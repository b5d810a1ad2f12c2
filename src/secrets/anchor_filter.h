#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace bulwark::secrets {

/// Bit i set: kPatterns[i] may match `text`, because one of its anchor literals occurs in it followed by
/// what the pattern requires there. A clear bit is a proof that the pattern's regex cannot match, so
/// the regexes run only on the few texts (and patterns) with a set bit. One pass over the text.
std::uint32_t candidate_patterns(std::string_view text);

/// candidate_patterns() one position at a time, whatever the CPU: the reference its vector path is tested
/// against.
std::uint32_t candidate_patterns_scalar(std::string_view text);

/// The offsets in `text` where one of kPatterns[pattern]'s anchors starts followed by what the pattern
/// requires (where candidate_patterns() found the pattern possible), in increasing order, into `out`.
/// Every match of the pattern contains one of them, unless has_non_ascii_fold(text).
void anchor_positions(std::string_view text, std::size_t pattern, std::vector<std::size_t>& out);

/// Whether `text` holds a character that RE2's (?i) folds onto an ASCII letter (U+212A KELVIN SIGN onto
/// 'k', U+017F LATIN SMALL LETTER LONG S onto 's'): such a text may match without any ASCII anchor.
bool has_non_ascii_fold(std::string_view text);

}  // namespace bulwark::secrets
