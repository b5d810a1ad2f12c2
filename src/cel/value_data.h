#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "cel/value.h"

namespace bulwark::cel {

/// Heap storage of an owned list value.
struct ListData {
  std::vector<Value> items;
};

/// Heap storage of an owned map value: entries in insertion order, plus a hash index for larger maps.
struct MapData {
  std::vector<std::pair<Value, Value>> entries;
  std::vector<std::pair<std::size_t, std::uint32_t>> index;

  const std::pair<Value, Value>* lookup(const Value& key) const;
  void build_index();
};

}  // namespace bulwark::cel
