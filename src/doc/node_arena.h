#pragma once

#include <cstddef>
#include <cstdint>
#include <memory_resource>

namespace bulwark::doc {

/// The memory of one document's nodes and strings: a bump pointer over chunks taken from a
/// monotonic buffer. Loading allocates several hundred small pieces per kilobyte of text, so the
/// common case (the piece fits in the current chunk) is inline and branch-light; the monotonic
/// resource's own allocate is an out-of-line virtual call that cost about as much as building the node.
/// Everything is released at once when the arena goes.
class NodeArena {
 public:
  explicit NodeArena(std::size_t first_chunk) : upstream_(first_chunk), next_chunk_(first_chunk) {}
  NodeArena(const NodeArena&) = delete;
  NodeArena& operator=(const NodeArena&) = delete;

  /// `bytes` > 0; `alignment` a power of two no larger than max_align_t's.
  void* allocate(std::size_t bytes, std::size_t alignment) {
    const auto at = (current_ + (alignment - 1)) & ~static_cast<std::uintptr_t>(alignment - 1);
    if (at <= end_ && bytes <= end_ - at) {
      current_ = at + bytes;
      return reinterpret_cast<void*>(at);
    }
    return allocate_in_new_chunk(bytes, alignment);
  }

 private:
  void* allocate_in_new_chunk(std::size_t bytes, std::size_t alignment);

  std::pmr::monotonic_buffer_resource upstream_;
  std::size_t next_chunk_;
  std::uintptr_t current_ = 0;
  std::uintptr_t end_ = 0;
};

}  // namespace bulwark::doc
