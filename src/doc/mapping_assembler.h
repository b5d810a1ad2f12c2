#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "doc/document.h"
#include "doc/node.h"

namespace bulwark::doc {

/// Whether two entries share a name: pairwise for the usual handful, by sorting the names beyond.
/// The JSON loaders ask it of every object before taking its fields as its entries.
bool has_duplicate_name(std::span<const MapEntry> entries);

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
