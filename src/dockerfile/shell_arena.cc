#include "dockerfile/shell_arena.h"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace bulwark::dockerfile {

ShellArena::ShellArena(ShellArena&& other) noexcept
    : blocks_(std::move(other.blocks_)),
      free_(std::exchange(other.free_, nullptr)),
      left_(std::exchange(other.left_, 0)) {}

ShellArena& ShellArena::operator=(ShellArena&& other) noexcept {
  blocks_ = std::move(other.blocks_);
  free_ = std::exchange(other.free_, nullptr);
  left_ = std::exchange(other.left_, 0);
  return *this;
}

void* ShellArena::allocate(std::size_t bytes, std::size_t align) {
  std::size_t pad = (align - reinterpret_cast<std::uintptr_t>(free_) % align) % align;
  if (bytes + pad > left_) {
    // A RUN's script, its rewritten words and its commands share a block; a long script gets its own.
    // Blocks come from new[], aligned for any type.
    constexpr std::size_t kBlock = 4096;
    const std::size_t size = std::max(bytes, kBlock);
    blocks_.push_back(std::make_unique_for_overwrite<std::byte[]>(size));
    free_ = blocks_.back().get();
    left_ = size;
    pad = 0;
  }
  std::byte* room = free_ + pad;
  free_ = room + bytes;
  left_ -= pad + bytes;
  return room;
}

std::string_view ShellArena::keep(std::string_view bytes) {
  if (bytes.empty()) return {};
  char* room = static_cast<char*>(allocate(bytes.size(), 1));
  std::memcpy(room, bytes.data(), bytes.size());
  return {room, bytes.size()};
}

}  // namespace bulwark::dockerfile
