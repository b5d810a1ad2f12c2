#include "doc/node_arena.h"

#include <algorithm>

namespace bulwark::doc {

void* NodeArena::allocate_in_new_chunk(std::size_t bytes, std::size_t alignment) {
  // A piece bigger than a chunk gets memory of its own; the current chunk stays in use for
  // the small pieces that follow.
  if (bytes + alignment > next_chunk_ / 2) return upstream_.allocate(bytes, alignment);
  const std::size_t size = next_chunk_;
  next_chunk_ = std::min<std::size_t>(next_chunk_ * 2, std::size_t{1} << 24);
  auto* chunk = static_cast<std::byte*>(upstream_.allocate(size, alignof(std::max_align_t)));
  current_ = reinterpret_cast<std::uintptr_t>(chunk);
  end_ = current_ + size;
  return allocate(bytes, alignment);
}

}  // namespace bulwark::doc
