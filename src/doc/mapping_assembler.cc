#include "doc/mapping_assembler.h"

#include <algorithm>

namespace bulwark::doc {

bool sorted_names_repeat(std::vector<std::string_view> names) {
  std::sort(names.begin(), names.end());
  return std::adjacent_find(names.begin(), names.end()) != names.end();
}

namespace {
// Below this size a linear scan beats hashing; above it, hashing keeps hostile mappings with a
// million keys linear instead of quadratic.
constexpr std::size_t kLinearScanLimit = 16;
}  // namespace

void MappingAssembler::reset() {
  entries_.clear();
  explicit_.clear();
  index_.clear();
}

std::optional<std::size_t> MappingAssembler::find(std::string_view name) {
  if (entries_.size() <= kLinearScanLimit) {
    for (std::size_t i = 0; i < entries_.size(); ++i)
      if (entries_[i].name == name) return i;
    return std::nullopt;
  }
  if (index_.empty())
    for (std::size_t i = 0; i < entries_.size(); ++i) index_.emplace(entries_[i].name, i);
  auto it = index_.find(name);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

void MappingAssembler::insert(const MapEntry& entry, bool is_explicit) {
  entries_.push_back(entry);
  explicit_.push_back(is_explicit);
  if (!index_.empty()) index_.emplace(entry.name, entries_.size() - 1);
}

const Node* MappingAssembler::set_explicit(std::string_view name, const Node* key, const Node* value) {
  if (const auto at = find(name)) {
    MapEntry& existing = entries_[*at];
    const Node* replaced = explicit_[*at] ? existing.key : nullptr;
    existing = MapEntry{name, key, value};
    explicit_[*at] = true;
    return replaced;
  }
  insert(MapEntry{name, key, value}, true);
  return nullptr;
}

void MappingAssembler::set_merged(const MapEntry& entry) {
  if (const auto at = find(entry.name)) {
    entries_[*at] = entry;
    explicit_[*at] = false;
    return;
  }
  insert(entry, false);
}

}  // namespace bulwark::doc
