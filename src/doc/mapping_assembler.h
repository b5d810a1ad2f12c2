#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "doc/document.h"
#include "doc/node.h"

namespace bulwark::doc {

/// Whether two of `names` are equal, by sorting them (for mappings too large to compare pairwise).
bool sorted_names_repeat(std::vector<std::string_view> names);

/// Whether two entries share a name, each read as `name_of(entry)` (a loader may keep the bytes of
/// the names elsewhere while it builds them). The JSON loaders ask it of every object before taking
/// its fields as its entries, and repeats are rare: for the usual handful of entries, a bit per
/// name keyed by its length and its first and last bytes settles most objects in one pass, and
/// only a name whose bit is taken is compared with the ones before it. Larger mappings sort their
/// names (a hostile one with a million keys stays n log n).
template <class NameOf>
bool has_repeated_name(std::span<const MapEntry> entries, NameOf&& name_of) {
  constexpr std::size_t kPairwiseLimit = 16;
  if (entries.size() > kPairwiseLimit) {
    std::vector<std::string_view> names;
    names.reserve(entries.size());
    for (const MapEntry& e : entries) names.push_back(name_of(e));
    return sorted_names_repeat(std::move(names));
  }
  uint64_t seen = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::string_view name = name_of(entries[i]);
    const std::size_t key = name.empty() ? 0
                                         : name.size() + 7 * static_cast<unsigned char>(name.front()) +
                                               3 * static_cast<unsigned char>(name.back());
    const uint64_t bit = uint64_t{1} << (key & 63);
    if (seen & bit)
      for (std::size_t j = 0; j < i; ++j)
        if (name_of(entries[j]) == name) return true;
    seen |= bit;
  }
  return false;
}

/// has_repeated_name over the entries' own names.
inline bool has_duplicate_name(std::span<const MapEntry> entries) {
  return has_repeated_name(entries, [](const MapEntry& e) { return e.name; });
}

/// Collects the entries of one mapping the way Go's map assignment does: a later value for the
/// same key replaces the earlier one (keeping the first key's place in the order). Duplicate
/// explicit keys are remembered as warnings; merged (`<<`) entries override silently, as YAML
/// intends. Reused across mappings to keep its buffers warm.
class MappingAssembler {
 public:
  void reset();
  /// An explicit key: returns the key it replaced, if any.
  const Node* set_explicit(std::string_view name, const Node* key, const Node* value);
  /// An entry brought in by a `<<` merge.
  void set_merged(const MapEntry& entry);
  std::span<const MapEntry> entries() const { return entries_; }

 private:
  std::optional<std::size_t> find(std::string_view name);
  void insert(const MapEntry& entry, bool is_explicit);

  std::vector<MapEntry> entries_;
  std::vector<bool> explicit_;
  std::unordered_map<std::string_view, std::size_t> index_;  // used once a mapping is large
};

}  // namespace bulwark::doc
